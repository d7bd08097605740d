// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Frameworks and I/O the pure core must never reach for: it is tested as tables, and the
 * botbuilder SDK (archived by Microsoft) must stay replaceable outside it. */
const coreForbiddenImports = [
  { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'src/core stays free of botbuilder: wrap it in src/bot.' },
  { group: ['express', 'express/*'], message: 'src/core has no HTTP: routes live at the edge.' },
  { group: ['redis', '@redis/*'], message: 'src/core talks to storage through ports only.' },
  { group: ['@slack/*'], message: 'src/core is channel-neutral.' },
  { group: ['pino', 'yaml'], message: 'src/core does no logging or parsing of files: pass values in.' },
  {
    group: ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'os', 'path', 'crypto', 'dgram', 'dns', 'tls', 'worker_threads'],
    message: 'src/core does no I/O: pass what it needs through deps.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment.' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'scripts/**', 'bench/**', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The browser side: text goes in as text, and from the server's code only types come in
    // (the pages are bundled apart from it; a value import would drag Node code into a page).
    files: ['web/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly' } },
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render text with textContent; nothing is ever parsed as HTML.' },
        { property: 'outerHTML', message: 'Render text with textContent; nothing is ever parsed as HTML.' },
        { object: 'document', property: 'write', message: 'Build elements instead.' },
        { object: 'process', property: 'env', message: 'Pages have no environment: the server passes what they need.' },
      ],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Build elements instead.' }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**'], allowTypeImports: true, message: 'web/ takes only types from src/ (import type).' }] },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: coreForbiddenImports }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core reads no environment or process state.' },
        { name: 'setTimeout', message: 'src/core has no timers: time comes from the Clock.' },
        { name: 'fetch', message: 'src/core does no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Use the Clock passed in deps.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the Clock passed in deps.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Randomness comes through deps.' },
      ],
    },
  },
);
