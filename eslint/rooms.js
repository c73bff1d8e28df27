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
 * its name without extension (`errors`, `paths`, `index`). Undefined outside src/.
 */
function roomOf(file, srcDir) {
  const rel = path.relative(srcDir, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
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
      forbidden: 'src/{{room}}/ may import only {{allowed}}, not src/{{target}}/ (see eslint/rooms.js ROOMS)',
      topHelper: 'the helpers at the top of src/ import no folder of src/ (here: src/{{target}}/)',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const rooms = options.rooms ?? ROOMS;
    const srcDir = path.resolve(context.cwd ?? process.cwd(), options.srcDir ?? 'src');
    const file = path.resolve(context.cwd ?? process.cwd(), context.filename);
    const room = roomOf(file, srcDir);
    if (room === undefined) return {};
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
    const literal = (node) => (node && node.type === 'Literal' ? node.value : undefined);

    return {
      ImportDeclaration: (node) => check(node, literal(node.source)),
      ExportNamedDeclaration: (node) => check(node, literal(node.source)),
      ExportAllDeclaration: (node) => check(node, literal(node.source)),
      ImportExpression: (node) => check(node, literal(node.source)),
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
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(node, literal(node.arguments[0]));
      },
    };
  },
};

module.exports = { ROOMS, roomOf, rule, plugin: { rules: { rooms: rule } } };
