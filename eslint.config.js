import tseslint from 'typescript-eslint';
import { layeringRule } from './tools/lint/layering-rule.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/lint/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { k8ts: { rules: { layering: layeringRule } } },
    rules: {
      'k8ts/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name="only"]', message: 'no focused tests' },
      ],
    },
  },
);
