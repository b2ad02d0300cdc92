/**
 * Checks Central against outside reference data (not a test: the data is not part of the project).
 *   npx tsx scripts/check-reference-data.ts [data folder, default ../shared/data]
 * 1. Synthea R4: the hospital and practitioner bundles, then each of the ten patients, each as a
 *    transaction (the files are batches with urn:uuid references); entries of types Central does
 *    not keep (claims, care plans...) are left out and counted; organisations and practitioners
 *    become conditional creates so each is stored once. Every patient is read back.
 * 2. The HL7 FHIR R4 examples: each of a type Central keeps is POSTed; prints how many are accepted
 *    and the reasons for the rest, grouped.
 * PostgreSQL in a scratch database when DATABASE_URL is set, else embedded PGlite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { configFromEnvironment } from '../src-server/config.js';
import { isStoredType } from '../src-server/fhir/resource-types.js';
import { startCentral } from '../src-server/main.js';
import { scratchDatabase } from '../test/bench/central/database.js';
import { syntheaAsTransaction } from './reference-data/synthea-transaction.js';

const dataDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
const database = await scratchDatabase(process.env.DATABASE_URL);
const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: database.url }, { inMemory: true });
const principal = { kind: 'client' as const, subject: 'reference-data', display: 'Reference data check', roles: ['clinic-admin' as const, 'institution' as const] };
const headers = { authorization: `Bearer ${central.ctx.tokens.sign(principal, central.ctx.now())}`, 'content-type': 'application/fhir+json' };
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${central.url}/fhir${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** A reason a person can group by: the first issue's text and where, without indexes or ids. */
function reasonOf(answer: { status: number; body: any }): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const issue = answer.body?.issue?.[0];
  const where = (issue?.expression?.[0] ?? '').replace(/\[\d+\]/g, '[n]').replace(/^Bundle\.entry\[n\]\.?/, '');
  return `${answer.status} ${issue?.details?.text ?? issue?.diagnostics ?? '?'}${where ? ` (${where})` : ''}`.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>');
}

async function synthea(): Promise<void> {
  const folder = join(dataDir, 'synthea-r4');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
  const ordered = [...files.filter((f) => /^(hospital|practitioner)Information/.test(f)), ...files.filter((f) => !/^(hospital|practitioner)Information/.test(f))];
  const left = new Map<string, number>();
  let patients = 0;
  let stored = 0;
  let readBack = 0;
  for (const file of ordered) {
    const answer = await call('POST', '', syntheaAsTransaction(readJson<Bundle>(join(folder, file)), left));
    if (answer.status !== 200) {
      console.log(`  ${file}: refused, ${reasonOf(answer)}`);
      continue;
    }
    const locations: string[] = answer.body.entry.map((e: BundleEntry) => e.response!.location!.replace(/\/_history\/\d+$/, ''));
    stored += answer.body.entry.filter((e: BundleEntry) => e.response!.status!.startsWith('201')).length;
    const patient = locations.find((l) => l.startsWith('Patient/'));
    if (!patient) {
      console.log(`  ${file}: ${locations.length} entries stored`);
      continue;
    }
    patients++;
    const everything = await call('GET', `/${patient}/$everything?_count=1000`);
    const found = new Set<string>(everything.body.entry.map((e: BundleEntry) => `${e.resource!.resourceType}/${e.resource!.id}`));
    const expected = locations.filter((l) => !/^(Organization|Practitioner)\//.test(l));
    const missing = expected.filter((l) => !found.has(l));
    const reads = await Promise.all(locations.map((l) => call('GET', `/${l}`)));
    readBack += reads.filter((r) => r.status === 200).length;
    console.log(`  ${file.split('_').slice(0, 2).join(' ')}: ${locations.length} entries stored, $everything ${found.size}${missing.length ? `, MISSING ${missing.length}` : ', all present'}`);
  }
  console.log(`Synthea: ${patients} patients loaded as transactions, ${stored} resources created, ${readBack} reads back OK`);
  console.log(`  left out (types Central does not keep): ${[...left].map(([t, n]) => `${t} ${n}`).join(', ')}`);
}

async function examples(): Promise<void> {
  const folder = join(dataDir, 'fhir-r4-examples');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  const reasons = new Map<string, string[]>();
  let supported = 0;
  let accepted = 0;
  for (const file of files) {
    const resource = readJson<Resource>(join(folder, file));
    if (!isStoredType(resource.resourceType)) continue;
    supported++;
    const answer = await call('POST', `/${resource.resourceType}`, resource);
    if (answer.status === 201) accepted++;
    else reasons.set(reasonOf(answer), [...(reasons.get(reasonOf(answer)) ?? []), file]);
  }
  console.log(`FHIR R4 examples: ${files.length} files, ${supported} of types Central keeps, ${accepted} accepted, ${supported - accepted} refused:`);
  for (const [reason, names] of [...reasons].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${String(names.length).padStart(3)} × ${reason}  [${names.slice(0, 4).join(', ')}${names.length > 4 ? ', ...' : ''}]`);
}

try {
  console.log(`Reference data from ${dataDir}; Central on ${database.describe}`);
  await synthea();
  await examples();
} finally {
  await central.close();
  await database.drop();
}
