/**
 * Which existing environment files `generate` must keep (#23): values the generator writes, or
 * wrote, versus what login, a run or a person put there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MOCK_DEMO_CLIENT } from '../../../src/anaf';
import { generateBruno } from '../../../src/bruno';
import { generate, generatedFiles, isEnvironmentFile, type GeneratedFile } from '../../../src/generate';
import { describeFilled, filledEnvironments } from '../../../src/generate/filled-environments';
import { generatorValues } from '../../../src/generate/generator-values';
import { resolveOptions } from '../../../src/generate/options';
import { writeGeneratedFiles } from '../../../src/generate/write';
import { first } from '../../helpers/checked';
import { rejection } from '../../helpers/errors';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROD = 'environments/anaf-prod.postman_environment.json';
const MOCK_BRU = 'bruno/anaf/environments/mock.bru';
const MOCK_YML = 'bruno/anaf/environments/mock.yml';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-filled-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file `npm run generate` writes (Postman, OpenAPI, Bruno YAML), and the `.bru` Bruno files. */
function allFiles(): GeneratedFile[] {
  return [
    ...generatedFiles(generate({ format: 'postman,openapi' })),
    ...generateBruno(),
    ...generateBruno({ brunoFormat: 'bru' }),
  ];
}

function file(relativePath: string, files = allFiles()): GeneratedFile {
  const found = files.find((f) => f.relativePath === relativePath);
  if (!found) throw new Error(`no generated ${relativePath}`);
  return found;
}

/** Puts `text` at `relativePath` below the test folder and returns what would be kept. */
function filledWith(relativePath: string, text: string, files = allFiles()) {
  fs.mkdirSync(path.dirname(path.join(dir, relativePath)), { recursive: true });
  fs.writeFileSync(path.join(dir, relativePath), text);
  return filledEnvironments(dir, [file(relativePath, files)]);
}

/** The generated prod environment with `change` applied to its values. */
function prodWith(change: (values: Record<string, unknown>[]) => void): string {
  const env = JSON.parse(file(PROD).text) as { values: Record<string, unknown>[] };
  change(env.values);
  return JSON.stringify(env);
}

describe('generatorValues', () => {
  it('holds the values of the options given and of none, never an empty one, and former defaults', () => {
    const values = generatorValues(
      resolveOptions({ clientId: 'abc', redirectUri: 'https://example.com/cb', clientAuth: 'body' }),
      'prod',
    );
    expect(values.clientId).toEqual(['abc']);
    expect(values.redirectUri).toEqual(['https://example.com/cb', 'https://oauth.pstmn.io/v1/callback']);
    expect(values.clientAuth).toEqual(['body', 'basic']);
    expect(values.accessToken).toBeUndefined();
    expect(generatorValues(resolveOptions(), 'mock').cif).toEqual([MOCK_DEMO_CLIENT.cif, '12345678']);
  });

  it('only environment files carry them', () => {
    const envs = allFiles().filter(isEnvironmentFile);
    expect(envs.map((f) => f.relativePath)).toEqual([
      'environments/anaf-prod.postman_environment.json',
      'environments/anaf-test.postman_environment.json',
      'environments/anaf-mock.postman_environment.json',
      'bruno/anaf/environments/prod.yml',
      'bruno/anaf/environments/test.yml',
      'bruno/anaf/environments/mock.yml',
      'bruno/anaf.ro/environments/prod.yml',
      'bruno/anaf.ro/environments/test.yml',
      'bruno/anaf.ro/environments/mock.yml',
      'bruno/anaf/environments/prod.bru',
      'bruno/anaf/environments/test.bru',
      'bruno/anaf/environments/mock.bru',
      'bruno/anaf.ro/environments/prod.bru',
      'bruno/anaf.ro/environments/test.bru',
      'bruno/anaf.ro/environments/mock.bru',
    ]);
  });
});

