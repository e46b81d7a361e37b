// Lint the TypeScript sources with the type-aware recommended rules; generated output is ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'packages/zchat/web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/znet/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['net', 'node:net', 'tls', 'node:tls', 'dns', 'node:dns', 'dgram', 'node:dgram']
          .map((name) => ({ name, message: 'Sockets belong to the znet package (packages/znet).' })),
      }],
    },
  },
);
