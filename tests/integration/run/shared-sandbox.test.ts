/**
 * Batch `run` reuses script sandboxes from file to file (issue #16): the results must be exactly
 * those of each file run on its own, each file's assertions must reach its own report, and no
 * global a script leaves behind may reach the next company.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBatch } from '../../../src/run/batch';
import { run, type RunOptions } from '../../../src/run/run';
import { sharedSandboxStats, shareSandboxes } from '../../../src/run/shared-sandbox';
import { useMock, useTempDir, writeEnv } from '../../helpers/env';
import { at } from '../../helpers/checked';

const mock = useMock();
const tmp = useTempDir();
const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };
const CIFS = ['1001', '1002', '1003', '1004', '1005'];

function companies(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return CIFS.map((cif) =>
    writeEnv(dir, { origin: mock().url, tokens: mock().issueTokens(), vars: { cif } }, `c${cif}.json`),
  );
}

/**
 * A collection whose one request counts, in an undeclared (sloppy) global, how many runs its
 * script has seen, changes two built-ins and checks an earlier run's changes are gone, and fails
 * for company 1003 only.
 */
function probeCollection(dir: string): string {
  const file = path.join(dir, 'probe.postman_collection.json');
  const collection = {
    info: {
      name: 'probe',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'probe',
        event: [
          {
            listen: 'prerequest',
            script: {
              type: 'text/javascript',
              exec: [
                "seen = typeof seen === 'undefined' ? 1 : seen + 1;",
                "changed = [[].probeMark, JSON.stringify(2), _.probeMark, require('lodash').probeMark].join();",
                'Array.prototype.probeMark = 1;',
                'JSON.stringify = () => "changed";',
                "_.probeMark = require('lodash').probeMark = 1;",
              ],
            },
          },
          {
            listen: 'test',
            script: {
              type: 'text/javascript',
              exec: [
                "pm.test('no global from an earlier company', () => pm.expect(seen).to.equal(1));",
                "pm.test('no built-in or library changed by an earlier company', () => pm.expect(changed).to.equal(',2,,'));",
                "pm.test('company ' + pm.environment.get('cif'), () => pm.expect(pm.environment.get('cif')).to.not.equal('1003'));",
              ],
            },
          },
        ],
        request: { method: 'GET', url: '{{oauthBaseUrl}}/anaf-oauth2/v1/authorize' },
      },
    ],
  };
  fs.writeFileSync(file, JSON.stringify(collection));
  return file;
}

