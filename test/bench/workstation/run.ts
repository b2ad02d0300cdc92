/**
 * `npm run bench:workstation`: the workstation's figures on generated data. Prints, asserts nothing
 * (a test never asserts a timing). Parts and sizes:
 *   --only search|chart|sync   one part (default: all three)
 *   --patients 200000          cached patients for the search
 *   --chart-resources 2000     resources in the chart's record
 *   --sync-patients 10000 --per-patient 50   the working set Central holds (500k resources)
 * Central for the sync part runs in a process of its own over PGlite, or over a fresh PostgreSQL
 * database when DATABASE_URL is set.
 */
import { availableParallelism } from 'node:os';
import { chartBench } from './chart.bench.js';
import { searchBench } from './search.bench.js';
import { loadNote, peakMemoryMiB } from './stats.js';
import { syncBench } from './sync.bench.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const wants = (part: string) => !only || only === part;

console.log(`Medkarta workstation benchmark: Node ${process.version}, ${availableParallelism()} cores, ${loadNote()} at start`);
if (wants('chart')) await chartBench(option('chart-resources', 2000));
if (wants('search')) await searchBench(option('patients', 200_000));
if (wants('sync')) await syncBench(option('sync-patients', 10_000), option('per-patient', 50));
console.log(`peak memory of this process over the whole run: ${peakMemoryMiB().toFixed(0)} MiB`);
