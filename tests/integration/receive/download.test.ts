/**
 * `download()` against the mock's received traffic: each message kept once across runs, in folders
 * a person reads; ANAF's limits named (10 downloads a day, 60 days, the firewall); E messages read
 * in ANAF's words; a disk that fills up leaves nothing half-written; companies share one rate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths } from '../../../src/anaf';
import { isAnafError } from '../../../src/errors';
import type { MockServer } from '../../../src/mock';
import { download, type DownloadOptions } from '../../../src/receive/download';
import type { KeptMessage } from '../../../src/receive/folder';
import { readZip } from '../../../src/receive/zip';
import { rejection } from '../../helpers/errors';
import { readVars, startTestMock, useTempDir, writeEnv } from '../../helpers/env';

const CIF = MOCK_DEMO_CLIENT.cif;
const LIST = `${Paths.efactura('prod')}/listaMesajePaginatieFactura`;
const DOWNLOAD = `${Paths.efactura('prod')}/descarcare`;
/** Received invoices of the company: 20 is the fewest that also brings an error message (one per 20), and credit notes. */
const COUNT = 20;
const FAST: Partial<DownloadOptions> = {
  baseDelayMs: 5,
  timeoutMs: 2000,
  timeoutRequestMs: 10_000,
  rate: { limit: 100_000, windowMs: 1000 },
};
jest.setTimeout(120_000);

let mock: MockServer;
beforeAll(async () => {
  mock = await startTestMock({ received: { count: COUNT, seed: 5 } });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());
const tmp = useTempDir();

function setUp(vars: Record<string, string> = {}): { env: string; out: string } {
  const out = path.join(tmp(), 'out');
  fs.mkdirSync(out, { recursive: true });
  return { env: writeEnv(tmp(), { origin: mock.url, tokens: mock.issueTokens(), vars }), out };
}

const downloads = () => mock.requests(DOWNLOAD).map((r) => r.query.id ?? '');

async function listed(filtru = 'P'): Promise<{ id: string; data_creare: string }[]> {
  const q = new URLSearchParams({
    startTime: String(Date.now() - 59.9 * 86_400_000),
    endTime: String(Date.now() - 60_000),
    cif: CIF,
    pagina: '1',
    filtru,
  });
  const res = await fetch(`${mock.url}${LIST}?${q}`, {
    headers: { Authorization: `Bearer ${mock.issueTokens().access_token}` },
  });
  return ((await res.json()) as { mesaje: { id: string; data_creare: string }[] }).mesaje;
}

function tree(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split(path.sep).join('/'))
    .sort();
}

