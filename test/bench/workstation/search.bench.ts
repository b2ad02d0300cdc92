import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { LocalStore } from '../../../src-main/db/local-store.js';
import { generateDatabaseKey } from '../../../src-main/keys/database-key.js';
import { StorePatients } from '../../../src-main/services/store/patients.js';
import { demoPerson, type DemoPerson } from '../../../src-server/demo/people.js';
import { makeTempDir } from '../../fixtures/workstation/temp-dir.js';
import { figures, loadNote, measure, seeded } from './stats.js';

const LATIN: Record<string, string> = { Иванов: 'Ivanov' };

function patientOf(person: DemoPerson, index: number): Patient {
  return {
    resourceType: 'Patient',
    id: `p-${index}`,
    meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' },
    identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
    name: [{ use: 'official', family: person.family, given: person.patronymic ? [person.given, person.patronymic] : [person.given] }],
    gender: person.sex,
    birthDate: person.birthDate,
    address: [{ use: 'home', text: person.address }],
    telecom: [{ system: 'phone', value: person.phone }],
  };
}

/** What registrars type, letter by letter: surname beginnings, surname and name, numbers, birth dates. */
function queriesFor(people: DemoPerson[], count: number): string[] {
  const rnd = seeded(42);
  const pick = () => people[Math.floor(rnd() * people.length)]!;
  const queries: string[] = [];
  while (queries.length < count) {
    const p = pick();
    const kind = Math.floor(rnd() * 8);
    if (kind <= 2) for (let n = 1; n <= Math.min(p.family.length, 7); n++) queries.push(p.family.slice(0, n));
    else if (kind === 3) queries.push(`${p.family} ${p.given.slice(0, 1 + Math.floor(rnd() * p.given.length))}`);
    else if (kind === 4) queries.push(`${p.family} ${p.given} ${p.patronymic ?? ''}`.trim());
    else if (kind === 5) queries.push(p.personalNumber.slice(0, 4 + Math.floor(rnd() * 11)));
    else if (kind === 6) queries.push(p.birthDate.split('-').reverse().join('.'));
    else queries.push(LATIN[p.family] ?? `${p.birthDate.split('-').reverse().join('.')} ${p.family.slice(0, 3)}`);
  }
  return queries.slice(0, count);
}

/** Search over `patients` cached patients through the same service the registrar's screen calls. */
export async function searchBench(patients = 200_000, queryCount = 3000): Promise<void> {
  const dir = makeTempDir('medkarta-bench-search-');
  const store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
  try {
    const started = performance.now();
    const people: DemoPerson[] = [];
    const batch: Patient[] = [];
    for (let i = 0; i < patients; i++) {
      const person = demoPerson(i);
      people.push(person);
      batch.push(patientOf(person, i));
      if (batch.length === 5000 || i === patients - 1) {
        store.resources.upsertMany(batch);
        batch.length = 0;
      }
    }
    console.log(`search: ${patients} patients generated and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const service = new StorePatients({ store: () => store, now: () => new Date(), organizationId: () => 'bench', lastSyncAt: () => null, profile: () => null });
    const queries = queriesFor(people, queryCount);
    for (const q of queries.slice(0, 300)) service.search(q, 20); // warm up caches and the JIT
    const wall: number[] = [];
    const cpu: number[] = [];
    const byKind = new Map<string, { wall: number[]; cpu: number[] }>();
    let hits = 0;
    for (const q of queries) {
      const run = measure(() => service.search(q, 20));
      hits += run.value.length;
      wall.push(run.wall);
      cpu.push(run.cpu);
      const kind = /^\d{2}\.\d{2}/.test(q) ? 'birth date (+ name)' : /^\d/.test(q) ? 'personal number' : q.includes(' ') ? 'two or three words' : q.length <= 2 ? '1-2 letters' : '3+ letters';
      const list = byKind.get(kind) ?? byKind.set(kind, { wall: [], cpu: [] }).get(kind)!;
      list.wall.push(run.wall);
      list.cpu.push(run.cpu);
    }
    console.log(`search over ${patients} patients, ${queries.length} as-you-type queries, ${(hits / queries.length).toFixed(1)} results each on average (goal p95 < 10 ms):`);
    console.log(`  all                  ${figures(wall, cpu)}`);
    for (const [kind, list] of byKind) console.log(`  ${kind.padEnd(20)} ${figures(list.wall, list.cpu)} (${list.wall.length})`);
    console.log(`  (${loadNote()})`);
  } finally {
    store.close();
    dir.remove();
  }
}
