// The one test command (README, .ci/run): type-check, lint, then each vitest project in turn; ends
// with a plain "N passed, N failed" line summed over all of them. Projects run one after another,
// not side by side: the simulation and the end-to-end suite start servers and browsers of their own,
// and on a two-core machine they should not compete with the integration suite for the CPU. The
// type-check and lint (each one process on one core, touching nothing) run beside the unit tests
// (one worker on a two-core machine); their output is printed once they end.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROJECTS = ['unit', 'int', 'sim', 'e2e'];

let passed = 0;
let failed = 0;
const summary = [];

/**
 * Starts a check in the background, its output to a file so it does not mix with the unit tests';
 * resolves once it has ended and been reported.
 */
function backgroundStep(name, command, args) {
  const started = Date.now();
  const outputFile = join(mkdtempSync(join(tmpdir(), 'medkarta-test-')), `${name}.log`);
  const output = openSync(outputFile, 'w');
  const child = spawn(command, args, { env: process.env, stdio: ['ignore', output, output] });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      closeSync(output);
      console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
      process.stdout.write(readFileSync(outputFile));
      const ok = status === 0;
      if (ok) passed++;
      else failed++;
      summary.push(`${name}: ${ok ? 'ok' : `FAILED (exit ${status})`} in ${seconds(started)} (beside the unit tests)`);
      resolve();
    });
  });
}

async function vitestProject(project) {
  const reportFile = join(mkdtempSync(join(tmpdir(), 'medkarta-test-')), `${project}.json`);
  console.log(`\n=== vitest project ${project}`);
  const started = Date.now();
  const run = await new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('close', (status) => resolve({ status }));
  });
  let projectPassed = 0;
  let projectFailed = 0;
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    projectPassed = report.numPassedTests;
    projectFailed = report.numFailedTests;
    // A file that failed to load has no tests to count: count it as a failure.
    projectFailed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  } catch {
    console.log(`=== vitest project ${project} wrote no report`);
    projectFailed++;
  }
  // A run that failed for a reason the report does not show (a crash, an unhandled error) still fails.
  if (run.status !== 0 && projectFailed === 0) projectFailed++;
  passed += projectPassed;
  failed += projectFailed;
  summary.push(`${project}: ${projectPassed} passed, ${projectFailed} failed in ${seconds(started)}`);
}

const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

const checks = [backgroundStep('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']), backgroundStep('lint', 'npx', ['eslint', '--max-warnings=0', '.'])];
await vitestProject('unit');
await Promise.all(checks);
for (const project of PROJECTS.filter((name) => name !== 'unit')) await vitestProject(project);

console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
