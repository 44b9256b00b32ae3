// Lint: TypeScript rules everywhere, plus the boundary of lib/ (pure computation: it runs in
// a Web Worker and in Node, so it must not reach for React, Next, Monaco, the file system or
// the UI components).
import tseslint from 'typescript-eslint';

/** Imports that lib/ must never make; exported so the boundary test can name them. */
export const libForbiddenImports = {
  paths: [
    { name: 'react', message: 'lib/ is pure: no React (UI lives in app/ and components/).' },
    { name: 'react-dom', message: 'lib/ is pure: no React DOM.' },
    { name: 'fs', message: 'lib/ is pure: no file system (read files in cli/ and pass data in).' },
    { name: 'node:fs', message: 'lib/ is pure: no file system (read files in cli/ and pass data in).' },
    { name: 'fs/promises', message: 'lib/ is pure: no file system.' },
    { name: 'node:fs/promises', message: 'lib/ is pure: no file system.' },
    { name: 'monaco-editor', message: 'lib/ is pure: no Monaco (editor lives in components/editor).' },
  ],
  patterns: [
    { group: ['react/*', 'react-dom/*'], message: 'lib/ is pure: no React.' },
    { group: ['next', 'next/*'], message: 'lib/ is pure: no Next.js.' },
    { group: ['monaco-editor/*', '@monaco-editor/*'], message: 'lib/ is pure: no Monaco.' },
    { group: ['**/components', '**/components/*', '@/components/*', '**/app/*', '@/app/*'], message: 'lib/ must not import UI code.' },
  ],
};

export default tseslint.config(
  { ignores: ['tests/fixtures/lint/**', 'node_modules/**', '.next/**', 'out/**', 'public/**', 'test-results/**', 'playwright-report/**', 'runs/**', 'next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**/*.ts', 'tests/fixtures/lint/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', libForbiddenImports],
      'no-restricted-globals': ['error', { name: 'window', message: 'lib/ has no DOM.' }, { name: 'document', message: 'lib/ has no DOM: take document as a parameter.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded RNG in lib/stats/random.ts.' }],
    },
  },
);
