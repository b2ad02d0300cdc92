// `node scripts/electronegativity.mjs [--json] [--canary]`: Electron's static security checker
// (@doyensec/electronegativity) over the Electron shell (src-main/electron) and the renderer's page
// (src-renderer/index.html, which carries the CSP). Exits 1 on any HIGH or MEDIUM finding there.
// --canary also scans a deliberately insecure window (under canary/, never counted as failing), so a
// test can prove the checker still sees BrowserWindow options at all.
//
// The checker takes one input folder and reports "no CSP" per run, so both inputs are copied into
// one temporary folder (electron/, renderer/). It is run through its module API, not its CLI: the
// CLI writes its CSV header and rows with two racing async writes, and a row can be lost.
// One global check is left out, with its reason: AvailableSecurityFixesGlobalCheck compares the
// Electron version in a package.json with GitHub's release list; the inputs hold no package.json
// (the version is given as ELECTRON_VERSION), so it has nothing to look at and would only fetch.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ELECTRON_VERSION = '38.8.6';
const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = [
  { from: 'src-main/electron', to: 'electron' },
  { from: 'src-renderer/index.html', to: 'renderer/index.html' },
  ...(process.argv.includes('--canary') ? [{ from: 'test/fixtures/electronegativity/insecure-window.ts', to: 'canary/insecure-window.ts' }] : []),
];
const FAILING = new Set(['HIGH', 'MEDIUM']);

const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;

const folder = mkdtempSync(join(tmpdir(), 'medkarta-electronegativity-'));
// The checker logs to stdout (translations it could not fetch); keep stdout for the result.
const log = console.log;
console.log = (...args) => console.error(...args);
let result;
try {
  for (const input of INPUTS) cpSync(join(root, input.from), join(folder, input.to), { recursive: true });
  result = await run({
    input: folder,
    isRelative: true,
    electronVersionOverride: ELECTRON_VERSION,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
} finally {
  console.log = log;
  rmSync(folder, { recursive: true, force: true });
}

const findings = result.issues.map((issue) => ({
  id: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  line: issue.location.line,
  sample: issue.sample ?? null,
  description: issue.description,
}));
const failing = findings.filter((finding) => FAILING.has(finding.severity) && !finding.file.startsWith('canary/'));
const summary = { checks: result.atomicChecks + result.globalChecks, findings, parseErrors: result.errors, failing: failing.length };

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} else {
  for (const f of findings) console.log(`${f.severity.padEnd(13)} ${f.id.padEnd(36)} ${f.file}:${f.line}  ${f.sample ?? ''}`);
  for (const e of result.errors) console.log(`PARSE ERROR   ${e.file}: ${e.message}`);
  console.log(`${summary.checks} checks, ${findings.length} findings, ${failing.length} HIGH or MEDIUM`);
}
process.exitCode = failing.length > 0 || result.errors.some((e) => !e.tolerable) ? 1 : 0;