describe('filledEnvironments', () => {
  it('the committed environments are not filled in: `npm run generate` keeps working', () => {
    expect(filledEnvironments(ROOT, allFiles())).toEqual([]);
  });

  it('a file as generated, absent, empty or only whitespace is not listed', () => {
    expect(filledWith(PROD, file(PROD).text)).toEqual([]);
    expect(filledEnvironments(dir, allFiles())).toEqual([]);
    expect(filledWith(PROD, '')).toEqual([]);
    expect(filledWith(PROD, '\uFEFF \n')).toEqual([]);
  });

  it('names the variables holding tokens, a secret, a client id, or a variable it does not know: in file order', () => {
    const text = prodWith((values) => {
      for (const v of values) {
        if (v.key === 'accessToken') v.value = 'eyJ.access';
        if (v.key === 'clientId') v.value = 'my-id';
        if (v.key === 'listDays') v.value = '30';
      }
      values.push({ key: 'myOwn', value: 'x', enabled: false });
      values.push({ key: 'myEmpty', value: '' });
    });
    expect(filledWith(PROD, text)).toEqual([
      { relativePath: PROD, keys: ['clientId', 'accessToken', 'listDays', 'myOwn'] },
    ]);
  });

  it('a disabled variable, a value of another JSON type, a byte-order mark: read as Postman does', () => {
    const text = prodWith((values) => {
      for (const v of values) {
        if (v.key === 'tokenRefreshSkewSeconds') v.value = 300; // what the generator writes, as a number
        if (v.key === 'refreshToken') Object.assign(v, { value: 'eyJ.refresh', enabled: false });
        if (v.key === 'cif') v.value = null;
      }
    });
    expect(filledWith(PROD, `\uFEFF${text}`)).toEqual([{ relativePath: PROD, keys: ['refreshToken'] }]);
  });

  it('keys named like Object.prototype members are plain keys', () => {
    const text = prodWith((values) =>
      values.push({ key: 'constructor', value: 'x' }, { key: '__proto__', value: 'y' }),
    );
    expect(first(filledWith(PROD, text)).keys).toEqual(['constructor', '__proto__']);
  });

  it('a file that is not an environment is kept, saying why', () => {
    expect(filledWith(PROD, '{"values": [')).toEqual([
      { relativePath: PROD, keys: [], unreadable: expect.stringMatching(/^malformed JSON/) as string },
    ]);
    expect(first(filledWith(PROD, '{"info": {}, "item": []}')).unreadable).toMatch(/collection/);
    expect(
      first(
        filledWith(
          PROD,
          prodWith((v) => v.push({ key: 'cif', value: '' })),
        ),
      ).unreadable,
    ).toMatch(/duplicate variable cif/);
  });

  it('a file that cannot be read is kept (here a folder: root could read a file of mode 0000)', () => {
    fs.mkdirSync(path.join(dir, PROD), { recursive: true });
    expect(filledEnvironments(dir, [file(PROD)])).toEqual([
      { relativePath: PROD, keys: [], unreadable: 'cannot read it: EISDIR' },
    ]);
  });

  describe('Bruno environments', () => {
    const generated = () => file(MOCK_BRU).text;

    it('as generated: not listed; values typed in (quoted keys, disabled ones too): listed', () => {
      expect(filledWith(MOCK_BRU, generated())).toEqual([]);
      const text = generated()
        .replace(/^ {2}accessToken:$/m, '  accessToken: eyJ.tok')
        .replace(/^ {2}cif: .*$/m, '  ~cif: 99999999')
        .replace(/^}$/m, '  "my key": 1\n  emptyOne:\n}');
      expect(filledWith(MOCK_BRU, text)).toEqual([
        { relativePath: MOCK_BRU, keys: ['accessToken', 'cif', 'my key'] },
      ]);
    });

    it('a vars:secret list names variables only: not a value', () => {
      const prod = 'bruno/anaf/environments/prod.bru';
      expect(file(prod).text).toContain('vars:secret [');
      expect(
        filledWith(prod, file(prod).text.replace('  clientSecret', '  clientSecret,\n  mySecret')),
      ).toEqual([]);
    });

    it.each([
      ['another block', (t: string) => `${t}\ncolor {\n  red\n}\n`, /line \d+ is not a vars block/],
      ['a block left open', (t: string) => t.replace(/^}$/m, ''), /not closed|not a key: value line/],
      [
        'a line that is no key: value',
        (t: string) => t.replace('  listPage: 1', '  listPage'),
        /not a key: value line/,
      ],
    ])('%s: kept, saying why', (_label, change, why) => {
      expect(first(filledWith(MOCK_BRU, change(generated()))).unreadable).toMatch(why);
    });
  });

  describe('Bruno YAML environments', () => {
    const generated = () => file(MOCK_YML).text;
    const withValue = (text: string, key: string, value: string) =>
      text.replace(new RegExp(`(- name: ${key}\\n {4}value: ).*`), `$1${value}`);

    it('as generated: not listed; values typed in, quoted as Bruno writes them, disabled ones too: listed', () => {
      expect(filledWith(MOCK_YML, generated())).toEqual([]);
      let text = withValue(generated(), 'accessToken', 'eyJ.tok');
      text = withValue(text, 'cif', '"99999999"').replace(
        /(- name: cif\n {4}value: .*)/,
        '$1\n    disabled: true',
      );
      text = `${text}  - name: my key\n    value: 'it''s mine'\n  - name: emptyOne\n    value: ""\n`;
      expect(filledWith(MOCK_YML, text)).toEqual([
        { relativePath: MOCK_YML, keys: ['accessToken', 'cif', 'my key'] },
      ]);
    });

    it('a secret names a variable only: not a value', () => {
      const prod = 'bruno/anaf/environments/prod.yml';
      expect(file(prod).text).toContain('  - secret: true\n    name: clientSecret');
      expect(filledWith(prod, `${file(prod).text}  - secret: true\n    name: mySecret\n`)).toEqual([]);
    });

    it.each([
      ['another top-level key', (t: string) => `${t}externalSecrets:\n  type: vault\n`, /not a variable/],
      [
        'a block value',
        (t: string) => withValue(t, 'cif', '|\n      123'),
        /value this reader does not know/,
      ],
      ['an anchor', (t: string) => withValue(t, 'cif', '&a 123'), /value this reader does not know/],
    ])('%s: kept, saying why', (_label, change, why) => {
      expect(first(filledWith(MOCK_YML, change(generated()))).unreadable).toMatch(why);
    });
  });
});

