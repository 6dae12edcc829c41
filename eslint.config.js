/**
 * ESLint for the whole tree (`npm run lint`, part of `npm test`): typescript-eslint's type-checked
 * rules (each file is checked with its own tsconfig: the Worker's for worker/, the root one for
 * the rest), Lit's and web components' rules for the elements, and Prettier's formatting left to
 * Prettier (eslint-config-prettier turns the stylistic rules off).
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.wrangler/**', '.local/**', 'migrations/**', 'widget/package/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      // The first tsconfig that holds a file checks it: the Worker's for worker/, protocol/ (which
      // must also compile against the Workers' narrower WebCrypto types) and the benchmarks'
      // workers, the root one for the rest.
      parserOptions: { project: ['./worker/tsconfig.json', './tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers are how this code writes sizes, times and counts.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `void promise` marks a deliberate fire-and-forget (a Lit event handler, a timer).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A leading underscore names what is taken apart only to be left out (`{ type: _type, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'web/**/*.ts', 'widget/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
  },
  {
    // Lit calls a listener bound with `@event=${this.method}` with the element as `this` (its render
    // options' host), so passing a method there is how Lit's own docs write it, not a lost `this`.
    files: ['client/luca-*.ts', 'web/**/luca-*.ts', 'widget/**/luca-*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The demo websites' own scripts: plain browser modules, as a restaurant's site would have.
    files: ['widget/demo/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', console: 'readonly' }, sourceType: 'module' },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' }, sourceType: 'module' },
  },
  prettier,
);