describe('batch run on reused sandboxes', () => {
  it('gives each file the results it gets alone, on fewer sandboxes than files', async () => {
    const alone: number[][] = [];
    for (const file of companies(path.join(tmp(), 'alone'))) {
      const s = await run({ ...FAST, environment: file, folders: ['e-Factura'], reportDir: tmp() });
      alone.push([s.exitCode, s.requests, s.skipped, s.assertions, s.failures.length]);
    }
    const before = sharedSandboxStats();
    // Running alone uses Newman's own sandbox: nothing was shared.
    expect(before.runs).toBe(0);
    companies(path.join(tmp(), 'batch'));
    const summary = await runBatch({
      ...FAST,
      environments: path.join(tmp(), 'batch', 'c*.json'),
      folders: ['e-Factura'],
      concurrency: 2,
      reportDir: path.join(tmp(), 'reports'),
      progressFile: path.join(tmp(), 'progress.json'),
    });
    const batch = summary.results.map((r) => [r.exitCode, r.requests, r.skipped, r.assertions, r.failed]);
    expect(batch).toEqual(alone);
    expect(at(batch, 0)[3]).toBeGreaterThan(10);
    const after = sharedSandboxStats();
    expect(after.runs - before.runs).toBe(CIFS.length);
    expect(after.sandboxes - before.sandboxes).toBeLessThanOrEqual(2);
  });

  it("keeps each file's assertions in its own report and no script global across files", async () => {
    const collection = probeCollection(tmp());
    companies(path.join(tmp(), 'probe'));
    const summary = await runBatch({
      ...FAST,
      collection,
      environments: path.join(tmp(), 'probe', 'c*.json'),
      concurrency: 2,
      reportDir: path.join(tmp(), 'reports'),
      progressFile: path.join(tmp(), 'progress.json'),
    });
    const outcomes = summary.results.map((r) => [path.basename(r.file), r.assertions, r.failed, r.message]);
    expect(outcomes).toEqual(
      CIFS.map((cif) => [
        `c${cif}.json`,
        3,
        cif === '1003' ? 1 : 0,
        cif === '1003' ? "probe: company 1003: expected '1003' to not equal '1003'" : undefined,
      ]),
    );
  });

  // What company 1001's script leaves, and how company 1002's script would read it.
  it.each([
    [
      'a non-configurable property on Object.prototype',
      "Object.defineProperty(Object.prototype, 'mark', { value: cif });",
      '({}).mark',
    ],
    ['a non-configurable property on lodash', "Object.defineProperty(_, 'mark', { value: cif });", '_.mark'],
    [
      'a non-configurable global',
      "Object.defineProperty(Function('return this')(), 'mark', { value: cif });",
      "typeof mark === 'undefined' ? undefined : mark",
    ],
    ['a static on Buffer', 'Buffer.mark = cif;', 'Buffer.mark'],
    ['a property one level inside a library', 'CryptoJS.enc.mark = cif;', 'CryptoJS.enc.mark'],
    [
      "a property on pm.environment's class",
      'Object.getPrototypeOf(pm.environment).mark = cif;',
      'pm.environment.mark',
    ],
    ["the iterators' prototype", 'Object.getPrototypeOf([].values()).mark = cif;', '[].values().mark'],
    [
      'a global hidden from the realm’s own Reflect',
      "mark = cif; const own = Reflect.ownKeys; Reflect.ownKeys = (o) => own(o).filter((k) => k !== 'mark');",
      "typeof mark === 'undefined' ? undefined : mark",
    ],
  ])('%s does not reach the next company', async (_what, write, read) => {
    const file = path.join(tmp(), 'leave.postman_collection.json');
    const pre = [
      "var cif = pm.environment.get('cif');",
      `pm.environment.set('seen', String(${read}));`,
      `if (cif === '1001') { ${write} }`,
    ];
    const test = [
      "pm.test('saw ' + pm.environment.get('seen'), () => pm.expect(pm.environment.get('seen')).to.equal('undefined'));",
    ];
    fs.writeFileSync(
      file,
      JSON.stringify({
        info: {
          name: 'leave',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item: [
          {
            name: 'leave',
            event: [
              { listen: 'prerequest', script: { type: 'text/javascript', exec: pre } },
              { listen: 'test', script: { type: 'text/javascript', exec: test } },
            ],
            request: { method: 'GET', url: '{{oauthBaseUrl}}/anaf-oauth2/v1/authorize' },
          },
        ],
      }),
    );
    const dir = path.join(tmp(), 'leave');
    fs.mkdirSync(dir, { recursive: true });
    for (const cif of ['1001', '1002']) {
      writeEnv(dir, { origin: mock().url, tokens: mock().issueTokens(), vars: { cif } }, `c${cif}.json`);
    }
    const summary = await runBatch({
      ...FAST,
      collection: file,
      environments: path.join(dir, 'c*.json'),
      concurrency: 1,
      reportDir: path.join(tmp(), 'reports'),
      progressFile: path.join(tmp(), 'progress.json'),
    });
    expect(summary.results.map((r) => [r.assertions, r.failed, r.message])).toEqual([
      [1, 0, undefined],
      [1, 0, undefined],
    ]);
  });

  it('builds a sandbox per file, as Newman, with isolateScripts', async () => {
    const collection = probeCollection(tmp());
    companies(path.join(tmp(), 'isolated'));
    const before = sharedSandboxStats();
    const summary = await runBatch({
      ...FAST,
      collection,
      environments: path.join(tmp(), 'isolated', 'c*.json'),
      isolateScripts: true,
      reportDir: path.join(tmp(), 'reports'),
      progressFile: path.join(tmp(), 'progress.json'),
    });
    expect(summary.results.map((r) => r.failed)).toEqual(CIFS.map((cif) => (cif === '1003' ? 1 : 0)));
    expect(sharedSandboxStats()).toEqual(before);
  });

  it('gives Newman back its own sandboxes when the batch ends', async () => {
    const sharing = shareSandboxes();
    expect(sharing.on).toBe(true);
    sharing.release();
    const before = sharedSandboxStats();
    const file = at(companies(path.join(tmp(), 'after')), 0);
    const s = await run({ ...FAST, environment: file, folders: ['OAuth 2.0'], reportDir: tmp() });
    expect(s.exitCode).toBe(0);
    expect(sharedSandboxStats()).toEqual(before);
  });
});
