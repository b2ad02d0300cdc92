import { Worker } from 'node:worker_threads';
import type { DatabaseKey } from '../keys/database-key.js';
import { cipherOf, cipherPragmas, type SqliteDatabase } from './open.js';

/** SQLite's own default: the writer copies the WAL into the database once it holds this many pages. */
export const AUTOMATIC_CHECKPOINT_PAGES = 1000;

/** What the worker reports: a checkpoint covering every request up to `upTo`, or why it gave up. */
type WorkerMessage = { type: 'checkpointed'; upTo: number; frames: number; copied: number } | { type: 'failed'; message: string };

/**
 * Copies the WAL into the database file on another thread while a long download writes page after
 * page. In WAL mode, once the WAL holds 1,000 pages the writer's next commit copies them into the
 * file itself: about a third of the time a page of 2,000 resources took to write. Here the writer's
 * automatic checkpoints are off and a worker with its own connection (checkpoint-worker.mjs) runs a
 * PASSIVE checkpoint after each page, on a core the writer is not using; the WAL then starts over
 * from its beginning at the next commit, so it stays about a page's size. Durability is unchanged:
 * a commit is in the WAL either way, and the WAL is what survives a crash.
 *
 * If the worker cannot start or a checkpoint fails, the writer's automatic checkpoints come back
 * at once, as if this had never begun.
 */
export class BackgroundCheckpoint {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private requested = 0;
  private covered = 0;
  private waiting: { upTo: number; resolve: () => void }[] = [];
  private stopped = false;
  /** Why the worker gave up, if it did. */
  failure: string | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    path: string,
    key: DatabaseKey,
    private readonly onEnd: () => void = () => {},
  ) {
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { path, key, cipherPragmas: cipherPragmas(cipherOf(db)) } });
    // Never keeps the process alive on its own: a store closed without end() must not hang an exit.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'checkpointed') this.coveredUpTo(message.upTo);
      else this.giveUp(message.message);
    });
    this.worker.on('error', (error: unknown) => this.giveUp(reasonOf(error)));
    this.worker.once('exit', () => this.coveredUpTo(Infinity));
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /** A page was committed: the worker copies what the WAL holds by now. */
  committed(): void {
    if (this.stopped || this.failure !== null) return;
    this.worker.postMessage({ type: 'checkpoint', id: ++this.requested });
  }

  /** Resolves once a checkpoint begun after every commit announced so far has finished (or the worker is gone). */
  settled(): Promise<void> {
    const upTo = this.requested;
    if (this.covered >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ upTo, resolve }));
  }

  /** The download is over: the writer checkpoints for itself again, and the worker closes its connection. */
  async end(): Promise<void> {
    this.restoreAutomatic();
    if (!this.stopped) {
      this.stopped = true;
      this.worker.postMessage({ type: 'stop' });
      this.onEnd();
    }
    // Waited for, the worker must hold the process open: unreferenced, a command whose last work
    // is this wait (`ws sync`) would exit here, before saying anything.
    this.worker.ref();
    await this.exited;
  }

  private coveredUpTo(upTo: number): void {
    this.covered = Math.max(this.covered, upTo);
    const ready = this.waiting.filter((w) => w.upTo <= this.covered);
    this.waiting = this.waiting.filter((w) => w.upTo > this.covered);
    for (const w of ready) w.resolve();
  }

  private giveUp(reason: string): void {
    this.failure ??= reason;
    this.restoreAutomatic();
    void this.worker.terminate();
  }

  private restoreAutomatic(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
  }
}

/** An error thrown in the worker arrives cloned: a SQLite error as a plain object with its message. */
function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
