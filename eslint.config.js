import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // A bound LIMIT makes SQLite prepare the statement again on every run (see ONE_ROW in src/platform/db/hot-query.ts).
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='limit'][arguments.0.type='Literal'][arguments.0.value=1]", message: 'Use .limit(ONE_ROW): a bound LIMIT is prepared again on every run.' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The CSP allows no inline styles; React style props slip past it, so the linter stops them.
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='style']", message: 'CSP: use CSS classes, not style props.' }],
    },
  },
);
