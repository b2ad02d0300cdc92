/**
 * `npm run build:electron`: the Electron main process and the preload, bundled with esbuild into
 * dist/main/. Main is an ES module for Node (Electron's), with npm packages left to node_modules
 * (the native SQLite module must be the one rebuilt for Electron); the preload is CommonJS because
 * a sandboxed preload cannot load ES modules, and it bundles nothing but our method names.
 */
import { build } from 'esbuild';
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

console.log('built dist/main/electron-main.js and dist/main/preload.cjs');
