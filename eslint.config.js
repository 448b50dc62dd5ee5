import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Plain Node scripts (.mjs/.cjs) are not type-checked; tell ESLint which globals Node provides.
    files: ['**/*.{mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  {
    // Only the Electron shell may touch Electron: everything else runs in plain Node (tests, hub, bench).
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['main/app/**', 'preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/app/ and preload/ may import electron.' }] },
      ],
    },
  },
  {
    // The contract is bundled into the sandboxed preload and the browser page: no Electron, no Node built-ins.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/app/ and preload/ may import electron.' }],
          patterns: [{ group: ['node:*'], message: 'contract/ runs in the preload and the browser too.' }],
        },
      ],
    },
  },
);
