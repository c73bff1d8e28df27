/**
 * Environment files the store must not get wrong, through `run` (and `refreshFile`) against the
 * mock: a key given twice, disabled variables, the file's own layout, a byte-order mark, and a run
 * that changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { refreshFile } from '../../../src/tokens/refresh-file';
import { run, type RunOptions } from '../../../src/run/run';
import {
  envData,
  readEnv,
  refreshDirect,
  snapshotDir,
  useRecordingProxy,
  useMock,
  useTempDir,
  type EnvData,
  type EnvVariable,
} from '../../helpers/env';
import { at, defined, first } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';

const BOM = '\uFEFF';
const mock = useMock();
const tmp = useTempDir();
const proxyOf = useRecordingProxy(mock);

const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };

/** The mock environment with fresh tokens, changed by `edit`. */
function data(edit: (values: EnvVariable[]) => EnvVariable[] = (v) => v): EnvData {
  const d = envData({ origin: proxyOf().url, tokens: mock().issueTokens() });
  return { ...d, values: edit(d.values) };
}

/** Writes `text` as the environment file and returns its path. */
function writeText(text: string): string {
  const file = path.join(tmp(), 'env.postman_environment.json');
  fs.writeFileSync(file, text);
  return file;
}

/** A one-request collection: TestOauth hello, which echoes `name`, with no script. */
function helloCollection(name = 'anaf-postman'): string {
  const file = path.join(tmp(), 'hello.postman_collection.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      info: { name: 'hello', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'hello',
          request: {
            method: 'GET',
            url: `{{apiBaseUrl}}/TestOauth/jaxrs/hello?name=${name}`,
            header: [{ key: 'Authorization', value: 'Bearer {{accessToken}}' }],
          },
        },
      ],
    }),
  );
  return file;
}

const entry = (file: string, key: string) => readEnv(file).values.filter((v) => v.key === key);

describe('a variable given twice', () => {
  it('is refused before anything is sent: BAD_FILE naming the key, file unchanged', async () => {
    const d = data((values) => [
      ...values,
      { key: 'refreshToken', value: 'older', type: 'secret', enabled: false },
    ]);
    const file = writeText(`${JSON.stringify(d, null, 2)}\n`);
    const before = snapshotDir(tmp());
    const err = await rejection(run({ ...FAST, environment: file, folders: ['Refresh access token'] }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/duplicate variable refreshToken/);
    expect(mock().requests()).toHaveLength(0);
    expect(snapshotDir(tmp())).toEqual(before);
  });
});

describe('a member named twice in one object (#29 item 4)', () => {
  // JSON.parse reads the last member, a save splices into the first: with the live refresh token
  // last, the rotated one went where no reader looks (exit 0), and the next refresh sent the spent
  // one (invalid_grant: authorize again). Now the file is refused before anything is sent.
  const live = (text: string) => /"key": "refreshToken",\n\s*"value": "([^"]+)"/.exec(text)?.[1] ?? '';
  it.each([
    [
      'value',
      (text: string) =>
        text.replace('"key": "refreshToken",\n', '"key": "refreshToken",\n      "value": "stale",\n'),
    ],
    [
      'values',
      (text: string) => text.replace('{\n', '{\n  "values": [{"key": "refreshToken", "value": "stale"}],\n'),
    ],
    [
      'key',
      (text: string) =>
        text.replace('"key": "refreshToken",\n', '"key": "refreshTokenOld",\n      "key": "refreshToken",\n'),
    ],
  ])(
    '"%s" twice: BAD_FILE naming the member and its line and column, nothing sent, file unchanged',
    async (member, edit) => {
      const original = `${JSON.stringify(data(), null, 2)}\n`;
      const file = writeText(edit(original));
      const before = snapshotDir(tmp());
      for (const call of [
        () => refreshFile(file, FAST),
        () => run({ ...FAST, environment: file, folders: ['Refresh access token'] }),
      ]) {
        const err = await rejection(call());
        expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
        expect(err.message).toMatch(
          new RegExp(
            `: duplicate member "${member}" at line \\d+, column \\d+ \\(first at line \\d+, column \\d+\\); keep only one$`,
          ),
        );
        expect(err.message).not.toContain(live(original).slice(0, 12));
      }
      expect(mock().requests()).toHaveLength(0);
      expect(snapshotDir(tmp())).toEqual(before);
    },
  );
});

