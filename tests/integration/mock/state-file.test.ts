/**
 * The mock's state file (`stateFile`): a restarted mock still knows the tokens it issued, the uploads
 * and its signing key; `freshState` starts clean; the file is 0600 and always whole; a file it cannot
 * read stops the start; a failed write is reported and the mock goes on. Without `stateFile` (the
 * library's default) nothing is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Paths } from '../../../src/anaf';
import { startMock, type MockServer } from '../../../src/mock';
import { bearer, call, DEMO, login, tokenRequest } from './helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-mock-state-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const open: MockServer[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});

let n = 0;
/** A state file path of its own, in a folder that does not exist yet. */
const freshPath = () => path.join(dir, `case-${++n}`, 'state.json');

async function start(stateFile: string, extra: Parameters<typeof startMock>[0] = {}): Promise<MockServer> {
  const m = await startMock({ port: 0, host: '127.0.0.1', stateFile, ...extra });
  open.push(m);
  return m;
}

async function stop(m: MockServer): Promise<void> {
  open.splice(open.indexOf(m), 1);
  await m.close();
}

const INVOICE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>S-1</cbc:ID></Invoice>\n';

describe('a restarted mock with its state file', () => {
  it('accepts the tokens, refreshes the refresh token, knows the uploads, keeps its key and ids', async () => {
    const file = freshPath();
    const first = await start(file);
    const pair = (await login(first)).json as { access_token: string; refresh_token: string };
    const ef = Paths.efactura('prod');
    const up = await call(first, `${ef}/upload?standard=UBL&cif=${DEMO.cif}`, {
      method: 'POST',
      headers: bearer(pair.access_token),
      body: INVOICE,
    });
    const index = /index_incarcare="(\d+)"/.exec(up.text)?.[1];
    const kid = (await call(first, '/__mock/jwks')).json.keys[0].kid as string;
    await stop(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const second = await start(file);
    const hello = await call(second, `${Paths.hello}?name=kept`, { headers: bearer(pair.access_token) });
    expect([hello.status, hello.text]).toEqual([200, 'Hello, "kept"']);
    const state = await call(second, `${ef}/stareMesaj?id_incarcare=${index}`, {
      headers: bearer(pair.access_token),
    });
    expect(state.text).toMatch(/stare="ok" id_descarcare="\d+"/);
    expect((await call(second, '/__mock/jwks')).json.keys[0].kid).toBe(kid);
    const again = await call(second, `${ef}/upload?standard=UBL&cif=${DEMO.cif}`, {
      method: 'POST',
      headers: bearer(pair.access_token),
      body: INVOICE,
    });
    expect(Number(/index_incarcare="(\d+)"/.exec(again.text)?.[1])).toBe(Number(index) + 1);
    const refreshed = await tokenRequest(second, {
      grant_type: 'refresh_token',
      refresh_token: pair.refresh_token,
    });
    expect(refreshed.status).toBe(200);
  });

  it('freshState forgets them: every earlier token is a 401 that says the mock forgot it', async () => {
    const file = freshPath();
    const first = await start(file);
    const token = first.issueTokens().access_token;
    await stop(first);
    const fresh = await start(file, { freshState: true });
    const res = await call(fresh, `${Paths.hello}?name=x`, { headers: bearer(token) });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(/did not issue it, or forgot it/);
    fresh.issueTokens();
    await stop(fresh);
    const after = await start(file);
    expect((await call(after, `${Paths.hello}?name=x`, { headers: bearer(token) })).status).toBe(401);
  });

  it('the file is always whole JSON, even under a burst of requests', async () => {
    const file = freshPath();
    const m = await start(file);
    await Promise.all(Array.from({ length: 20 }, () => call(m, '/__mock/tokens', { method: 'POST' })));
    await stop(m);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      format: string;
      tokens: { tokens: unknown[] };
    };
    expect(saved.format).toBe('anaf-postman mock state');
    expect(saved.tokens.tokens).toHaveLength(40);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });
});

describe('state files that cannot be used', () => {
  it.each([
    ['not JSON', '{', 'it is not JSON'],
    ['another JSON', '{"a":1}', 'it is not an anaf-postman mock state'],
    [
      'another version',
      '{"format":"anaf-postman mock state","version":99}',
      'it has version 99, this mock reads 1',
    ],
  ])('%s: the start fails with BAD_FILE naming the file', async (_name, text, reason) => {
    const file = freshPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    await expect(startMock({ port: 0, stateFile: file })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: `mock: the saved state ${file} cannot be used: ${reason}`,
      details: { file },
    });
  });

  it('a write that fails is reported, and the mock goes on serving', async () => {
    const file = freshPath();
    const warnings: string[] = [];
    const m = await start(file, { warn: (line) => warnings.push(line) });
    // Its folder becomes a file: no write can succeed (root ignores permission bits, this it cannot).
    fs.writeFileSync(path.dirname(file), 'not a folder');
    const token = m.issueTokens().access_token;
    expect((await call(m, `${Paths.hello}?name=still`, { headers: bearer(token) })).status).toBe(200);
    await stop(m);
    expect(warnings[0]).toMatch(/^mock: state not saved to .*state\.json: (ENOTDIR|EEXIST)$/);
  });
});

describe('without stateFile (the library default)', () => {
  it('writes nothing: tokens die with the mock', async () => {
    const before = fs.readdirSync(dir).sort();
    const m = await startMock({ port: 0 });
    const token = m.issueTokens().access_token;
    await m.close();
    const next = await startMock({ port: 0 });
    try {
      expect((await call(next, `${Paths.hello}?name=x`, { headers: bearer(token) })).status).toBe(401);
    } finally {
      await next.close();
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
