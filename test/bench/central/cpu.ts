import { readFileSync } from 'node:fs';
import type { Database } from '../../../src-server/db/database.js';

/**
 * CPU seconds spent on a stretch of the benchmark: this process (server and clients, all threads:
 * validation workers and GC included) and, when PostgreSQL runs on this machine, the server
 * processes of the benchmark's database. Unlike rates, these hardly move with other work on the
 * machine, so a change is judged by them when the machine is busy.
 */
export async function cpuSpent<T>(db: Database, work: () => Promise<T>): Promise<{ result: T; node: number; postgres: number | undefined }> {
  const pids = async () => (db.engine === 'postgres' ? (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((row) => row.pid) : []);
  const ticks = (pid: number): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
    } catch {
      return undefined;
    }
  };
  const before = new Map((await pids()).map((pid) => [pid, ticks(pid)]));
  const start = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(start);
  const after = await pids();
  let postgres: number | undefined = db.engine === 'postgres' ? 0 : undefined;
  for (const pid of after) {
    const now = ticks(pid);
    if (now === undefined || postgres === undefined) {
      postgres = undefined;
      break;
    }
    postgres += (now - (before.get(pid) ?? 0)!) / 100;
  }
  return { result, node: (used.user + used.system) / 1e6, postgres };
}
