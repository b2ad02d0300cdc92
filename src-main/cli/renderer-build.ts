import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is src-main/cli/). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');

/**
 * The renderer's build (dist/renderer/index.html), made with the renderer's own build script when
 * it is missing, so `npm run web` and `npm run demo` work on a fresh checkout.
 */
export function ensureRendererBuild(log: (text: string) => void = console.log): string {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return RENDERER_DIR;
  log('Building the workstation UI (npm run build:renderer)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0 || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The UI build failed (npm run build:renderer exited with ${result.status ?? result.signal})`);
  }
  return RENDERER_DIR;
}
