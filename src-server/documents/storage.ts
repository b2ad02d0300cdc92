import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/**
 * The folder Central keeps document files in. Files are named by Central alone: a random UUID,
 * under a subfolder of its first two characters (so no folder grows to millions of entries). No
 * part of any path comes from a request; `pathOf` refuses anything that is not such a UUID, and
 * checks the resolved path is still inside the folder, so even a bug upstream cannot reach out.
 * A file is written under a temporary name, flushed, and renamed into place: a crash leaves either
 * nothing or a whole file.
 */
export interface DocumentStorage {
  readonly root: string;
  /** Writes the bytes under a fresh name; answers it with the content's hashes. Call `discard` if what refers to it fails. */
  put(bytes: Uint8Array): Promise<StoredFile>;
  read(storageId: string): Promise<Buffer>;
  discard(storageId: string): Promise<void>;
}

export interface StoredFile {
  storageId: string;
  size: number;
  sha256: string;
  /** FHIR Attachment.hash: base64 SHA-1. */
  sha1Base64: string;
}

const STORAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isStorageId(value: unknown): value is string {
  return typeof value === 'string' && STORAGE_ID.test(value);
}

export function documentStorage(folder: string): DocumentStorage {
  const root = resolve(folder);
  const pathOf = (storageId: string) => {
    if (!isStorageId(storageId)) throw new Error('Not a storage id');
    const path = resolve(root, storageId.slice(0, 2), storageId);
    if (!path.startsWith(root + sep)) throw new Error('A storage path left the storage folder');
    return path;
  };
  return {
    root,
    async put(bytes) {
      const storageId = randomUUID();
      const path = pathOf(storageId);
      await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
      const temporary = `${path}.part`;
      // 'wx': never follows or overwrites anything already there.
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      return {
        storageId,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sha1Base64: createHash('sha1').update(bytes).digest('base64'),
      };
    },
    read: (storageId) => readFile(pathOf(storageId)),
    discard: (storageId) => rm(pathOf(storageId), { force: true }),
  };
}
