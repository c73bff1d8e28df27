/**
 * Companies in one batch must not see each other (issues #26, #29 item 8). A batch runs many
 * environment files in one process; each file's scripts run in a sandbox of their own, so nothing
 * one company's scripts leave behind (a global, a changed built-in, a script library's state, a
 * variable, a header) may reach the next company's scripts or requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBatch } from '../../../src/run/batch';
import { run, type RunOptions } from '../../../src/run/run';
import { at } from '../../helpers/checked';
import { useMock, useTempDir, writeEnv } from '../../helpers/env';

const mock = useMock();
const tmp = useTempDir();
const FAST: Partial<RunOptions> = { baseDelayMs: 5, timeoutMs: 200, timeoutRequestMs: 5000 };
const CIFS = ['1001', '1002', '1003', '1004', '1005'];

function companies(dir: string, cifs: string[] = CIFS): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return cifs.map((cif) =>
    writeEnv(dir, { origin: mock().url, tokens: mock().issueTokens(), vars: { cif } }, `c${cif}.json`),
  );
}

/**
 * A collection whose one request counts, in an undeclared (sloppy) global, how many runs its
 * script has seen, changes two built-ins and checks an earlier run's changes are gone, and fails
 * for company 1003 only.
 */
function counterCollection(dir: string): string {
  const file = path.join(dir, 'counter.postman_collection.json');
  const collection = {
    info: {
      name: 'counter',
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

describe('batch run: each file as on its own', () => {
  it('gives each file the results it gets alone', async () => {
    const alone: number[][] = [];
    // Three files at concurrency 2: one waits for a slot, two run side by side.
    const three = CIFS.slice(0, 3);
    for (const file of companies(path.join(tmp(), 'alone'), three)) {
      const s = await run({ ...FAST, environment: file, folders: ['e-Factura'], reportDir: tmp() });
      alone.push([s.exitCode, s.requests, s.skipped, s.assertions, s.failures.length]);
    }
    companies(path.join(tmp(), 'batch'), three);
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
  });

  it("keeps each file's assertions in its own report and no script global across files", async () => {
    const collection = counterCollection(tmp());
    companies(path.join(tmp(), 'counter'));
    const summary = await runBatch({
      ...FAST,
      collection,
      environments: path.join(tmp(), 'counter', 'c*.json'),
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
});

/**
 * One way a script could leave state to the next company: `set` (statements) runs in company A's
 * scripts, with `me` A's marker (`probe-<cif>`) and `realm` the sandbox's global object; `read`
 * (an expression) is what a company's last script sees there: a marker, or anything else when
 * nothing was left.
 */
interface Channel {
  name: string;
  set: string;
  read: string;
}

/**
 * Every channel a sandbox offers a script, one probe each. Each uses a property name of its own,
 * so that no probe reads another's marker (`Function.prototype.x` is every function's `x`).
 */
const CHANNELS: Channel[] = [
  // The realm's globals.
  {
    name: 'an undeclared global',
    set: 'probeGlobal = me;',
    read: "typeof probeGlobal === 'undefined' ? undefined : probeGlobal",
  },
  { name: "the realm's global object", set: 'realm.probeRealm = me;', read: 'realm.probeRealm' },
  // Built-ins: their prototypes and statics.
  ...(
    [
      ['String', "''"],
      ['Array', '[]'],
      ['Map', 'new Map()'],
      ['Set', 'new Set()'],
      ['WeakMap', 'new WeakMap()'],
      ['Date', 'new Date()'],
      ['Error', "new Error('x')"],
      ['TypeError', "new TypeError('x')"],
      ['RegExp', '/x/'],
      ['Number', '(1)'],
      ['Boolean', 'true'],
      ['Symbol', "Symbol('x')"],
      ['Function', '(function () {})'],
      ['Promise', 'Promise.resolve()'],
      ['ArrayBuffer', 'new ArrayBuffer(1)'],
      ['Int32Array', 'new Int32Array(1)'],
    ] as const
  ).map(([type, instance]) => ({
    name: `${type}.prototype`,
    set: `${type}.prototype.probe${type} = me;`,
    read: `${instance}.probe${type}`,
  })),
  {
    name: 'Object.prototype',
    set: "Object.defineProperty(Object.prototype, 'probeObject', { value: me, configurable: true, writable: true });",
    read: '({}).probeObject',
  },
  { name: 'Math', set: 'Math.probeMath = me;', read: 'Math.probeMath' },
  { name: 'Error (a static)', set: 'Error.probeErrorStatic = me;', read: 'Error.probeErrorStatic' },
  {
    name: 'Date.now replaced',
    set: 'var now = Date.now; Date.now = function () { return now(); }; Date.now.probeNow = me;',
    read: 'Date.now.probeNow',
  },
  {
    name: 'JSON.stringify replaced',
    set:
      'var stringify = JSON.stringify; JSON.stringify = function () { return stringify.apply(JSON, arguments); }; ' +
      'JSON.stringify.probeStringify = me;',
    read: 'JSON.stringify.probeStringify',
  },
  // Postman's variables and the request.
  {
    name: 'pm.variables',
    set: "pm.variables.set('probeLocal', me);",
    read: "pm.variables.get('probeLocal')",
  },
  { name: 'pm.globals', set: "pm.globals.set('probeGlobal', me);", read: "pm.globals.get('probeGlobal')" },
  {
    name: 'pm.collectionVariables',
    set: "pm.collectionVariables.set('probeCollection', me);",
    read: "pm.collectionVariables.get('probeCollection')",
  },
  {
    name: 'pm.environment',
    set: "pm.environment.set('probeEnvironment', me);",
    read: "pm.environment.get('probeEnvironment')",
  },
  {
    name: 'a header added to pm.request',
    set: "pm.request.headers.upsert({ key: 'X-Probe', value: me });",
    read: "pm.request.headers.get('X-Probe')",
  },
  // Postman's classes (postman-collection in the sandbox).
  {
    name: "pm.variables' class (VariableScope.prototype)",
    set: 'Object.getPrototypeOf(pm.variables).probeScope = me;',
    read: 'pm.variables.probeScope',
  },
  {
    name: "pm.request's class (Request.prototype)",
    set: 'Object.getPrototypeOf(pm.request).probeRequest = me;',
    read: 'pm.request.probeRequest',
  },
  {
    name: "pm.request.url's class (Url.prototype)",
    set: 'Object.getPrototypeOf(pm.request.url).probeUrl = me;',
    read: 'pm.request.url.probeUrl',
  },
  {
    name: "postman-collection's Variable.prototype",
    set: "require('postman-collection').Variable.prototype.probeVariable = me;",
    read: "new (require('postman-collection').Variable)({ key: 'k', value: 'v' }).probeVariable",
  },
  // The console: each script gets a new one, but its class and the realm's stay.
  {
    name: "console's class",
    set: 'Object.getPrototypeOf(console).probeConsole = me;',
    read: 'console.probeConsole',
  },
  {
    name: "the realm's console",
    set: 'realm.console.probeRealmConsole = me;',
    read: 'realm.console.probeRealmConsole',
  },
  // Script libraries: the legacy globals and what `require` returns (separate copies).
  {
    name: 'lodash _.mixin (legacy _)',
    set: '_.mixin({ probeMixin: function () { return me; } });',
    read: "typeof _.probeMixin === 'function' ? _.probeMixin() : undefined",
  },
  {
    name: "lodash mixin (require('lodash'))",
    set: "require('lodash').mixin({ probeMixin: function () { return me; } });",
    read: "typeof require('lodash').probeMixin === 'function' ? require('lodash').probeMixin() : undefined",
  },
  {
    name: 'lodash _.templateSettings',
    set: '_.templateSettings.probeSettings = me;',
    read: '_.templateSettings.probeSettings',
  },
  {
    name: 'lodash _.templateSettings.imports',
    set: '_.templateSettings.imports.probeImports = me;',
    read: '_.templateSettings.imports.probeImports',
  },
  {
    name: 'moment locale',
    set: "var moment = require('moment'); if (moment.locales().indexOf(me) < 0) moment.defineLocale(me, { parentLocale: 'en' }); moment.locale(me);",
    read: "require('moment').locale()",
  },
  {
    name: "moment's locale data",
    set: "require('moment').localeData('en').probeLocaleData = me;",
    read: "require('moment').localeData('en').probeLocaleData",
  },
  {
    name: 'moment defaultFormat',
    set: "require('moment').defaultFormat = me;",
    read: "require('moment').defaultFormat",
  },
  {
    name: 'moment.fn (its prototype)',
    set: "require('moment').fn.probeMoment = me;",
    read: "require('moment')().probeMoment",
  },
  { name: 'CryptoJS (one level in)', set: 'CryptoJS.enc.Probe = me;', read: 'CryptoJS.enc.Probe' },
  {
    name: 'CryptoJS (two levels in)',
    set: 'CryptoJS.enc.Hex.probeHex = me;',
    read: 'CryptoJS.enc.Hex.probeHex',
  },
  {
    name: "require('crypto-js') (two levels in)",
    set: "require('crypto-js').algo.SHA256.probeSha = me;",
    read: "require('crypto-js').algo.SHA256.probeSha",
  },
  {
    name: 'a chai plugin (chai.use)',
    set: "require('chai').use(function (chai) { chai.Assertion.addProperty('probePlugin', function () { return me; }); });",
    read: "'probePlugin' in pm.expect(1) ? pm.expect(1).probePlugin : undefined",
  },
  {
    name: 'chai.config',
    set: "require('chai').config.truncateThreshold = Number(me.slice('probe-'.length));",
    read: "require('chai').config.truncateThreshold === 40 ? undefined : 'probe-' + require('chai').config.truncateThreshold",
  },
  {
    name: "tv4's schema registry (legacy tv4)",
    set: "tv4.addSchema('urn:probe', { title: me });",
    read: "(tv4.getSchema('urn:probe') || {}).title",
  },
  {
    name: "tv4's schema registry (require('tv4'))",
    set: "require('tv4').addSchema('urn:probe', { title: me });",
    read: "(require('tv4').getSchema('urn:probe') || {}).title",
  },
  {
    name: 'xml2js defaults',
    set: "require('xml2js').defaults['0.2'].probeXml = me;",
    read: "require('xml2js').defaults['0.2'].probeXml",
  },
  {
    name: "require's module cache (uuid)",
    set: "require('uuid').probeUuid = me;",
    read: "require('uuid').probeUuid",
  },
  {
    name: "require's module cache (string_decoder)",
    set: "require('string_decoder').probeDecoder = me;",
    read: "require('string_decoder').probeDecoder",
  },
  // A timer: it fires after the script that set it returned (the sandbox waits for it).
  {
    name: 'a pending setTimeout',
    set: 'setTimeout(function () { realm.probeTimer = me; }, 150);',
    read: 'realm.probeTimer',
  },
];

/**
 * The probe's one script, for every request's pre-request and test: company A (`probeRole` A)
 * sets every channel before each request; on the last request each company reads every channel.
 * A asserts its own marker is there (the probe works); any other company asserts it sees no
 * marker, one assertion named after each channel. Everything is inside a function so that the
 * probe's own variables are no channel.
 */
function probeScript(phase: 'prerequest' | 'test'): string[] {
  const channels = CHANNELS.map(
    (c) =>
      `{ name: ${JSON.stringify(c.name)}, set: function () { ${c.set} }, read: function () { return ${c.read}; } }`,
  );
  return [
    '(function () {',
    "  var cif = pm.environment.get('cif');",
    "  var me = 'probe-' + cif;",
    "  var setter = pm.environment.get('probeRole') === 'A';",
    "  var realm = Function('return this')();",
    `  var channels = [\n    ${channels.join(',\n    ')}\n  ];`,
    phase === 'prerequest'
      ? [
          '  if (!setter) return;',
          '  channels.forEach(function (c) {',
          '    try { c.set(); } catch (e) { pm.test("A sets " + c.name, function () { throw e; }); }',
          '  });',
        ].join('\n')
      : [
          "  if (pm.info.requestName !== 'last') return;",
          '  channels.forEach(function (c) {',
          '    var seen;',
          '    try { seen = c.read(); } catch (e) { seen = "read threw " + e; }',
          '    if (setter) {',
          '      pm.test("A set " + c.name, function () { pm.expect(seen, c.name).to.equal(me); });',
          '    } else {',
          '      pm.test(c.name, function () {',
          "        if (typeof seen === 'string' && /^(probe-|read threw)/.test(seen))",
          "          throw new Error('company ' + cif + ' sees ' + seen);",
          '      });',
          '    }',
          '  });',
        ].join('\n'),
    '})();',
  ];
}

/** Three requests to the mock's hello endpoint, with the bearer token and the company's CIF. */
function probeCollection(dir: string): string {
  const file = path.join(dir, 'probe.postman_collection.json');
  const request = (name: string) => ({
    name,
    request: {
      method: 'GET',
      url: '{{apiBaseUrl}}/TestOauth/jaxrs/hello?name={{cif}}',
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    },
  });
  const collection = {
    info: { name: 'probe', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    event: [
      { listen: 'prerequest', script: { type: 'text/javascript', exec: probeScript('prerequest') } },
      { listen: 'test', script: { type: 'text/javascript', exec: probeScript('test') } },
    ],
    item: [request('first'), request('second'), request('last')],
  };
  fs.writeFileSync(file, JSON.stringify(collection, null, 2));
  return file;
}

/** The names of the failed assertions in a file's report.json, with their messages. */
function failedAssertions(reportDir: string): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as {
    executions: { assertions: { name: string; passed: boolean; message?: string }[] }[];
  };
  return report.executions.flatMap((e) =>
    e.assertions.filter((a) => !a.passed).map((a) => `${a.name}: ${a.message ?? ''}`),
  );
}

describe('one probe per channel: company B sees nothing of company A', () => {
  // Roles by file name order: the A files set, B (last) only reads.
  it.each([
    [1, ['A', 'B']],
    [2, ['A', 'B']],
    // Two at a time over three files: B starts when an A finishes, in the process A ran in.
    [2, ['A', 'A', 'B']],
  ])('concurrency %i, roles %j', async (concurrency, roles) => {
    // Each request takes a while, so that runs in flight together overlap.
    mock().setOptions({ latencyMs: 50 });
    const collection = probeCollection(tmp());
    const dir = path.join(tmp(), 'companies');
    fs.mkdirSync(dir);
    const cifs = ['1006', '1014', '1022'].slice(0, roles.length);
    cifs.forEach((cif, i) =>
      writeEnv(
        dir,
        { origin: mock().url, tokens: mock().issueTokens(), vars: { cif, probeRole: roles[i] ?? 'B' } },
        `c${i}-${cif}.json`,
      ),
    );
    const reportDir = path.join(tmp(), 'reports');
    const summary = await runBatch({
      ...FAST,
      collection,
      environments: path.join(dir, 'c*.json'),
      concurrency,
      reporters: ['json'],
      reportDir,
      progressFile: path.join(tmp(), 'progress.json'),
    });
    const seen = summary.results.map((r) => ({
      file: path.basename(r.file),
      requests: r.requests,
      assertions: r.assertions,
      failedCount: r.failed,
      failed: failedAssertions(r.reportDir),
    }));
    expect(seen).toEqual(
      cifs.map((cif, i) => ({
        file: `c${i}-${cif}.json`,
        requests: 3,
        assertions: CHANNELS.length,
        failedCount: 0,
        failed: [],
      })),
    );
    // B's requests went out without the header A's scripts added to theirs.
    const bCif = cifs[cifs.length - 1];
    const bRequests = mock()
      .requests()
      .filter((r) => r.query.name === bCif);
    expect(bRequests).toHaveLength(3);
    for (const r of bRequests) expect(r.headers['x-probe']).toBeUndefined();
  });
});
