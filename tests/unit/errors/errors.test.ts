/** Errors keep what they wrap, and the CLI names its flags where the library names its options. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AnafPostmanError, asAnafError, causeChain, optionError } from '../../../src/errors';

const BIN = path.resolve(__dirname, '../../../bin/anaf-postman.js');

describe('AnafPostmanError', () => {
  it('keeps the error it wraps as cause, and asAnafError wraps a bug as INTERNAL with it', () => {
    const bug = new RangeError('Invalid time value');
    const wrapped = asAnafError(bug, 'saving');
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('saving: Invalid time value');
    expect(wrapped.cause).toBe(bug);
    const known = new AnafPostmanError('USAGE', 'x');
    expect(asAnafError(known)).toBe(known);
  });

  it('causeChain lists every cause once, outermost first, and stops at a cycle', () => {
    const root = new Error('root');
    const middle = new AnafPostmanError('UNAVAILABLE', 'middle', undefined, { cause: root });
    const top = new AnafPostmanError('INTERNAL', 'top', undefined, { cause: middle });
    expect(causeChain(top)).toEqual([top, middle, root]);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeChain(b)).toEqual([b, a]);
  });

  it('optionError names the library option and records it', () => {
    const err = optionError('USAGE', 'reportDir', 'empty');
    expect(err.message).toBe('reportDir: empty');
    expect(err.details).toEqual({ option: 'reportDir' });
  });
});

describe('the CLI', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

  it('shows an option error with its flag, in one line', () => {
    const r = cli(['generate', '--client-auth', 'digest', '--check']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('anaf-postman: --client-auth: "digest" is not accepted; use basic or body\n');
  });

  it('prints the cause chain with ANAF_POSTMAN_DEBUG=1', () => {
    const r = cli(['status', '-e', path.join(__dirname, 'no-such-file.json')], { ANAF_POSTMAN_DEBUG: '1' });
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^anaf-postman: /);
    expect(r.stderr).toMatch(/at .*\.js:\d+/);
  });
});
