import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const RENDERER_DIR = join(root, 'dist/renderer');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The e2e suite runs the built renderer, as users do: build it when any of its sources is newer than the build. */
export async function ensureRendererBuilt(): Promise<string> {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'shared')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'error' });
  }
  return RENDERER_DIR;
}
