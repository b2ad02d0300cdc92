import { configFromEnvironment } from '../../../src-server/config.js';
import { startCentral } from '../../../src-server/main.js';
import { runBookingBench } from './booking.bench.js';
import { runFeedsBench } from './feeds.bench.js';
import { scratchDatabase } from './database.js';
import { fillPatients, ingestOverHttp, rawInsert } from './ingest.js';
import { fmt, percentile } from './measure.js';
import { nameQueries, readFeed, readFeedFromStore, readLatencies, searchLatencies } from './queries.js';
import { demoBundles } from './records.js';
import { loadNote } from '../workstation/stats.js';
import { profiled } from './profile.js';
import { cpuSpent } from './cpu.js';

/**
 * npm run bench:central — Central's throughput and latency figures. Real PostgreSQL in a scratch
 * database when DATABASE_URL is set, else embedded PGlite. Sizes: BENCH_PATIENTS (population for the
 * search, default 100000), BENCH_INGEST_PEOPLE (demo patients whose whole records go through
 * transaction bundles, about ninety resources each; default 400). `-- --only ingest,read,search,feed`
 * runs just those parts of the Central figures (search and read need the population, so they fill
 * it) and skips the booking and feed-ingest benches, for profiling one path at a time;
 * BENCH_CPU_PROFILE=<prefix> profiles each measured part (profile.ts).
 */
const population = Number(process.env.BENCH_PATIENTS ?? 100_000);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : undefined;
const runs = (part: 'ingest' | 'read' | 'search' | 'feed') => !only || only.has(part);
const ingestPeople = Number(process.env.BENCH_INGEST_PEOPLE ?? 400);
const BUNDLE_SIZE = 50;
const PARALLEL = 4;

const database = await scratchDatabase(process.env.DATABASE_URL);
const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: database.url }, { inMemory: true });
const sign = (kind: 'user' | 'client', roles: ('doctor' | 'institution' | 'clinic-admin')[], organizationId?: string) => ({
  authorization: `Bearer ${central.ctx.tokens.sign({ kind, subject: 'bench', display: 'Bench', roles, organizationId }, central.ctx.now())}`,
});
// The demo polyclinic's own system, which keeps the directory its records point at: its patients are
// attached to it, so its writes and reads of their records are within its reach.
const institution = sign('client', ['clinic-admin', 'institution'], demoBundles(0, 0, BUNDLE_SIZE).polyclinicId);
const doctor = sign('user', ['doctor']);
const line = (label: string, value: string, goal = '') => console.log(`${label.padEnd(44)} ${value.padStart(22)}  ${goal}`);

try {
  // Other work on the machine slows every figure: the load is printed with them.
  console.log(`Medkarta Central benchmark: ${database.describe}; Node ${process.version}; ${population.toLocaleString('en-US')} patients; ${loadNote()} at start`);
  // Warm-up (loads the R4 definitions in every thread) with people beyond the population.
  await ingestOverHttp(central.url, institution, demoBundles(population, 4, BUNDLE_SIZE).stages, PARALLEL);
  const data = demoBundles(0, ingestPeople, BUNDLE_SIZE);
  const spent = await cpuSpent(central.ctx.db, () => profiled('ingest', () => ingestOverHttp(central.url, institution, data.stages, PARALLEL)));
  const ingest = spent.result;
  if (runs('ingest')) {
    const raw = await rawInsert(central.ctx.db, data.resources, BUNDLE_SIZE, PARALLEL);
    line(`ingest, transactions of ${BUNDLE_SIZE} over HTTP (${PARALLEL} clients)`, `${fmt(ingest.count / ingest.seconds)} resources/s`, 'goal >= 3,000');
    const perThousand = (seconds: number) => `${fmt((1000 * seconds) / ingest.count, 2)} s`;
    line('  CPU per 1,000 resources: Node / PostgreSQL', `${perThousand(spent.node)} / ${spent.postgres === undefined ? '?' : perThousand(spent.postgres)}`, '(all threads; steadier than rates on a busy machine)');
    line('  raw batched INSERT of the same JSON', `${fmt(raw.count / raw.seconds)} resources/s`, `(Central at ${fmt((100 * ingest.count) / ingest.seconds / (raw.count / raw.seconds))}% of it)`);
  }
  if (runs('read') || runs('search') || runs('feed')) {
    await fillPatients(central.ctx.db, ingestPeople, population);
    // As a store that has been running is: its visibility map set by autovacuum, so index-only scans are.
    await central.ctx.db.query('VACUUM ANALYZE');
  }
  if (runs('read')) {
    const reads = await profiled('read', () => readLatencies(central.url, doctor, data.patientIds, 2000));
    line('read Patient/{id} p50 / p95', `${fmt(percentile(reads, 50), 2)} / ${fmt(percentile(reads, 95), 2)} ms`, 'goal p95 < 5 ms');
  }

  if (runs('search')) {
    const search = await profiled('search', () => searchLatencies(central.url, doctor, nameQueries(population, 800)));
    line(`name search over ${fmt(population)} patients p50 / p95`, `${fmt(percentile(search.samples, 50), 2)} / ${fmt(percentile(search.samples, 95), 2)} ms`, 'goal p95 < 20 ms');
    line('  matches per search: median / p95', `${fmt(percentile(search.matches, 50))} / ${fmt(percentile(search.matches, 95))}`);
    const sorted = await searchLatencies(central.url, doctor, nameQueries(population, 200, true));
    line('  the same with _sort=family,given p50 / p95', `${fmt(percentile(sorted.samples, 50), 2)} / ${fmt(percentile(sorted.samples, 95), 2)} ms`);
  }

  if (runs('feed')) {
    // Read as an institution system: a doctor sees only the clinic's scope (attached, booked, seen,
    // pinned), and the bench's population belongs to no clinic.
    const feed = await readFeed(central.url, institution, 100_000);
    line('change feed over HTTP (resources included)', `${fmt(feed.count / feed.seconds)} resources/s`, `(${fmt(feed.count)} changes, institution client; each page audited per patient)`);
    const store = await readFeedFromStore(central.ctx.db, 100_000);
    line('  the same read from the store (no HTTP, no audit)', `${fmt(store.count / store.seconds)} resources/s`);
  }
} finally {
  await central.close();
  await database.drop();
}

if (!only) {
  // Scheduling's figures, on a Central of their own (test/bench/central/booking.bench.ts).
  await runBookingBench(line);

  // The integrator's feed ingest with matching on, on a Central of its own (test/bench/central/feeds.bench.ts).
  await runFeedsBench(line);
}
console.log(`(${loadNote()} at the end)`);
