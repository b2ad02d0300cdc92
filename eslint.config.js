// Lint, with the import boundaries of ARCHITECTURE.md: code may only depend in the directions
// drawn there, so the layering cannot rot one convenient import at a time.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ and the renderer run anywhere: no Node built-ins.' };
const electron = { group: ['electron', 'electron/*'], message: 'Only the Electron shell (src-main/electron) may import electron.' };
const importsOf = (folder, why) => ({ group: [`**/${folder}/**`, `**/${folder}`], message: why });
const domGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'HTMLElement'].map((name) => ({
  name,
  message: 'shared/ runs anywhere: no DOM.',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, importsOf('src-server', 'shared/ depends on nothing of ours'), importsOf('src-main', 'shared/ depends on nothing of ours'), importsOf('src-renderer', 'shared/ depends on nothing of ours')] }],
      'no-restricted-globals': ['error', ...domGlobals, { name: 'process', message: 'shared/ runs anywhere: no process.' }, { name: 'Buffer', message: 'shared/ runs anywhere: no Buffer.' }],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, importsOf('src-main', 'The renderer reaches the workstation only through the API client.'), importsOf('src-server', 'The renderer never talks to Central directly.')] }],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, importsOf('src-server', 'The workstation reaches Central over HTTP only.'), importsOf('src-renderer', 'Main never imports the UI.')] }],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [importsOf('src-server', 'The workstation reaches Central over HTTP only.'), importsOf('src-renderer', 'Main never imports the UI.')] }],
    },
  },
  {
    files: ['src-server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, importsOf('src-main', 'Central knows nothing of the workstation.'), importsOf('src-renderer', 'Central knows nothing of the UI.')] }],
    },
  },
);
