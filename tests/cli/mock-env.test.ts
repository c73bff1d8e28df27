/**
 * `anaf-postman mock-env` (issue #27): CI against the mock gets a ready environment with tokens,
 * without a browser; it never approves anything but the local mock, and never replaces a file that
 * points at ANAF.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { TOKEN_PATH, expectOneErrorLine, modeOf, readVars, useMock, useTempDir } from '../helpers/env';

const mock = useMock();
const tmp = useTempDir();

describe('anaf-postman mock-env', () => {
  it('writes the mock environment with working tokens; run takes it as it is', async () => {
    const file = path.join(tmp(), 'mock.json');
    const r = await runCli(['mock-env', '--out', file, '--mock-url', mock().url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote .*mock\.json: the mock at http:\/\/127\.0\.0\.1:\d+, tokens from its consent/,
    );
    const vars = readVars(file);
    expect(vars.oauthBaseUrl).toBe(`${mock().url}/anaf-oauth2/v1`);
    expect(vars.efacturaBaseUrl?.startsWith(mock().url)).toBe(true);
    expect(vars.accessToken).not.toBe('');
    expect(vars.refreshToken).not.toBe('');
    expect(modeOf(file)).toBe(0o600);
    // One code exchanged: the consent was approved and the code used at once.
    expect(mock().requests(TOKEN_PATH)).toHaveLength(1);

    const run = await runCli(['run', '-e', file, '--folder', 'TestOauth hello']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // Again (a CI job rerun): the mock environment it wrote is replaced.
    const again = await runCli(['mock-env', '--out', file, '--mock-url', mock().url]);
    expect(again.code).toBe(0);
    expect(readVars(file).accessToken).not.toBe(vars.accessToken);
  });

  it('never replaces an environment that points at ANAF', async () => {
    const file = path.join(tmp(), 'acme.json');
    const prod = path.join(__dirname, '..', '..', 'environments', 'anaf-prod.postman_environment.json');
    fs.copyFileSync(prod, file);
    const before = fs.readFileSync(file, 'utf8');
    const r = await runCli(['mock-env', '--out', file, '--mock-url', mock().url]);
    expect(r.code).toBe(2);
    expect(expectOneErrorLine(r.stderr)).toMatch(
      /--out: .*acme\.json exists and is not a mock environment \(oauthBaseUrl https:\/\/logincert\.anaf\.ro/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(mock().requests()).toEqual([]);
  });

  it.each([
    ['https://logincert.anaf.ro', /--mock-url: "https:\/\/logincert\.anaf\.ro" is not the mock's address/],
    ['http://example.com:3003', /never ANAF/],
  ])('refuses --mock-url %s (approves only the local mock)', async (url, why) => {
    const file = path.join(tmp(), 'x.json');
    const r = await runCli(['mock-env', '--out', file, '--mock-url', url]);
    expect(r.code).toBe(2);
    expect(expectOneErrorLine(r.stderr)).toMatch(why);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('no mock within --wait → exit 4 saying to start it, nothing written', async () => {
    const file = path.join(tmp(), 'x.json');
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const r = await runCli(['mock-env', '--out', file, '--mock-url', url, '--wait', '1s']);
    expect(r.code).toBe(4);
    expect(expectOneErrorLine(r.stderr)).toMatch(
      /no mock answered at .* within 1 s .*start it first: anaf-postman mock$/,
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});