describe('describeFilled', () => {
  it('names files and at most four variables each, never a value', () => {
    const text = describeFilled(
      [
        { relativePath: 'a.json', keys: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'] },
        { relativePath: 'b.json', keys: [], unreadable: 'malformed JSON' },
      ],
      (f) => `out/${f}`,
    );
    expect(text).toBe(
      'out/a.json (k1, k2, k3, k4 and 2 more), out/b.json (malformed JSON) hold values that generate did not write',
    );
    expect(describeFilled([{ relativePath: 'a.json', keys: ['k'] }], (f) => f)).toBe(
      'a.json (k) holds values that generate did not write',
    );
  });
});

describe('writeGeneratedFiles', () => {
  it('refuses before writing anything, naming the option; overwriteEnvironments replaces', async () => {
    const files = generatedFiles(generate());
    await writeGeneratedFiles(dir, files);
    const filled = prodWith((values) =>
      values.forEach((v) => v.key === 'clientSecret' && (v.value = 's3cret')),
    );
    fs.writeFileSync(path.join(dir, PROD), filled);
    fs.rmSync(path.join(dir, 'collections'), { recursive: true });

    const err = await rejection(writeGeneratedFiles(dir, files));
    expect(err.code).toBe('OVERWRITE_REFUSED');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `overwriteEnvironments: ${PROD} (clientSecret) holds values that generate did not write; nothing was written ` +
        '(leave the environment files out, or set overwriteEnvironments to replace them)',
    );
    expect(err.details).toEqual({
      option: 'overwriteEnvironments',
      files: [{ relativePath: PROD, keys: ['clientSecret'], file: path.join(dir, PROD) }],
    });
    expect(err.message).not.toContain('s3cret');
    expect(fs.existsSync(path.join(dir, 'collections'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, PROD), 'utf8')).toBe(filled);

    await writeGeneratedFiles(dir, files, { overwriteEnvironments: true });
    expect(fs.readFileSync(path.join(dir, PROD), 'utf8')).toBe(file(PROD, files).text);
  });
});
