import type { SyncStatus } from '../../shared/api/sync.js';

/**
 * The progress of a long download as the status line shows it: done of total from the pages
 * (kept in the store, so a resumed download counts on), and time left from the rate measured
 * since this process started receiving it.
 */
export class DownloadRate {
  private run: { startedAt: number; startDone: number } | null = null;
  current: SyncStatus['progress'] = null;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** After each applied page: `progress` is null when no download is under way. */
  update(progress: { done: number; total: number } | null, pageSize: number): void {
    if (!progress) {
      this.run = null;
      this.current = null;
      return;
    }
    const now = this.clock();
    this.run ??= { startedAt: now, startDone: progress.done - pageSize };
    const seconds = (now - this.run.startedAt) / 1000;
    const received = progress.done - this.run.startDone;
    const rate = seconds > 0 && received > 0 ? received / seconds : 0;
    const secondsLeft = rate > 0 ? Math.round((progress.total - progress.done) / rate) : null;
    this.current = { done: progress.done, total: progress.total, secondsLeft };
  }
}