describe('disabled variables', () => {
  it('are never sent: Newman does not see them', async () => {
    const d = data((values) => [...values, { key: 'marker', value: 'disabled-value', enabled: false }]);
    const file = writeText(`${JSON.stringify(d, null, 2)}\n`);
    const summary = await run({ ...FAST, environment: file, collection: helloCollection('{{marker}}') });
    expect(summary.exitCode).toBe(0);
    const sent = mock().requests('/TestOauth/jaxrs/hello');
    expect(sent).toHaveLength(1);
    expect(first(sent).query.name).not.toBe('disabled-value');
  });

  it('an unchanged disabled variable is not reported as saved, and the file is not touched', async () => {
    const d = data((values) => [...values, { key: 'note', value: 'kept as it is', enabled: false }]);
    const file = writeText(`${JSON.stringify(d, null, 2)}\n`);
    const before = snapshotDir(tmp());
    const inode = fs.statSync(file).ino;
    const summary = await run({ ...FAST, environment: file, collection: helloCollection() });
    expect(summary.exitCode).toBe(0);
    expect(summary.changed).toEqual([]);
    fs.rmSync(path.join(tmp(), 'hello.postman_collection.json'));
    delete before['hello.postman_collection.json'];
    expect(snapshotDir(tmp())).toEqual(before);
    expect(fs.statSync(file).ino).toBe(inode);
  });

  it('a token saved into a disabled entry enables it, so the next run uses that token', async () => {
    // The access token entry is disabled (stale value): the run refreshes, and the new token must
    // land in that entry, enabled, or the next run would not see it and refresh again.
    const d = data((values) =>
      values.map((v) => (v.key === 'accessToken' ? { ...v, value: 'stale-access', enabled: false } : v)),
    );
    const file = writeText(`${JSON.stringify(d, null, 2)}\n`);
    const summary = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
    expect(summary.exitCode).toBe(0);
    const last = at(proxyOf().tokenAnswers, -1);
    expect(entry(file, 'accessToken')).toEqual([
      expect.objectContaining({ value: last.access_token, enabled: true, type: 'secret' }),
    ]);
    expect(entry(file, 'refreshToken')).toEqual([
      expect.objectContaining({ value: last.refresh_token, enabled: true }),
    ]);

    // The next run sends the saved access token and does not refresh again.
    const answers = proxyOf().tokenAnswers.length;
    const again = await run({ ...FAST, environment: file, folders: ['TestOauth hello'] });
    expect(again.exitCode).toBe(0);
    expect(proxyOf().tokenAnswers).toHaveLength(answers);
    const hellos = mock().requests('/TestOauth/jaxrs/hello');
    expect(at(hellos, -1).headers.authorization).toBe(`Bearer ${last.access_token}`);
  });
});

describe("the file's own layout", () => {
  it('a run that changes nothing leaves a 4-space CRLF file byte-identical (not even rewritten)', async () => {
    const text = JSON.stringify(data(), null, 4).replace(/\n/g, '\r\n');
    const file = writeText(text);
    const inode = fs.statSync(file).ino;
    const summary = await run({ ...FAST, environment: file, collection: helloCollection() });
    expect(summary.exitCode).toBe(0);
    expect(summary.changed).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.statSync(file).ino).toBe(inode);
  });

  it('a run that rotates the tokens keeps tab indentation, CRLF and the missing final newline', async () => {
    const file = writeText(JSON.stringify(data(), null, '\t').replace(/\n/g, '\r\n'));
    const summary = await run({ ...FAST, environment: file, folders: ['Refresh access token'] });
    expect(summary.exitCode).toBe(0);
    expect(summary.changed).toEqual(expect.arrayContaining(['accessToken', 'refreshToken']));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, '\t').replace(/\n/g, '\r\n'));
    const last = at(proxyOf().tokenAnswers, -1);
    expect(first(entry(file, 'refreshToken')).value).toBe(last.refresh_token);
  });
});

describe('a UTF-8 byte-order mark', () => {
  /** The file's variables, read past its byte-order mark. */
  const varsPastBom = (file: string): Record<string, string> => {
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw.startsWith(BOM)).toBe(true);
    const parsed = JSON.parse(raw.slice(BOM.length)) as EnvData;
    expect(raw).toBe(`${BOM}${JSON.stringify(parsed, null, 2)}\n`);
    return Object.fromEntries(parsed.values.map((v) => [v.key, String(v.value ?? '')]));
  };

  it('is accepted by run and kept through both saves (the pre-run refresh, then the run)', async () => {
    const d = envData({ origin: proxyOf().url, tokens: mock().issueTokens({ accessTtlSeconds: 60 }) });
    const file = writeText(`${BOM}${JSON.stringify(d, null, 2)}\n`);
    const summary = await run({ ...FAST, environment: file, folders: ['Refresh access token'] });
    expect(summary.exitCode).toBe(0);
    // One refresh before the run (the token expires within the skew), one by the request.
    expect(proxyOf().tokenAnswers).toHaveLength(2);
    const vars = varsPastBom(file);
    expect(vars.refreshToken).toBe(at(proxyOf().tokenAnswers, 1).refresh_token);
    expect(
      (await refreshDirect(mock().url, defined(vars.refreshToken, 'a saved refresh token'))).status,
    ).toBe(200);
  });

  it('is accepted by refreshFile and kept', async () => {
    const d = envData({ origin: mock().url, tokens: mock().issueTokens() });
    const file = writeText(`${BOM}${JSON.stringify(d, null, 2)}\n`);
    const result = await refreshFile(file, FAST);
    expect(result.outcome).toBe('refreshed');
    const vars = varsPastBom(file);
    expect(
      (await refreshDirect(mock().url, defined(vars.refreshToken, 'a saved refresh token'))).status,
    ).toBe(200);
  });
});
