/**
 * The Received invoices folder of the committed collection, through Newman against the mock: it
 * walks every page by its own count (not ANAF's index_pagina_curenta), stops on an empty page,
 * fetches each listed message once and leaves out what receivedSkipIds names.
 */
import { Paths, ReceivedVar } from '../../../src/anaf';
import { run, type RunOptions } from '../../../src/run/run';
import { useMock, useTempDir, writeEnv } from '../../helpers/env';

const LIST = `${Paths.efactura('prod')}/listaMesajePaginatieFactura`;
const DOWNLOAD = `${Paths.efactura('prod')}/descarcare`;
const FOLDER = 'Received invoices';
const LIST_REQUEST = 'List received messages (every page)';
const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 2000, timeoutRequestMs: 10_000 };

const mock = useMock({ received: { count: 1010, seed: 11 } });
const tmp = useTempDir();

function env(vars: Record<string, string> = {}): string {
  return writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens(), vars });
}

/** The first page as the mock answers it, for a fault that changes one field. */
async function firstPage(): Promise<Record<string, unknown>> {
  const q = new URLSearchParams({
    startTime: String(Date.now() - 59 * 86_400_000),
    endTime: String(Date.now() - 60_000),
    cif: '12345674',
    pagina: '1',
    filtru: 'P',
  });
  const res = await fetch(`${mock().url}${LIST}?${q}`, {
    headers: { Authorization: `Bearer ${mock().issueTokens().access_token}` },
  });
  return (await res.json()) as Record<string, unknown>;
}

const pagesAsked = () =>
  mock()
    .requests(LIST)
    .map((r) => r.query.pagina);

describe('the Received invoices folder', () => {
  it('walks every page by its own count even when index_pagina_curenta says the last page came first', async () => {
    const page = await firstPage();
    mock().reset();
    // An ERP-style answer: page 1 claims to be page 3 of 3.
    mock().script(LIST, { body: { ...page, index_pagina_curenta: 3 } });
    const summary = await run({ ...FAST, environment: env(), folders: [LIST_REQUEST] });
    expect(summary.exitCode).toBe(0);
    expect(pagesAsked()).toEqual(['1', '2', '3']);
    // Every page of one walk asks for the same window and filter.
    const asked = mock().requests(LIST);
    expect(new Set(asked.map((r) => `${r.query.startTime}-${r.query.endTime}-${r.query.filtru}`)).size).toBe(
      1,
    );
    expect(asked[0]?.query.filtru).toBe('P');
    expect(Number(asked[0]?.query.startTime)).toBeLessThan(Date.now() - 59.9 * 86_400_000);
  });

  it('stops at an empty page, whatever numar_total_pagini says', async () => {
    const page = await firstPage();
    mock().reset();
    mock().script(LIST, { body: page }, { body: { ...page, mesaje: [], numar_inregistrari_in_pagina: 0 } });
    const summary = await run({ ...FAST, environment: env(), folders: [LIST_REQUEST] });
    expect(summary.exitCode).toBe(0);
    expect(pagesAsked()).toEqual(['1', '2']);
  });

  it('downloads each listed message once, leaving out receivedSkipIds; the environment keeps its own values', async () => {
    const page = await firstPage();
    const mesaje = (page.mesaje as { id: string }[]).slice(0, 20);
    const ids = mesaje.map((m) => m.id);
    mock().reset();
    // One page of 20 (ANAF says one page), its first five messages already kept elsewhere, one twice.
    mock().script(LIST, { body: { ...page, mesaje: [...mesaje, mesaje[9]], numar_total_pagini: 1 } });
    const file = env({ listPage: '7', downloadId: '' });
    const summary = await run({
      ...FAST,
      environment: file,
      folders: [FOLDER],
      envVars: { [ReceivedVar.skipIds]: ids.slice(0, 5).join(',') },
    });
    expect(summary.failures).toEqual([]);
    const downloaded = mock()
      .requests(DOWNLOAD)
      .map((r) => r.query.id);
    expect(downloaded).toEqual(ids.slice(5));
    expect(pagesAsked()).toEqual(['1']);
    // Run-local shadows only: nothing of the walk was written back.
    expect(summary.changed).toEqual([]);
  });

  it('in a run with nothing received, lists once and skips the download', async () => {
    const summary = await run({ ...FAST, environment: env({ cif: '1006' }), folders: [FOLDER] });
    expect(summary.exitCode).toBe(0);
    expect(summary.requests).toBe(1);
    expect(summary.skipped).toBe(1);
  });
});
