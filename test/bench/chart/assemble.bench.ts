/**
 * `npm run bench:chart`: how long the chart takes to assemble for a long record. Prints figures;
 * asserts nothing (a test never asserts a timing).
 */
import { performance } from 'node:perf_hooks';
import { assembleChart } from '../../../src-main/chart/assemble.js';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';

const sizes = [500, 2000, 5000];
for (const size of sizes) {
  const { resources, summary } = largeRecord('pat-bench', size);
  const options = { today: '2025-06-10', syncedAt: null, patientSummary: summary, pending: new Set<string>() };
  for (let i = 0; i < 20; i++) assembleChart(resources, options); // warm up the JIT
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    assembleChart(resources, options);
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuPerRun = (cpu.user + cpu.system) / 1000 / 200;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  const json = JSON.stringify(assembleChart(resources, options)).length;
  console.log(`chart assembly, ${size} resources: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; CPU ${cpuPerRun.toFixed(2)} ms per assembly (wall time suffers when other processes share the cores); view model ${(json / 1024).toFixed(0)} KiB as JSON`);
}
