import { fork, type ChildProcess } from 'node:child_process';
import { performance as nodePerformance } from 'node:perf_hooks';
import { join } from 'node:path';
import { LocalStore } from '../../../src-main/db/local-store.js';
import { generateDatabaseKey } from '../../../src-main/keys/database-key.js';
import { createSyncEngine } from '../../../src-main/sync/engine.js';
import { makeTempDir } from '../../fixtures/workstation/temp-dir.js';
import { heapMiB, loadNote, peakMemoryMiB, processCpuSeconds } from './stats.js';

interface Ready {
  url: string;
  engine: string;
  seeded: number;
  seedSeconds: number;
  deviceId: string;
  deviceSecret: string;
}

async function deviceToken(url: string, deviceId: string, deviceSecret: string): Promise<string> {
  const response = await fetch(`${url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: deviceId, client_secret: deviceSecret }) });
  if (!response.ok) throw new Error(`device token: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * The initial sync of a clinic's working set: Central (its own process) holds `patients` records
 * of `perPatient` resources; a fresh workstation pulls them all through the real sync engine into
 * its encrypted store, with the engine's own page size (BENCH_PULL_LIMIT=n asks for pages of n).
 * Beside it, the same rows inserted straight into a fresh store: the ceiling.
 */
export async function syncBench(patients = 10_000, perPatient = 50): Promise<void> {
  const child = fork(join(import.meta.dirname, 'central-child.ts'), [], {
    // BENCH_CENTRAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p": profile Central apart from the workstation.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CENTRAL_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, BENCH_PATIENTS: String(patients), BENCH_PER_PATIENT: String(perPatient) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`Central for the benchmark exited (${code})`)));
  });
  console.log(`sync: Central (${ready.engine}, own process) seeded with ${ready.seeded} resources in ${ready.seedSeconds.toFixed(1)} s`);
  const dir = makeTempDir('medkarta-bench-sync-');
  const store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
  try {
    let token: string | undefined;
    // Time Central took to answer (request sent to the answer's head; the engine asks for the next
    // page while it reads and writes the current one, so this overlaps the writing). The body is
    // left to the engine: reading it here would hold the head back until the whole page is in.
    let waiting = 0;
    const timedFetch: typeof fetch = async (input, init) => {
      const t = performance.now();
      const response = await fetch(input, init);
      waiting += performance.now() - t;
      return response;
    };
    let writing = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = (work) => {
      const t = performance.now();
      try {
        return transaction(work);
      } finally {
        writing += performance.now() - t;
      }
    };
    const engine = createSyncEngine({ store, centralUrl: ready.url, clientId: ready.deviceId, accessToken: async () => (token ??= await deviceToken(ready.url, ready.deviceId, ready.deviceSecret)), listen: false, ...(process.env.BENCH_PULL_LIMIT ? { pullLimit: Number(process.env.BENCH_PULL_LIMIT) } : {}), fetch: timedFetch });
    let lastPrint = performance.now();
    engine.onChange(({ status }) => {
      if (status.progress && performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(`  ${status.progress.done} / ${status.progress.total}${status.progress.secondsLeft !== null ? `, ~${Math.round(status.progress.secondsLeft)} s left` : ''}`);
      }
    });
    const centralCpuBefore = await centralCpu(child);
    const postgresCpuBefore = processCpuSeconds('postgres');
    const cpuBefore = process.cpuUsage();
    const loopBefore = nodePerformance.eventLoopUtilization();
    const started = performance.now();
    const status = await engine.syncNow();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const loop = nodePerformance.eventLoopUtilization(loopBefore);
    const centralCpuSeconds = (await centralCpu(child)) - centralCpuBefore;
    const postgresCpuAfter = processCpuSeconds('postgres');
    // PGlite runs inside Central's process; a PostgreSQL server elsewhere is not seen here.
    const postgresCpu = ready.engine === 'postgres' && postgresCpuBefore !== null && postgresCpuAfter !== null && postgresCpuAfter > postgresCpuBefore ? postgresCpuAfter - postgresCpuBefore : null;
    await engine.stop();
    const synced = store.resources.count();
    const endToEnd = synced / seconds;
    const peakAfterSync = peakMemoryMiB();
    console.log(`sync end to end: ${synced} resources in ${seconds.toFixed(1)} s = ${Math.round(endToEnd)} resources/s${status.lastError ? ` (error: ${status.lastError})` : ''}`);
    console.log(`  Central's answers took ${(waiting / 1000).toFixed(1)} s to arrive (overlapping the writing); writing into the store (transactions with their commits) ${(writing / 1000).toFixed(1)} s (${Math.round(synced / (writing / 1000))} resources/s)`);
    console.log(`  CPU: workstation ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${Math.round(synced / ((cpu.user + cpu.system) / 1e6))} resources per CPU-second; all its threads), Central ${centralCpuSeconds.toFixed(1)} s (${Math.round(synced / centralCpuSeconds)} per CPU-second)${postgresCpu !== null ? `, PostgreSQL on this machine ${postgresCpu.toFixed(1)} s` : ''}`);
    // Busy: running JavaScript or a synchronous call (the page's SQLite transaction), on a core or
    // waiting for one; the rest of the time it waited for Central's next answer.
    console.log(`  workstation's main thread busy ${(loop.utilization * 100).toFixed(0)}% of the wall time`);
    console.log(`  workstation process: peak memory ${peakAfterSync.toFixed(0)} MiB, heap now ${heapMiB().toFixed(0)} MiB`);
    const raw = await rawInsertRate(store, dir.path, 'raw.db', false);
    console.log(`raw insert of the same rows into an encrypted SQLite store: ${Math.round(raw)} rows/s; end to end is ${(endToEnd / raw).toFixed(2)} of raw (goals: >= 20,000/s and >= 0.4 of raw) (${loadNote()})`);
    // The sync copies a long download's WAL on another thread (db/background-checkpoint.ts); the
    // raw figure above is SQLite's own way. The same again with the copying moved off too, so the
    // ratio can be read both ways.
    const rawBackground = await rawInsertRate(store, dir.path, 'raw-background.db', true);
    console.log(`  the same with its WAL copied on another thread as the sync does: ${Math.round(rawBackground)} rows/s; end to end is ${(endToEnd / rawBackground).toFixed(2)} of that`);
  } finally {
    store.close();
    dir.remove();
    child.send({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** CPU seconds Central's process has used so far. */
function centralCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const answer = (message: { type?: string; seconds?: number }) => {
      if (message.type !== 'cpu') return;
      child.off('message', answer);
      resolve(message.seconds!);
    };
    child.on('message', answer);
    child.send({ type: 'cpu' });
  });
}

/**
 * The same rows, read back from the synced store 2000 at a time, as plain INSERTs into a fresh
 * encrypted store in transactions of 2000: no JSON, no search index, the table's own indexes only.
 * Only the inserting is timed (with `background`, also waiting at the end for the last copying).
 */
async function rawInsertRate(synced: LocalStore, dirPath: string, file: string, background: boolean): Promise<number> {
  const target = LocalStore.open(join(dirPath, file), generateDatabaseKey());
  let rows = 0;
  let elapsed = 0;
  try {
    const copying = background ? target.checkpointInBackground() : null;
    for (const batch of synced.resources.rawRows(2000)) {
      const started = performance.now();
      target.resources.insertRawRows(batch);
      copying?.committed();
      elapsed += performance.now() - started;
      rows += batch.length;
    }
    const started = performance.now();
    await copying?.settled();
    await copying?.end();
    elapsed += performance.now() - started;
  } finally {
    target.close();
  }
  return rows / (elapsed / 1000);
}
