// The background checkpointer's thread (background-checkpoint.ts). Plain JavaScript so the same
// file runs under tsx, vitest and the bundled Electron main (copied beside it) without a compile step.
//
// It holds its own connection to the encrypted store and, each time it is told pages were
// committed, copies the WAL into the database file (a PASSIVE checkpoint: it never blocks the
// writer or a reader). The writer meanwhile has its own automatic checkpoints turned off, so
// during a long download the copying runs on another core instead of inside the writer's commits.
import Database from 'better-sqlite3-multiple-ciphers';
import { setImmediate } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

const db = openStore(workerData);

/** Opens the store as its owner did; a wrong key shows here, told to the owner, not as checkpoints that do nothing. */
function openStore({ path, key, cipherPragmas }) {
  try {
    const connection = new Database(path);
    for (const pragma of cipherPragmas) connection.pragma(pragma);
    connection.pragma(`key = "x'${key}'"`);
    connection.pragma('busy_timeout = 5000');
    // Like every connection to the store: temporary data never reaches an unencrypted file.
    connection.pragma('temp_store = MEMORY');
    connection.prepare('SELECT count(*) FROM sqlite_master').get();
    return connection;
  } catch (error) {
    // An error thrown from here would reach the owner without its message (a SQLite error is cloned as its code alone).
    parentPort.postMessage({ type: 'failed', message: `the checkpoint's connection could not open the store: ${error.message}` });
    process.exit(1);
  }
}

/** The newest request seen: a reply says every request up to it is covered. */
let latest = 0;
let scheduled = false;
let stopped = false;

parentPort.on('message', (message) => {
  if (message.type === 'stop') {
    // A checkpoint still scheduled is dropped: the writer's own automatic checkpoints are back.
    stopped = true;
    db.close();
    parentPort.close();
    return;
  }
  latest = message.id;
  // Requests that arrive while a checkpoint runs wait in the queue; one checkpoint after them covers all.
  if (scheduled) return;
  scheduled = true;
  setImmediate(checkpoint);
});

function checkpoint() {
  scheduled = false;
  if (stopped) return;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpointed', upTo: latest, frames: result.log, copied: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
