// ESLint for the whole repository: JavaScript's and typescript-eslint's recommended rules (type-aware), React's
// hook rules and Next.js's rules; formatting is Prettier's (`npm run lint` runs both).
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['node_modules/', '.next/', 'data/', 'test-artifacts/', 'bench/results/', '**/.vagrant/', 'next-env.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { a, b, ...rest } = x` is how a copy of x without a and b is made: a and b are unused by design.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // An `async` method without `await` is how an implementation of a Promise-returning interface (a machine, a lab
      // state, a test's fake) turns a synchronous throw into a rejection; dropping `async` would change that.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, nextPlugin.configs['core-web-vitals']],
  },
  {
    // Plain JavaScript (configs and scripts run by node): no type information, Node's globals.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
]);
