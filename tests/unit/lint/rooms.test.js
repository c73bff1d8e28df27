/**
 * The ROOMS rule (eslint/rooms.js) judges an import by where it lands, whatever the depth of the
 * importing file or the spelling of the specifier (`npm run lint` applies it to src/).
 */
const path = require('node:path');
const fs = require('node:fs');
const { RuleTester } = require('eslint');
const tseslint = require('typescript-eslint');
const { ROOMS, roomOf, rule } = require('../../../eslint/rooms');

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');
const at = (rel) => path.join(SRC, rel);

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

tester.run('rooms', rule, {
  valid: [
    { filename: at('mock/http.ts'), code: "import { Var } from '../anaf';" },
    { filename: at('mock/sub/deep.ts'), code: "import { Var } from '../../anaf/variables';" },
    // A detour that lands back in the room's own folder is its own file.
    { filename: at('mock/sub/deep.ts'), code: "import { x } from '../anaf/../state';" },
    { filename: at('run/run.ts'), code: "import { postForm } from '../transport/http-post';" },
    { filename: at('cli/run.ts'), code: "import { startMock } from '../mock';" },
    { filename: at('index.ts'), code: "export { startMock } from './mock';" },
    { filename: at('errors.ts'), code: "import { x } from './paths';" },
    // Packages and node: modules are not rooms.
    { filename: at('anaf/hosts.ts'), code: "import net from 'node:net'; import y from 'yargs';" },
    // A package or a built file loaded by a computed path is not a room.
    {
      filename: at('templates/bundle.ts'),
      code: 'const b = require(file); const r = require(require.resolve(name));',
    },
    // Files outside src/ are not judged.
    { filename: path.join(ROOT, 'tests/unit/x.test.ts'), code: "import { run } from '../../src/run/run';" },
  ],
  invalid: [
    // The hole this rule closes: a nested file reaching a forbidden room.
    {
      filename: at('mock/sub/x.ts'),
      code: "import { run } from '../../run/run';",
      errors: [{ messageId: 'forbidden' }],
    },
    { filename: at('mock/a/b/x.ts'), code: "import '../../../run';", errors: [{ messageId: 'forbidden' }] },
    { filename: at('mock/x.ts'), code: "import '../anaf/../run/run';", errors: [{ messageId: 'forbidden' }] },
    {
      filename: at('mock/x.ts'),
      code: "export * from '../tokens/tokens';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "export { run } from '../run/run';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "const m = require('../run/run');",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "async function f() { await import('../run/run'); }",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "type R = typeof import('../run/run');",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "import r = require('../run/run');",
      errors: [{ messageId: 'forbidden' }],
    },
    // Nothing imports the CLI; the transport knows nothing of tokens.
    {
      filename: at('run/x.ts'),
      code: "import { main } from '../cli/main';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('transport/x.ts'),
      code: "import { requestToken } from '../tokens/token-client';",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('anaf/x.ts'),
      code: "import { AnafPostmanError } from '../errors';",
      errors: [{ messageId: 'forbidden' }],
    },
    { filename: at('paths.ts'), code: "import { x } from './store';", errors: [{ messageId: 'topHelper' }] },
    // src/ itself is its index: the whole public API, forbidden to a room.
    { filename: at('mock/x.ts'), code: "import { run } from '..';", errors: [{ messageId: 'forbidden' }] },
    { filename: at('mock/x.ts'), code: "import { run } from '../';", errors: [{ messageId: 'forbidden' }] },
    { filename: at('errors.ts'), code: "import { x } from '.';", errors: [{ messageId: 'topHelper' }] },
    // Template literals and require.resolve are paths too; a relative path built at run time cannot be judged.
    {
      filename: at('mock/x.ts'),
      code: 'const m = require(`../run/run`);',
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "const p = require.resolve('../run/run');",
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('mock/x.ts'),
      code: 'const n = "run"; const m = require(`../${n}/run`);',
      errors: [{ messageId: 'notLiteral' }],
    },
    {
      filename: at('mock/x.ts'),
      code: "const n = 'run'; const m = require('../' + n);",
      errors: [{ messageId: 'notLiteral' }],
    },
    // A folder nobody put in the table is refused as a whole, not taken for a helper.
    { filename: at('newroom/x.ts'), code: 'export const x = 1;', errors: [{ messageId: 'unknownRoom' }] },
  ],
});

describe('the ROOMS table', () => {
  test('names every folder of src/ but the CLI, and only existing ones', () => {
    const folders = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .filter((name) => name !== 'cli')
      .sort();
    expect(Object.keys(ROOMS).sort()).toEqual(folders);
    for (const allowed of Object.values(ROOMS)) {
      for (const target of allowed)
        expect(fs.existsSync(at(target)) || fs.existsSync(at(`${target}.ts`))).toBe(true);
    }
  });

  test('a room is the first folder, or the file name at the top', () => {
    expect(roomOf(at('mock/sub/x.ts'), SRC)).toBe('mock');
    expect(roomOf(at('errors.ts'), SRC)).toBe('errors');
    expect(roomOf(path.join(ROOT, 'tests/x.ts'), SRC)).toBeUndefined();
  });
});

describe('ARCHITECTURE.md', () => {
  test("names every file of src/ in its folder's row, and each top-level file in a row of its own", () => {
    const text = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const rows = new Map();
    for (const line of text.split('\n')) {
      const m = /^\| `(src\/[^`]+)` +\|(.*)\|\s*$/.exec(line);
      if (m) rows.set(m[1], m[2]);
    }
    const unnamed = fs
      .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((rel) => rel.endsWith('.ts'))
      .map((rel) => rel.split(path.sep).join('/'))
      .filter((rel) => {
        const parts = rel.split('/');
        if (parts.length === 1) return !rows.has(`src/${rel}`);
        if (/^(index|types)\.ts$/.test(parts[parts.length - 1] ?? '')) return false;
        const row = rows.get(`src/${parts[0]}/`) ?? '';
        // A file of the folder by its name; one in a subfolder by its path, or the subfolder named.
        const inner = parts.slice(1).join('/');
        return !row.includes(`\`${inner}\``) && !(parts.length > 2 && row.includes(`\`${parts[1]}/\``));
      });
    expect(unnamed).toEqual([]);
  });
});