describe('download', () => {
  it('keeps every received invoice once, in folders named for people, with an index; a second run downloads none', async () => {
    const { env, out } = setUp();
    const first = await download({ ...FAST, environments: env, out });
    const result = first.results[0];
    expect(first.exitCode).toBe(0);
    expect(result).toMatchObject({
      cif: CIF,
      outcome: 'done',
      listed: COUNT,
      new: COUNT,
      already: 0,
      failed: 0,
    });
    expect(downloads()).toHaveLength(COUNT);
    expect(new Set(downloads()).size).toBe(COUNT);

    const company = path.join(out, CIF);
    const folders = fs.readdirSync(company).filter((n) => /_id\d+$/.test(n));
    expect(folders).toHaveLength(COUNT);
    for (const name of folders) {
      expect(name).toMatch(/^\d{4}-\d{2}-\d{2}_primita(-storno)?_\d+_[A-Za-z0-9.-]+_[A-Za-z0-9.-]+_id\d+$/);
      const kept = JSON.parse(
        fs.readFileSync(path.join(company, name, 'message.json'), 'utf8'),
      ) as KeptMessage;
      const files = fs.readdirSync(path.join(company, name)).sort();
      expect(files).toEqual(
        [kept.files.zip, kept.files.message, kept.files.signature, 'message.json'].sort() as string[],
      );
      // The ZIP as ANAF sent it; the XML and signature taken out of it, named as ANAF named them.
      const entries = readZip(fs.readFileSync(path.join(company, name, kept.files.zip)));
      expect(entries.map((e) => e.name)).toEqual([
        `${kept.uploadIndex}.xml`,
        `semnatura_${kept.uploadIndex}.xml`,
      ]);
      expect(fs.readFileSync(path.join(company, name, `${kept.uploadIndex}.xml`))).toEqual(entries[0]?.data);
      expect(kept.type).toBe('FACTURA PRIMITA');
      expect(kept.document?.supplier.cif).toBe(kept.issuer);
      expect(name).toContain(`_${kept.issuer}_`);
      expect(name.endsWith(`_id${kept.downloadId}`)).toBe(true);
    }
    const index = JSON.parse(fs.readFileSync(path.join(company, 'index.json'), 'utf8')) as {
      cif: string;
      count: number;
      messages: KeptMessage[];
    };
    expect(index).toMatchObject({ cif: CIF, count: COUNT });
    expect(index.messages.map((m) => m.folder).sort()).toEqual([...folders].sort());
    const csv = fs.readFileSync(path.join(company, 'index.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'created,type,supplier_cif,supplier_name,customer_cif,customer_name,number,issue_date,currency,total,upload_index,download_id,errors,folder',
    );
    expect(csv).toHaveLength(COUNT + 1);
    // A supplier name with a quote is quoted as CSV quotes it.
    const snapshot = tree(out).map((p) => [
      p,
      fs.statSync(path.join(out, p)).isFile() ? fs.readFileSync(path.join(out, p)).toString('base64') : '',
    ]);

    mock.reset();
    const second = await download({ ...FAST, environments: env, out });
    expect(second.results[0]).toMatchObject({
      outcome: 'done',
      listed: COUNT,
      new: 0,
      already: COUNT,
      failed: 0,
    });
    expect(downloads()).toEqual([]);
    expect(
      tree(out).map((p) => [
        p,
        fs.statSync(path.join(out, p)).isFile() ? fs.readFileSync(path.join(out, p)).toString('base64') : '',
      ]),
    ).toEqual(snapshot);
  });

  it("an error message's ZIP is read: ANAF's words in the result and in the index", async () => {
    const { env, out } = setUp();
    const summary = await download({ ...FAST, environments: env, out, filter: 'E' });
    const result = summary.results[0];
    expect(result?.outcome).toBe('done');
    expect(result?.new).toBeGreaterThan(0);
    expect(result?.errors.length).toBe(result?.new);
    for (const e of result?.errors ?? []) {
      expect(e.messages.length).toBeGreaterThan(0);
      for (const m of e.messages) expect(m).toMatch(/^E: validari globale {2}SCHEMATRON {3}eroare: \[BR-/);
    }
    const index = JSON.parse(fs.readFileSync(path.join(out, CIF, 'index.json'), 'utf8')) as {
      messages: KeptMessage[];
    };
    expect(index.messages.every((m) => m.type === 'ERORI FACTURA' && (m.errors ?? []).length > 0)).toBe(true);
    expect(index.messages.every((m) => /_erori_index\d+_id\d+$/.test(m.folder))).toBe(true);
  });

  it("the firewall's page is named with its support ID (exit 4); the next run gets the message", async () => {
    const { env, out } = setUp();
    mock.script(DOWNLOAD, { firewallSupportId: '4242' });
    const first = await download({ ...FAST, environments: env, out, days: 10 });
    const result = first.results[0];
    expect(result).toMatchObject({ outcome: 'incomplete', exitCode: 4, code: 'UNAVAILABLE', failed: 1 });
    expect(result?.failures[0]?.reason).toMatch(/firewall.*support ID 4242/);
    const second = await download({ ...FAST, environments: env, out, days: 10 });
    expect(second.results[0]).toMatchObject({ outcome: 'done', new: 1, failed: 0 });
  });

  it('a disk that fills up stops the company: nothing half-written, what was kept is whole, the next run goes on', async () => {
    const { env, out } = setUp();
    // The seam: every write after the first 9 fails with ENOSPC (3 messages of 4 files, the 4th's ZIP).
    process.env.ANAF_POSTMAN_TEST_ENOSPC_AFTER = '9';
    let summary;
    try {
      summary = await download({ ...FAST, environments: env, out, concurrency: 1 });
    } finally {
      delete process.env.ANAF_POSTMAN_TEST_ENOSPC_AFTER;
    }
    const result = summary.results[0];
    expect(result).toMatchObject({ outcome: 'error', exitCode: 2, code: 'WRITE_FAILED' });
    expect(result?.message).toMatch(/ENOSPC \(the disk is full\).*nothing half-written/);
    const company = path.join(out, CIF);
    const names = fs.readdirSync(company);
    expect(names.filter((n) => n.startsWith('.partial-') || n.endsWith('.tmp'))).toEqual([]);
    for (const name of names.filter((n) => /_id\d+$/.test(n))) {
      expect(fs.readdirSync(path.join(company, name))).toContain('message.json');
    }
    const after = await download({ ...FAST, environments: env, out });
    expect(after.results[0]).toMatchObject({ outcome: 'done', failed: 0, listed: COUNT });
    expect(fs.readdirSync(company).filter((n) => /_id\d+$/.test(n))).toHaveLength(COUNT);
  });

  it('--pdf: each invoice also as ANAF’s PDF, FCN for a credit note, FACT1 for an invoice', async () => {
    const { env, out } = setUp();
    const summary = await download({ ...FAST, environments: env, out, pdf: true });
    expect(summary.results[0]).toMatchObject({ outcome: 'done', new: COUNT });
    const index = JSON.parse(fs.readFileSync(path.join(out, CIF, 'index.json'), 'utf8')) as {
      messages: KeptMessage[];
    };
    for (const m of index.messages) {
      expect(m.files.pdf).toBe(`${m.uploadIndex}.pdf`);
      expect(
        fs
          .readFileSync(path.join(out, CIF, m.folder, m.files.pdf ?? ''))
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    const standards = mock
      .requests()
      .filter((r) => r.path.includes('/transformare/'))
      .map((r) => r.path.split('/').slice(-2).join('/'));
    const credit = index.messages.filter((m) => m.document?.root === 'CreditNote').length;
    expect(credit).toBeGreaterThan(0);
    expect(standards.filter((s) => s === 'FCN/DA')).toHaveLength(credit);
    expect(standards.filter((s) => s === 'FACT1/DA')).toHaveLength(COUNT - credit);
  });

  it('an expired access token is refreshed first and the rotated pair saved, as run saves it', async () => {
    const out = path.join(tmp(), 'out');
    fs.mkdirSync(out);
    const env = writeEnv(tmp(), { origin: mock.url, tokens: mock.issueTokens({ accessTtlSeconds: -60 }) });
    const before = readVars(env);
    const summary = await download({ ...FAST, environments: env, out, days: 5 });
    expect(summary.results[0]?.outcome).toBe('done');
    const after = readVars(env);
    expect(mock.requests(Paths.token)).toHaveLength(1);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    // Nothing of the walk reached the file.
    expect(Object.keys(after).filter((k) => k.startsWith('received') && k !== 'receivedFilter')).toEqual([]);
  });

  it('refuses bad input before anything is sent', async () => {
    const { env, out } = setUp();
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, 'x');
    const cases: [Partial<DownloadOptions>, RegExp][] = [
      [{ out: path.join(tmp(), 'missing') }, /^out: no such folder .*missing; create it first$/],
      [{ out: file }, /^out: .*a-file is a file, not a folder$/],
      [{ filter: 'X' as 'P' }, /^filter: "X" is not one of E, T, P, R$/],
      [{ days: 61 }, /^days: must be a whole number from 1 to 60/],
    ];
    for (const [options, message] of cases) {
      const err = await rejection(download({ ...FAST, environments: env, out, ...options }));
      expect(isAnafError(err, 'USAGE')).toBe(true);
      expect(err.message).toMatch(message);
    }
    expect(mock.requests()).toEqual([]);
    const noCif = setUp({ cif: '' });
    const summary = await download({ ...FAST, environments: noCif.env, out });
    expect(summary.results[0]).toMatchObject({
      outcome: 'error',
      exitCode: 2,
      message: expect.stringMatching(/cif is empty/),
    });
  });
});

describe('download: ANAF refused a message today', () => {
  // A mock of its own: the message's daily quota stays used up for the rest of the day.
  let shared: MockServer;
  beforeAll(() => {
    shared = mock;
  });
  beforeAll(async () => {
    mock = await startTestMock({ received: { count: 40, seed: 6 } });
  });
  afterAll(async () => {
    await mock.close();
    mock = shared;
  });

  it('a message ANAF refused today (10 downloads) is named, not retried today; one near its 60 days is warned about', async () => {
    const oldest = (await listed()).at(-1);
    if (!oldest) throw new Error('no message');
    for (let i = 0; i < 10; i++) {
      await fetch(`${mock.url}${DOWNLOAD}?id=${oldest.id}`, {
        headers: { Authorization: `Bearer ${mock.issueTokens().access_token}` },
      });
    }
    mock.reset();
    const { env, out } = setUp();
    const first = await download({ ...FAST, environments: env, out });
    const result = first.results[0];
    expect(result).toMatchObject({ outcome: 'incomplete', exitCode: 1, new: 39, failed: 1, notToday: 1 });
    expect(result?.failures).toEqual([
      {
        downloadId: oldest.id,
        reason: expect.stringMatching(/^not retried today: .*S-au facut deja 10 descarcari/),
      },
    ]);
    expect(result?.warnings).toEqual([expect.stringMatching(new RegExp(`older than 55 days.*${oldest.id}`))]);
    expect(fs.existsSync(path.join(out, CIF, '.not-today.json'))).toBe(true);

    mock.reset();
    const again = await download({ ...FAST, environments: env, out });
    expect(downloads()).toEqual([]);
    expect(again.results[0]).toMatchObject({
      outcome: 'incomplete',
      new: 0,
      already: 39,
      failed: 1,
      notToday: 1,
    });
    expect(again.results[0]?.failures[0]?.reason).toMatch(/^not retried today/);
  });
});

describe('download: many companies', () => {
  const CIFS = ['1006', '1014', '1022'];
  let many: MockServer;
  beforeAll(async () => {
    many = await startTestMock({ received: CIFS.map((cif, i) => ({ count: 10, cif, seed: 20 + i })) });
  });
  afterAll(() => many.close());

  it('one process, one rate limit for every company, each company its own folder', async () => {
    const out = path.join(tmp(), 'out');
    fs.mkdirSync(out);
    const envs = CIFS.map((cif) =>
      writeEnv(tmp(), { origin: many.url, tokens: many.issueTokens(), vars: { cif } }, `c${cif}.json`),
    );
    const limit = 20;
    const started = Date.now();
    const summary = await download({
      ...FAST,
      environments: path.join(tmp(), 'c*.json'),
      out,
      concurrency: 3,
      rate: { limit, windowMs: 1000 },
    });
    expect(summary.exitCode).toBe(0);
    expect(summary.results.map((r) => [r.cif, r.new])).toEqual(CIFS.map((c) => [c, 10]));
    expect(fs.readdirSync(out).sort()).toEqual(CIFS);
    expect(envs).toHaveLength(3);
    // Never more than the limit in any second, as the mock counted them.
    const at = many
      .requests()
      .map((r) => r.at)
      .sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while ((at[i] ?? 0) - (at[j] ?? 0) >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(limit);
    expect(Date.now() - started).toBeGreaterThanOrEqual(((at.length - limit / 10) / limit) * 1000 * 0.9);
  });
});
