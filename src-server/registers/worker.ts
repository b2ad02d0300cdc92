/**
 * A background task that runs every `intervalMs`, can be woken early (`kick`) when there is new
 * work, never runs twice at once, and is stopped with the server (waiting for a run in progress).
 * Failures are logged and the next run tries again: the work itself is kept in the database.
 */
export interface BackgroundWorker {
  kick(): void;
  /** Runs now and resolves when done (tests and scripts use it instead of waiting for the timer). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorker(name: string, intervalMs: number, run: () => Promise<unknown>, log: (message: string, error: unknown) => void = defaultLog): BackgroundWorker {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const go = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await run();
        } catch (error) {
          log(`[${name}] run failed; retrying at the next interval`, error);
        }
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };

  const timer = setInterval(() => void go(), intervalMs);
  timer.unref();
  return {
    kick: () => void go(),
    runNow: go,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error instanceof Error ? error.message : error);
}
