/**
 * Correctness harness for structural validation: runs the validator over the official R4 examples
 * (../shared/data/fhir-r4-examples, or the folder given as EXAMPLES_DIR), the Synthea patients'
 * resources (../shared/data/synthea-r4 or SYNTHEA_DIR, if there), the benchmark's generated
 * demo resources and deliberately broken variants of them, and records for each one whether it is
 * accepted and the issues found. `--write <file>` saves the outcomes; `--compare <file>` fails (exit
 * 1) on any difference, so a faster validator can be proved to decide exactly as the old one did.
 * `--fixture <file>` writes the slice the unit test (src-server/fhir/validation.test.ts) replays:
 * the small (< 8 kB) official examples of types Central stores: all it refuses, one in five it accepts;
 * one demo resource of each type and every broken variant, each with its outcome.
 *
 *   MEDKARTA_VALIDATION_FAST=0 npx tsx test/bench/central/validation-harness.ts --write /tmp/validation-medplum.json
 *   npx tsx test/bench/central/validation-harness.ts --compare /tmp/validation-medplum.json
 *
 * (MEDKARTA_VALIDATION_FAST=0: medplum's validator alone, as before validation-fast.ts.) It also
 * checks that the fast path accepts nothing medplum's validator refuses.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { loadDefinitions, validateIncoming, validateStructure } from '../../../src-server/fhir/validation.js';
import { provablyValid } from '../../../src-server/fhir/validation-fast.js';
import { isStoredType } from '../../../src-server/fhir/resource-types.js';
import { demoBundles } from './records.js';
import { brokenVariants } from '../../../src-server/fhir/validation-variants.js';

let fastAccepted = 0;
const fastWrong: string[] = [];
type Outcome = { accepted: boolean; issues: string[]; structural: string[] };

type Issue = { severity?: string; code?: string; details?: { text?: string }; expression?: string[] };
const text = (i: Issue): string => `${i.severity} ${i.code} ${(i.expression ?? []).join(',')} ${i.details?.text ?? ''}`;

/** What Central answers (validateIncoming), and every issue, warnings too, of the structural check alone, for any type. */
function outcomeOf(resource: unknown): Outcome {
  const structural = structuralIssues(structuredClone(resource) as Resource).map(text);
  if (resource && typeof resource === 'object' && typeof (resource as Resource).resourceType === 'string' && provablyValid(structuredClone(resource) as Resource)) {
    fastAccepted++;
    if (structural.some((issue) => issue.startsWith('error') || issue.startsWith('fatal'))) fastWrong.push(JSON.stringify(resource).slice(0, 200));
  }
  try {
    validateIncoming(structuredClone(resource));
    return { accepted: true, issues: [], structural };
  } catch (error) {
    const issues = (error as { outcome?: { issue?: Issue[] } }).outcome?.issue;
    if (!issues) throw error;
    return { accepted: false, issues: issues.map(text), structural };
  }
}

function structuralIssues(resource: Resource): Issue[] {
  try {
    return validateStructure(resource);
  } catch (error) {
    return (error as { outcome?: { issue?: Issue[] } }).outcome?.issue ?? [{ severity: 'thrown', details: { text: String(error) } }];
  }
}

function cases(): Map<string, unknown> {
  const all = new Map<string, unknown>();
  const dir = process.env['EXAMPLES_DIR'] ?? new URL('../../../../shared/data/fhir-r4-examples', import.meta.url).pathname;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    all.set(`example/${name}`, JSON.parse(readFileSync(join(dir, name), 'utf8')));
  }
  const synthea = process.env['SYNTHEA_DIR'] ?? new URL('../../../../shared/data/synthea-r4', import.meta.url).pathname;
  for (const name of existsSync(synthea) ? readdirSync(synthea).filter((n) => n.endsWith('.json')).sort() : []) {
    const bundle = JSON.parse(readFileSync(join(synthea, name), 'utf8')) as { entry?: { resource?: unknown }[] };
    bundle.entry?.forEach((entry, i) => all.set(`synthea/${name}/${i}`, entry.resource));
  }
  const { resources } = demoBundles(0, 40, 50);
  resources.forEach((resource, i) => all.set(`demo/${i}/${resource.resourceType}`, resource));
  const sample = new Map<string, Resource>();
  for (const resource of resources) if (!sample.has(resource.resourceType)) sample.set(resource.resourceType, resource);
  for (const resource of sample.values()) {
    for (const [what, broken] of brokenVariants(resource)) all.set(`broken/${resource.resourceType}/${what}`, broken);
  }
  return all;
}

const args = process.argv.slice(2);
loadDefinitions();
const started = performance.now();
const outcomes: Record<string, Outcome> = {};
const all = cases();
for (const [name, value] of all) outcomes[name] = outcomeOf(value);
const seconds = (performance.now() - started) / 1000;
const values = Object.values(outcomes);
console.log(`${values.length} resources, ${values.filter((o) => o.accepted).length} accepted, ${values.filter((o) => !o.accepted).length} refused (${seconds.toFixed(1)} s)`);
console.log(`fast path: ${fastAccepted} accepted without medplum's walk, ${fastWrong.length} of them wrongly (medplum finds an error)`);
for (const wrong of fastWrong.slice(0, 10)) console.log(`  FAST PATH WRONG: ${wrong}`);
if (fastWrong.length > 0) process.exitCode = 1;
if (args[0] === '--write') writeFileSync(args[1]!, JSON.stringify(outcomes, null, 1));
if (args[0] === '--fixture') {
  // The broken variants are not stored: the test makes them again from the demo resources.
  const resources: { name: string; resource: unknown; accepted: boolean; issues: string[] }[] = [];
  const variants: Record<string, { accepted: boolean; issues: string[] }> = {};
  const demoTypes = new Set<string>();
  let acceptedExamples = 0;
  for (const [name, value] of all) {
    const { accepted, issues } = outcomes[name]!;
    const type = (value as { resourceType?: string }).resourceType ?? '';
    if (name.startsWith('broken/')) variants[name] = { accepted, issues };
    else if ((name.startsWith('demo/') && !demoTypes.has(type) && demoTypes.add(type)) ||
      (name.startsWith('example/') && isStoredType(type) && JSON.stringify(value).length < 8000 && (!accepted || acceptedExamples++ % 5 === 0))) {
      resources.push({ name, resource: value, accepted, issues });
    }
  }
  writeFileSync(args[1]!, JSON.stringify({ resources, variants }) + '\n');
  console.log(`${resources.length} resources and ${Object.keys(variants).length} variants written to ${args[1]}`);
}
if (args[0] === '--compare') {
  const before = JSON.parse(readFileSync(args[1]!, 'utf8')) as Record<string, Outcome>;
  let differences = 0;
  for (const name of new Set([...Object.keys(before), ...Object.keys(outcomes)])) {
    if (JSON.stringify(before[name]) !== JSON.stringify(outcomes[name])) {
      differences++;
      if (differences <= 20) console.log(`DIFFERS ${name}\n  before: ${JSON.stringify(before[name])}\n  after:  ${JSON.stringify(outcomes[name])}`);
    }
  }
  console.log(differences === 0 ? 'identical outcomes' : `${differences} differences`);
  process.exitCode = differences === 0 ? 0 : 1;
}
