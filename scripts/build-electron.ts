/**
 * `npm run build:electron`: the Electron main process and the preload, bundled with esbuild into
 * dist/main/, with the background checkpoint's worker copied beside them. Main is an ES module for
 * Node (Electron's), with npm packages left to node_modules (the native SQLite module must be the
 * one rebuilt for Electron); the preload is CommonJS because
 * a sandboxed preload cannot load ES modules, and it bundles nothing but our method names.
 */
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: false, logLevel: 'warning', absWorkingDir: root } as const;

await build({
  ...common,
  entryPoints: { 'electron-main': 'src-main/electron/main.ts' },
  outdir: 'dist/main',
  format: 'esm',
  packages: 'external',
  outExtension: { '.js': '.js' },
});

await build({
  ...common,
  entryPoints: { preload: 'src-main/electron/preload.ts' },
  outdir: 'dist/main',
  format: 'cjs',
  external: ['electron'],
  outExtension: { '.js': '.cjs' },
});

// The background checkpoint's thread is loaded by path (new URL beside the importing module), which
// esbuild does not follow: it sits beside the bundle as it sits beside its importer in the source.
copyFileSync(`${root}/src-main/db/checkpoint-worker.mjs`, `${root}/dist/main/checkpoint-worker.mjs`);

console.log('built dist/main/electron-main.js, dist/main/preload.cjs and dist/main/checkpoint-worker.mjs');
