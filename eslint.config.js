const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

/**
 * Which of our own folders each folder of src/ may import. Data flows one way (ARCHITECTURE.md);
 * this table is that rule, enforced. `cli` may import anything and is imported by nothing.
 */
const ROOMS = {
  anaf: [],
  templates: ['paths'],
  store: ['anaf', 'errors'],
  tokens: ['anaf', 'errors', 'store', 'paths'],
  run: ['anaf', 'errors', 'paths', 'store', 'tokens'],
  receive: ['anaf', 'errors', 'paths', 'run', 'store', 'tokens'],
  login: ['anaf', 'errors', 'paths', 'store', 'tokens'],
  generate: ['anaf', 'errors', 'openapi', 'paths', 'store', 'templates'],
  openapi: ['anaf', 'errors', 'paths'],
  docs: ['anaf', 'errors', 'generate', 'paths', 'templates'],
  bruno: ['anaf', 'errors', 'generate', 'openapi', 'paths', 'templates'],
  'postman-v3': ['anaf', 'errors', 'generate', 'openapi', 'paths', 'templates'],
  mock: ['anaf', 'errors'],
  demo: ['anaf', 'errors', 'generate', 'mock', 'paths', 'run', 'store'],
};
const ALL = [...Object.keys(ROOMS), 'cli', 'errors', 'paths', 'duration', 'index'];

/** Newman is heavy: only the run and the demo load it, so `--help` and `generate` stay light. */
const NEWMAN_ROOMS = ['run', 'demo'];

function roomRules(room, allowed) {
  const forbidden = ALL.filter((r) => r !== room && !allowed.includes(r));
  const patterns = [
    {
      group: forbidden.flatMap((r) => [`../${r}`, `../${r}/*`]),
      message: `src/${room}/ may import only ${allowed.length ? allowed.join(', ') : 'its own files'} (see eslint.config.js ROOMS)`,
    },
  ];
  const paths = NEWMAN_ROOMS.includes(room)
    ? []
    : [{ name: 'newman', message: 'only src/run and src/demo load newman', allowTypeImports: true }];
  return {
    files: [`src/${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }],
      'no-restricted-syntax': NEWMAN_ROOMS.includes(room)
        ? 'off'
        : [
            'error',
            {
              selector: "CallExpression[callee.name='require'][arguments.0.value='newman']",
              message: 'only src/run and src/demo load newman',
            },
          ],
    },
  };
}

module.exports = tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'reports/',
      'collections/',
      'environments/',
      'docs/',
      'bruno/',
      'postman-v3/',
      'openapi/',
      'test-artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/main.ts', 'src/cli/signals.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli/main.ts ends the process.' },
      ],
    },
  },
  ...Object.entries(ROOMS).map(([room, allowed]) => roomRules(room, allowed)),
  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...Object.keys(ROOMS), 'cli'].flatMap((r) => [`./${r}`, `./${r}/*`]),
              message: 'the helpers at the top of src/ import no folder of src/',
            },
          ],
        },
      ],
    },
  },
);
