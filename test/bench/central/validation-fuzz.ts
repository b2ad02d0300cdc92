/**
 * Soundness check of the fast path (src-server/fhir/validation-fast.ts): random faults at random
 * depths of valid resources (the bench's demo resources and the official examples of types Central
 * stores), each checked both ways. The fast path may decline anything, but must never accept a
 * resource in which @medplum/core's validator finds an error. Exit 1 if it ever does.
 *
 *   [FUZZ_SEED=n] npx tsx test/bench/central/validation-fuzz.ts [mutants per resource, default 40] [faults in each, default 1]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { provablyValid } from '../../../src-server/fhir/validation-fast.js';
import { isStoredType } from '../../../src-server/fhir/resource-types.js';
import { loadDefinitions, validateStructure } from '../../../src-server/fhir/validation.js';
import { demoBundles } from './records.js';

let seed = Number(process.env['FUZZ_SEED'] ?? 12345);
function random(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}

const REPLACEMENTS: unknown[] = [null, '', ' ', 0, -1, 1.5, 1e21, true, 'x  y', 'x y', {}, [], [null], { bogus: 1 }, '2024-02-30', '2024-13-01', '12:00', 'urn:uuid:x', 'A', 'final', '<div>x</div>', { reference: 'Patient/1' }, { text: 'x' }, [{ text: 'x' }], ['x'], { extension: [] }, { url: 'http://x' }];

/** Every path to a value in the object, as lists of keys and indexes. */
function paths(value: unknown, at: (string | number)[] = [], all: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const next = [...at, Array.isArray(value) ? Number(key) : key];
      all.push(next);
      paths(child, next, all);
    }
  }
  return all;
}

function mutate(resource: Resource): Record<string, unknown> {
  const copy = structuredClone(resource) as unknown as Record<string, unknown>;
  const all = paths(copy).filter((p) => p[0] !== 'resourceType');
  const path = all[random(all.length)]!;
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent?.[step] as Record<string | number, unknown>;
  if (!parent || typeof parent !== 'object') return copy; // a path the faults before made odd (JSON-like "[]" keys)
  const last = path[path.length - 1]!;
  const value = parent[last];
  switch (random(10)) {
    case 0: delete parent[last]; break;
    case 1: parent[`${String(last)}Extra`] = 'x'; break;
    case 2: parent[`_${String(last)}`] = { extension: [{ url: 'http://x', valueString: 'y' }] }; break;
    case 3: parent[last] = Array.isArray(value) ? value[0] : [value]; break;
    case 8: (copy as Record<string, unknown>)[['contained', 'component', 'dataAbsentReason', '_status'][random(4)]!] = [[{ resourceType: 'Patient', id: 'p', contained: [{ resourceType: 'Patient' }] }], [{ code: { text: 'x' } }], { text: 'x' }, { extension: [{ url: 'http://x', valueString: 'y' }] }][random(4)]; break;
    case 4: if (value && typeof value === 'object' && !Array.isArray(value)) (value as Record<string, unknown>)[['bogus', 'length', 'resourceType', 'id', 'extension', 'valueString', 'valueQuantity', 'contained', 'component', 'dataAbsentReason'][random(10)]!] = REPLACEMENTS[random(REPLACEMENTS.length)]; break;
    case 5: if (typeof last === 'string' && /[A-Z]/.test(last)) parent[last.replace(/[A-Z].*/, 'String')] = 'x'; else parent[last] = REPLACEMENTS[random(REPLACEMENTS.length)]; break;
    default: parent[last] = REPLACEMENTS[random(REPLACEMENTS.length)];
  }
  return copy;
}

function medplumErrors(resource: Resource): boolean {
  try {
    return validateStructure(resource).some((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch {
    return true;
  }
}

loadDefinitions();
const perResource = Number(process.argv[2] ?? 40);
const faults = Number(process.argv[3] ?? 1);
const bases: Resource[] = [];
const seen = new Map<string, number>();
for (const resource of demoBundles(0, 20, 50).resources) {
  const n = seen.get(resource.resourceType) ?? 0;
  if (n < 5) bases.push(JSON.parse(JSON.stringify(resource)) as Resource);
  seen.set(resource.resourceType, n + 1);
}
const dir = process.env['EXAMPLES_DIR'] ?? new URL('../../../../shared/data/fhir-r4-examples', import.meta.url).pathname;
for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const resource = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Resource;
  if (isStoredType(resource.resourceType) && !medplumErrors(resource)) bases.push(resource);
}
let mutants = 0;
let fastAccepted = 0;
let medplumAccepted = 0;
const wrong: string[] = [];
for (const base of bases) {
  for (let i = 0; i < perResource; i++) {
    let mutant = base;
    for (let m = 0; m < faults; m++) mutant = mutate(mutant) as unknown as Resource;
    mutants++;
    const refused = medplumErrors(structuredClone(mutant));
    if (!refused) medplumAccepted++;
    if (provablyValid(structuredClone(mutant))) {
      fastAccepted++;
      if (refused) wrong.push(JSON.stringify(mutant).slice(0, 400));
    }
  }
}
console.log(`${bases.length} valid resources, ${mutants} mutants: medplum accepts ${medplumAccepted}, the fast path ${fastAccepted}, wrongly ${wrong.length}`);
for (const w of wrong.slice(0, 5)) console.log(`  WRONGLY ACCEPTED: ${w}`);
process.exitCode = wrong.length === 0 ? 0 : 1;
