import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { RENDERER_META_CSP } from './src-main/transport/csp.js';

/**
 * The renderer's build: src-renderer → dist/renderer, relative asset paths (served from app:// in
 * Electron and from 127.0.0.1 in browser mode), no inline scripts or styles, and index.html
 * carrying the same strict CSP the hosts send as a header, so the page is locked down even if a
 * host forgot the header.
 */
const root = fileURLToPath(new URL('./src-renderer', import.meta.url));

/** index.html carries the policy literally (static checkers read it there); the build refuses any other. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'medkarta-csp',
    apply: 'build',
    transformIndexHtml(html) {
      const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((match) => match[1]);
      if (metas.length !== 1 || metas[0] !== RENDERER_META_CSP) {
        throw new Error(`src-renderer/index.html must carry exactly one CSP <meta> with content="${RENDERER_META_CSP}"`);
      }
      return html;
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [contentSecurityPolicy()],
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Inline assets would need data: in the CSP for scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    // React, i18next and the contract's schemas in one file the app loads from disk: no network to save.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's comments confuse Rollup's annotation parser; the code is unaffected.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
});
