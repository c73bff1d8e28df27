/**
 * Issue #29 item 12: the default progress folder of `--resume` sits in the shared temp folder under
 * a name anyone can guess. One that another user made (or anyone may write to) is not trusted: a
 * progress file in it claiming every file done skips nothing, and nothing is written there.
 * `TMPDIR` points each CLI at the test's own folder, so the real temp folder is never touched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MockServer } from '../../src/mock';
import { defaultProgressFile, localDay } from '../../src/batch/progress';
import { runCli } from '../helpers/cli';
import { TOKEN_PATH, withMock, withTempDir, writeEnv } from '../helpers/env';

const IS_ROOT = process.getuid?.() === 0;
/** `nobody`, the other local user of these tests (see helpers/nobody.ts). */
const NOBODY = 65534;

/** Two environment files on `mock`, in `dir`, by absolute path. */
function twoEnvs(mock: MockServer, dir: string): string[] {
  return ['acme', 'beta'].map((name) =>
    writeEnv(dir, { origin: mock.url, tokens: mock.issueTokens() }, `${name}.postman_environment.json`),
  );
}

/**
 * Plants, under `tmp` as the CLI's temp folder, the default progress file of `command` over
 * `files`, saying each was done today; the folder gets `mode` and, when we are root and `foreign`,
 * nobody as owner. Returns the progress file.
 */
function plant(tmp: string, command: string, files: string[], mode: number, foreign: boolean): string {
  // The CLI's TMPDIR, for defaultProgressFile here (jest's process.env does not reach os.tmpdir()).
  const spy = jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
  let file: string;
  try {
    file = defaultProgressFile(command, files); // the CLI below runs in this process's cwd
  } finally {
    spy.mockRestore();
  }
  // Never touch the real temp folder: it is shared with every other process.
  if (path.dirname(path.dirname(file)) !== tmp) throw new Error(`${file} is not in ${tmp}`);
  fs.mkdirSync(path.dirname(file));
  const done = Object.fromEntries(files.map((f) => [f, 0]));
  fs.writeFileSync(file, `${JSON.stringify({ day: localDay(), command, done })}\n`);
  fs.chmodSync(path.dirname(file), mode);
  if (foreign && IS_ROOT) {
    fs.chownSync(file, NOBODY, NOBODY);
    fs.chownSync(path.dirname(file), NOBODY, NOBODY);
  }
  return file;
}

const cli = (args: string[], tmp: string) => runCli(args, { cwd: process.cwd(), env: { TMPDIR: tmp } });

describe('the default progress folder is trusted only when it is ours', () => {
  it('ours (0700): refresh --resume skips the files it lists (the planted file is the one the CLI reads)', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const files = twoEnvs(mock, dir);
        plant(dir, 'refresh', files, 0o700, false);
        const r = await cli(['refresh', '-e', ...files, '--resume'], dir);
        expect(r.stderr).toBe('');
        expect(r.stdout).toContain('0 refreshed, 2 skipped, 0 failed');
        expect(mock.requests(TOKEN_PATH)).toHaveLength(0);
      }),
    ));

  const untrusted: [string, boolean][] = [['writable by everyone (0777)', false]];
  // Only root can give a folder to another user.
  if (IS_ROOT) untrusted.push(["nobody's (and 0777)", true]);
  it.each(untrusted)(
    '%s: refresh --resume refreshes every file, warns once, writes nothing there',
    (_name, foreign) =>
      withMock({}, (mock) =>
        withTempDir(async (dir) => {
          const files = twoEnvs(mock, dir);
          const progress = plant(dir, 'refresh', files, 0o777, foreign);
          const before = fs.readFileSync(progress, 'utf8');
          const r = await cli(['refresh', '-e', ...files, '--resume'], dir);
          expect(r.code).toBe(0);
          expect(r.stdout).toContain('2 refreshed, 0 skipped, 0 failed');
          expect(mock.requests(TOKEN_PATH)).toHaveLength(2);
          const lines = r.stderr.trimEnd().split('\n');
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(
            new RegExp(
              `^anaf-postman: warning: progress folder ${path.dirname(progress)} ` +
                `(is writable by others \\(mode 777\\)|belongs to uid ${NOBODY}, not to this user \\(uid 0\\)): ` +
                'not trusted, every file is processed and no progress is kept',
            ),
          );
          expect(fs.readdirSync(path.dirname(progress))).toEqual([path.basename(progress)]);
          expect(fs.readFileSync(progress, 'utf8')).toBe(before);
        }),
      ),
  );

  it('a batch run --resume over a foreign folder runs every file', () =>
    withMock({}, (mock) =>
      withTempDir(async (dir) => {
        const files = twoEnvs(mock, dir);
        plant(dir, 'run', files, 0o777, true);
        const r = await cli(
          [
            'run',
            '-e',
            ...files,
            '--folder',
            'TestOauth hello',
            '--resume',
            '--report-dir',
            path.join(dir, 'r'),
          ],
          dir,
        );
        expect(r.code).toBe(0);
        expect(mock.requests().filter((q) => q.path.endsWith('/hello'))).toHaveLength(2);
        expect(r.stderr).toMatch(/^anaf-postman: warning: progress folder .* not trusted, [^\n]*\n$/);
      }),
    ));
});
