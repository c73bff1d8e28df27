const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

const { ROOMS, plugin: roomsPlugin } = require('./eslint/rooms');

/** Newman is heavy: only the run and the demo load it, so `--help` and `generate` stay light. */
const NEWMAN_ROOMS = ['run', 'demo'];

function roomRules(room) {
  const paths = NEWMAN_ROOMS.includes(room)
    ? []
    : [{ name: 'newman', message: 'only src/run and src/demo load newman', allowTypeImports: true }];
  return {
    files: [`src/${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths }],
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
  { files: ['tests/**/*.test.js'], languageOptions: { globals: { ...globals.jest } } },
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
  {
    files: ['src/**/*.ts'],
    plugins: { rooms: roomsPlugin },
    rules: { 'rooms/rooms': 'error' },
  },
  ...Object.keys(ROOMS).map((room) => roomRules(room)),
);
