/**
 * The rooms of src/ and the one rule that keeps data flowing one way between them (ARCHITECTURE.md).
 *
 * The rule resolves every module specifier against the importing file, so a nested file
 * (`src/mock/sub/x.ts` importing `'../../run/run'`) or a detour (`'../anaf/../run/run'`) is judged by
 * where the import lands, not by how the specifier is spelled. Static and dynamic imports, `require`,
 * re-exports and `typeof import(…)` all count.
 */
const path = require('node:path');

/**
 * Which of our own folders each folder of src/ may import. `cli` and `index.ts` may import anything
 * and are imported by nothing; the helpers at the top of src/ (`errors.ts`, `paths.ts`, …) import no folder.
 */
const ROOMS = {
  anaf: [],
  templates: ['paths'],
  store: ['anaf', 'errors'],
  redaction: [],
  transport: ['anaf', 'errors'],
  batch: ['errors', 'store', 'transport'],
  tokens: ['anaf', 'batch', 'errors', 'paths', 'redaction', 'store', 'transport'],
  run: ['anaf', 'batch', 'errors', 'paths', 'redaction', 'store', 'tokens', 'transport'],
  receive: ['anaf', 'batch', 'errors', 'paths', 'run', 'store', 'tokens', 'transport'],
  login: ['anaf', 'errors', 'paths', 'redaction', 'store', 'tokens'],
  generate: ['anaf', 'errors', 'openapi', 'paths', 'store', 'templates'],
  openapi: ['anaf', 'errors', 'paths'],
  docs: ['anaf', 'errors', 'generate', 'paths', 'templates'],
  bruno: ['anaf', 'errors', 'generate', 'openapi', 'paths', 'templates'],
  'postman-v3': ['anaf', 'errors', 'generate', 'openapi', 'paths', 'templates'],
  mock: ['anaf', 'errors'],
  demo: ['anaf', 'errors', 'generate', 'mock', 'paths', 'run', 'store'],
};

/** Rooms that may import any other: the CLI and the package's entry point. */
const OPEN = new Set(['cli', 'index']);

/**
 * The room a path inside `srcDir` belongs to: its first folder, or for a file at the top of src/
 * its name without extension (`errors`, `paths`, `index`); src/ itself (`'..'`, `'.'`) is its
 * `index`. Undefined outside src/.
 */
function roomOf(file, srcDir) {
  const rel = path.relative(srcDir, file);
  if (rel === '') return 'index';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [first = '', ...rest] = rel.split(path.sep);
  return rest.length > 0 ? first : first.replace(/\.[cm]?[jt]sx?$/, '').replace(/\.d$/, '');
}

/** What `room` may import, or undefined when anything goes. */
function allowedFor(room, rooms) {
  if (OPEN.has(room)) return undefined;
  if (room in rooms) return rooms[room];
  // A helper at the top of src/ (errors.ts, paths.ts, duration.ts): other top helpers only.
  return [];
}

function isFolderRoom(room, rooms) {
  return room in rooms || room === 'cli';
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ folders import only the folders ROOMS allows them' },
    schema: [
      {
        type: 'object',
        properties: { rooms: { type: 'object' }, srcDir: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      unknownRoom: 'src/{{room}}/ is not in ROOMS (eslint/rooms.js): say what it may import',
      notLiteral: 'a module path built at run time: the ROOMS rule cannot judge it; write it as a string',
      forbidden: 'src/{{room}}/ may import only {{allowed}}, not src/{{target}}/ (see eslint/rooms.js ROOMS)',
      topHelper: 'the helpers at the top of src/ import no folder of src/ (here: src/{{target}}/)',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const rooms = options.rooms ?? ROOMS;
    // The repository's src/, wherever ESLint (or an editor) was started.
    const srcDir = options.srcDir ?? path.resolve(__dirname, '..', 'src');
    const file = path.resolve(context.cwd ?? process.cwd(), context.filename);
    const room = roomOf(file, srcDir);
    if (room === undefined) return {};
    const inFolder = path.relative(srcDir, file).includes(path.sep);
    if (inFolder && !isFolderRoom(room, rooms)) {
      return { Program: (node) => context.report({ node, messageId: 'unknownRoom', data: { room } }) };
    }
    const allowed = allowedFor(room, rooms);
    if (allowed === undefined) return {};
    const topHelper = !(room in rooms);

    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = roomOf(path.resolve(path.dirname(file), specifier), srcDir);
      if (target === undefined || target === room) return;
      if (topHelper) {
        if (isFolderRoom(target, rooms) || target === 'index') {
          context.report({ node, messageId: 'topHelper', data: { target } });
        }
        return;
      }
      if (allowed.includes(target)) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { room, target, allowed: allowed.length ? allowed.join(', ') : 'its own files' },
      });
    };
    /** A string literal, or a template literal without expressions; else undefined. */
    const literal = (node) => {
      if (node?.type === 'Literal') return node.value;
      if (node?.type === 'TemplateLiteral' && node.expressions.length === 0)
        return node.quasis[0]?.value.cooked;
      return undefined;
    };
    /** The leading text of a computed path (`../${x}`, '../' + x), when it has one. */
    const head = (node) => {
      if (node?.type === 'TemplateLiteral') return node.quasis[0]?.value.cooked;
      if (node?.type === 'BinaryExpression' && node.operator === '+')
        return literal(node.left) ?? head(node.left);
      return undefined;
    };
    /**
     * A dynamic `import()` or `require()`: a literal path is judged; a relative path built at run
     * time cannot be, and is reported (a package or a built file, `require(file)`, is not ours to judge).
     */
    const dynamic = (node, arg) => {
      const text = literal(arg);
      if (text !== undefined) return check(node, text);
      const start = head(arg);
      if (typeof start === 'string' && start.startsWith('.'))
        context.report({ node, messageId: 'notLiteral' });
    };

    return {
      ImportDeclaration: (node) => check(node, literal(node.source)),
      ExportNamedDeclaration: (node) => check(node, literal(node.source)),
      ExportAllDeclaration: (node) => check(node, literal(node.source)),
      ImportExpression: (node) => dynamic(node, node.source),
      TSImportEqualsDeclaration: (node) =>
        check(
          node,
          node.moduleReference?.type === 'TSExternalModuleReference'
            ? literal(node.moduleReference.expression)
            : undefined,
        ),
      // typescript-eslint 8 names the module `source` (a literal); older versions `argument` (a literal type).
      TSImportType: (node) => check(node, literal(node.source ?? node.argument?.literal)),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isResolve =
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'require' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve';
        if (isRequire) dynamic(node, node.arguments[0]);
        else if (isResolve) check(node, literal(node.arguments[0]));
      },
    };
  },
};

module.exports = { ROOMS, roomOf, rule, plugin: { rules: { rooms: rule } } };
