import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Resolves a URL path to a file inside `root`, or null. Anything that would leave the folder
 * (`..`, encoded slashes, NUL) or has a type we do not serve is refused, so the host can never be
 * asked for the data folder or the key file.
 */
export function resolveStaticPath(root: string, urlPath: string): { file: string; type: string } | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, '.' + path);
  if (!file.startsWith(base + sep)) return null;
  const type = TYPES[extname(file).toLowerCase()];
  return type ? { file, type } : null;
}

export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const target = resolveStaticPath(root, urlPath);
  if (!target) return null;
  try {
    return { body: await readFile(target.file), type: target.type };
  } catch {
    return null;
  }
}
