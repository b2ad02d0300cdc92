/**
 * The ten Synthea patients of ../shared/data/synthea-r4 sent to Central as two institutions' feeds,
 * and what Central made of them (not a test: the data is not part of the project).
 *   npx tsx scripts/synthea-as-feeds.ts [data folder, default ../shared/data]
 * PostgreSQL in a scratch database when DATABASE_URL is set, else embedded PGlite; the register
 * simulators are started here (the register of legal entities verifies both institutions).
 *
 * Each Synthea record is split between two institutions, both registered through POST
 * /feeds/institutions and sending with their own client credentials through POST /feeds:
 * - a private clinic (the Synthea family practice: well-child visits and everything without an
 *   encounter) that registered its patients by passport, so its Patient copies carry a Belarusian
 *   personal number (Synthea has none: a valid one is generated from the birth date and sex);
 * - an emergency hospital (the Synthea hospitals' encounters and what hangs on them) whose Patient
 *   copies carry only its own record number: it is matched by demographics.
 * Each patient's share goes as one bundle, exactly as Synthea wrote the resources. What Central
 * refuses comes back with reasons; the institution then leaves out the entries named and sends
 * again. At the end both institutions resend everything, which must change nothing.
 * Exits non-zero when Central does not hold exactly ten Patients, when a hospital record is
 * attached to another person than the clinic's, or when the resend changes anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle, BundleEntry, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { isValidPersonalNumber, makePersonalNumber } from '../shared/domain/personal-number.js';
import { SYSTEMS } from '../shared/fhir/systems.js';
import { configFromEnvironment } from '../src-server/config.js';
import { startCentral } from '../src-server/main.js';
import { KNOWN_ENTITIES } from '../src-server/registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../src-server/registers/registry.js';
import { startSimulatedRegisters } from '../src-server/registers/testing.js';
import { scratchDatabase } from '../test/bench/central/database.js';

type Side = 'clinic' | 'hospital';
interface Feed {
  side: Side;
  person: string;
  entries: BundleEntry[];
}
interface SubmissionView {
  id: string;
  status: 'received' | 'accepted' | 'rejected' | 'review';
  waitingFor: string | null;
  summary: { entries: number; created: number; updated: number; withdrawn: number; unchanged: number; held: number; patients: { known: number; created: number; review: number } } | null;
  outcome: OperationOutcome | null;
}

const dataDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
const INSTITUTIONS = {
  clinic: { unp: KNOWN_ENTITIES[3]!.unp, kind: 'private-clinic', system: 'МИС', idSystem: 'https://zdorovaya-semya.by/fhir/sid/patient' },
  hospital: { unp: KNOWN_ENTITIES[1]!.unp, kind: 'hospital', system: 'HIS', idSystem: 'https://bsmp.by/fhir/sid/medical-record' },
} as const;
const HOSPITAL_CLASSES = new Set(['IMP', 'EMER', 'ACUTE', 'OBSENC']);
const HOSPITAL_NAME = /hospital|medical center/i;
const DIRECTORY = new Set(['Organization', 'Practitioner', 'PractitionerRole', 'Location']);
const referencesIn = (resource: Resource) => [...JSON.stringify(resource).matchAll(/"reference":"(urn:uuid:[^"]+)"/g)].map((m) => m[1]!);

/**
 * One Synthea record as the two institutions' shares: encounters by where they happened, each
 * other record with the encounter (or record) it refers to, the directory entries with whoever
 * refers to them, the Patient to both with that institution's own identifiers.
 */
function split(bundle: Bundle, person: number): Feed[] {
  const entries = bundle.entry ?? [];
  const byUrl = new Map(entries.map((e) => [e.fullUrl!, e]));
  const sideOf = new Map<string, Side>();
  for (const e of entries) {
    if (e.resource?.resourceType !== 'Encounter') continue;
    const provider = byUrl.get(e.resource.serviceProvider?.reference ?? '')?.resource as { name?: string } | undefined;
    sideOf.set(e.fullUrl!, HOSPITAL_CLASSES.has(e.resource.class?.code ?? '') || HOSPITAL_NAME.test(provider?.name ?? '') ? 'hospital' : 'clinic');
  }
  const clinical = entries.filter((e) => e.resource!.resourceType !== 'Patient' && e.resource!.resourceType !== 'Encounter' && !DIRECTORY.has(e.resource!.resourceType));
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of clinical) {
      if (sideOf.has(e.fullUrl!)) continue;
      const side = referencesIn(e.resource!).map((url) => sideOf.get(url)).find(Boolean);
      if (side) {
        sideOf.set(e.fullUrl!, side);
        changed = true;
      }
    }
  }
  for (const e of clinical) if (!sideOf.has(e.fullUrl!)) sideOf.set(e.fullUrl!, 'clinic');

  const patientEntry = entries.find((e) => e.resource!.resourceType === 'Patient')!;
  const patient = patientEntry.resource as Patient;
  const personalNumber = makePersonalNumber(patient.birthDate!, patient.gender as 'male' | 'female', 'H', 100 + person);
  if (!isValidPersonalNumber(personalNumber)) throw new Error(`Generated personal number ${personalNumber} is not valid`);
  const copy = (side: Side): BundleEntry => ({
    ...patientEntry,
    resource: {
      ...patient,
      identifier: [
        ...(side === 'clinic' ? [{ system: SYSTEMS.personalNumber, value: personalNumber }] : []),
        { system: INSTITUTIONS[side].idSystem, value: side === 'clinic' ? `ZS-${patient.id}` : `MK-${2025_000 + person}` },
      ],
    },
  });
  return (['clinic', 'hospital'] as const).flatMap((side) => {
    const own = entries.filter((e) => sideOf.get(e.fullUrl!) === side);
    if (own.length === 0) return [];
    const referred = new Set(own.flatMap((e) => referencesIn(e.resource!)));
    const directory = entries.filter((e) => DIRECTORY.has(e.resource!.resourceType) && referred.has(e.fullUrl!));
    return [{ side, person: `${patient.name?.[0]?.given?.[0]} ${patient.name?.[0]?.family}`, entries: [copy(side), ...directory, ...own] }];
  });
}

const byType = (entries: readonly BundleEntry[]) => entries.reduce<Record<string, number>>((n, e) => ({ ...n, [e.resource!.resourceType]: (n[e.resource!.resourceType] ?? 0) + 1 }), {});
const show = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
/** A reason a person can group by: the issue's text and where, without indexes or ids. */
const reasonOf = (issue: NonNullable<OperationOutcome['issue']>[number]) =>
  `${issue.details?.text ?? issue.diagnostics ?? issue.code}${issue.expression?.[0] ? ` (${issue.expression[0].replace(/^Bundle\.entry\[\d+\]\.?/, '').replace(/\[\d+\]/g, '[n]') || 'entry'})` : ''}`.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>');

const database = await scratchDatabase(process.env.DATABASE_URL);
const sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 10_000, ranges: [] });
const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: database.url }, { inMemory: true });
attachRegisters(central.ctx, sims.registers, { background: false });
const failures: string[] = [];

async function http<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${central.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

/** Registered as an administrator would (the УНП checked in the register), then a token with the client's own id and secret. */
async function registerAndLogIn(side: Side): Promise<{ organizationId: string; headers: Record<string, string> }> {
  const admin = central.ctx.tokens.sign({ kind: 'user', subject: 'synthea-admin', display: 'Administrator', roles: ['clinic-admin'], organizationId: 'synthea' }, central.ctx.now());
  const { unp, kind, system } = INSTITUTIONS[side];
  const registered = await http<{ organizationId: string; clientId: string; clientSecret: string; name: string }>('POST', '/feeds/institutions', { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, { unp, kind, system });
  if (registered.status !== 201) throw new Error(`Registering the ${side} failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: registered.body.clientId, client_secret: registered.body.clientSecret }).toString();
  const token = await http<{ access_token: string }>('POST', '/auth/token', { 'content-type': 'application/x-www-form-urlencoded' }, form);
  if (token.status !== 200) throw new Error(`Client token for the ${side} refused: ${token.status} ${JSON.stringify(token.body)}`);
  console.log(`  ${side}: ${registered.body.name} (УНП ${unp}, ${kind}, system ${system}), client ${registered.body.clientId}`);
  return { organizationId: registered.body.organizationId, headers: { authorization: `Bearer ${token.body.access_token}`, 'content-type': 'application/fhir+json' } };
}

interface Tally {
  bundles: number;
  sent: Record<string, number>;
  submissions: Record<string, number>;
  reasons: Map<string, number>;
  left: Record<string, number>;
  created: number;
  unchanged: number;
  held: number;
  patients: { known: number; created: number; review: number };
}
const newTally = (): Tally => ({ bundles: 0, sent: {}, submissions: {}, reasons: new Map(), left: {}, created: 0, unchanged: 0, held: 0, patients: { known: 0, created: 0, review: 0 } });

/** Sends one share; while Central refuses it, leaves out the entries the refusal names and sends the rest. Returns what was finally accepted. */
async function sendShare(feed: Feed, headers: Record<string, string>, tally: Tally): Promise<BundleEntry[] | undefined> {
  let entries = feed.entries;
  for (let round = 0; round < 5; round++) {
    tally.bundles++;
    for (const [type, n] of Object.entries(byType(entries))) tally.sent[type] = (tally.sent[type] ?? 0) + n;
    const answer = await http<SubmissionView>('POST', '/feeds', headers, { resourceType: 'Bundle', type: 'batch', entry: entries });
    const view = answer.body;
    tally.submissions[view.status ?? `HTTP ${answer.status}`] = (tally.submissions[view.status ?? `HTTP ${answer.status}`] ?? 0) + 1;
    if (view.status === 'accepted' || view.status === 'review') {
      const s = view.summary!;
      tally.created += s.created;
      tally.unchanged += s.unchanged;
      tally.held += s.held;
      for (const k of ['known', 'created', 'review'] as const) tally.patients[k] += s.patients[k];
      return entries;
    }
    if (view.status === 'received') {
      failures.push(`${feed.side} ${feed.person}: left waiting (${view.waitingFor})`);
      return undefined;
    }
    const issues = view.outcome?.issue ?? (answer.body as unknown as OperationOutcome).issue ?? [];
    const named = new Set<number>();
    for (const issue of issues) {
      tally.reasons.set(reasonOf(issue), (tally.reasons.get(reasonOf(issue)) ?? 0) + 1);
      const index = /^Bundle\.entry\[(\d+)\]/.exec(issue.expression?.[0] ?? '')?.[1];
      if (index !== undefined) named.add(Number(index));
    }
    if (named.size === 0) {
      failures.push(`${feed.side} ${feed.person}: refused without naming an entry (${answer.status})`);
      return undefined;
    }
    for (const [type, n] of Object.entries(byType(entries.filter((_, i) => named.has(i))))) tally.left[type] = (tally.left[type] ?? 0) + n;
    entries = entries.filter((_, i) => !named.has(i));
  }
  failures.push(`${feed.side} ${feed.person}: still refused after 5 rounds`);
  return undefined;
}

async function snapshot() {
  const one = async (sql: string) => Number((await central.ctx.db.query<{ n: string }>(sql)).rows[0]!.n);
  return {
    'resources (current)': await one(`SELECT count(*) AS n FROM resource WHERE NOT deleted`),
    'versions (history rows)': await one(`SELECT count(*) AS n FROM resource_history`),
    'change-log entries': await one(`SELECT count(*) AS n FROM change_log`),
    Patients: await one(`SELECT count(*) AS n FROM resource WHERE resource_type = 'Patient' AND NOT deleted`),
    Provenance: await one(`SELECT count(*) AS n FROM resource WHERE resource_type = 'Provenance' AND NOT deleted`),
    'review items': await one(`SELECT count(*) AS n FROM feed_review_item`),
    'institution keys': await one(`SELECT count(*) AS n FROM feed_source_record`),
  };
}

try {
  console.log(`Synthea as two institutions' feeds, from ${dataDir}; Central on ${database.describe}`);
  const folder = join(dataDir, 'synthea-r4');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json') && !/^(hospital|practitioner)Information/.test(f)).sort();
  const feeds = files.flatMap((file, i) => split(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Bundle, i));
  console.log(`Institutions (registered after the register of legal entities confirmed them):`);
  const sides = { clinic: await registerAndLogIn('clinic'), hospital: await registerAndLogIn('hospital') };

  // The clinic first: its copies carry the personal number; the hospital's are then matched to them.
  const accepted = new Map<Feed, BundleEntry[]>();
  const tallies = { clinic: newTally(), hospital: newTally() };
  const started = performance.now();
  for (const side of ['clinic', 'hospital'] as const) {
    for (const feed of feeds.filter((f) => f.side === side)) {
      const kept = await sendShare(feed, sides[side].headers, tallies[side]);
      if (kept) accepted.set(feed, kept);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  for (const side of ['clinic', 'hospital'] as const) {
    const t = tallies[side];
    const first = feeds.filter((f) => f.side === side);
    console.log(`\n${side}: ${first.length} patients' shares, ${first.reduce((n, f) => n + f.entries.length, 0)} entries as Synthea wrote them (${show(byType(first.flatMap((f) => f.entries)))})`);
    console.log(`  submissions: ${t.bundles} (${show(t.submissions)})`);
    for (const [reason, n] of [...t.reasons].sort((a, b) => b[1] - a[1])) console.log(`    refused ${String(n).padStart(3)} × ${reason}`);
    console.log(`  left out after the refusals: ${show(t.left) || 'nothing'}`);
    console.log(`  accepted: ${[...accepted].filter(([f]) => f.side === side).reduce((n, [, e]) => n + e.length, 0)} entries; ${t.created} resources created, ${t.unchanged} unchanged (sent before in another patient's share), ${t.held} held for review`);
    console.log(`  persons: ${t.patients.known} matched to a Patient Central had, ${t.patients.created} new Patients, ${t.patients.review} waiting for review`);
  }
  console.log(`  (${seconds.toFixed(1)} s for every submission of both institutions)`);

  // How the hospital's people were matched: the Patient each institution's key for the person leads to.
  const keys = await central.ctx.db.query<{ organization_id: string; source_key: string; resource_id: string }>(`SELECT organization_id, source_key, resource_id FROM feed_source_record WHERE resource_type = 'Patient'`);
  const patientOfKey = (side: Side, key: string) => keys.rows.find((r) => r.organization_id === sides[side].organizationId && r.source_key === key)?.resource_id;
  let sameByDemographics = 0;
  for (const feed of feeds.filter((f) => f.side === 'hospital')) {
    const clinicFeed = feeds.find((f) => f.side === 'clinic' && f.person === feed.person)!;
    const idOf = (f: Feed, side: Side) => (f.entries[0]!.resource as Patient).identifier!.find((i) => i.system === INSTITUTIONS[side].idSystem)!;
    const fromHospital = patientOfKey('hospital', `Patient|${INSTITUTIONS.hospital.idSystem}|${idOf(feed, 'hospital').value}`);
    const fromClinic = patientOfKey('clinic', `Patient|${INSTITUTIONS.clinic.idSystem}|${idOf(clinicFeed, 'clinic').value}`);
    if (fromHospital && fromHospital === fromClinic) sameByDemographics++;
    else failures.push(`${feed.person}: the hospital's record leads to ${fromHospital ?? 'no Patient'}, the clinic's to ${fromClinic ?? 'no Patient'}`);
  }
  const pending = await central.ctx.db.query<{ reason: string; n: string }>(`SELECT reason, count(*) AS n FROM feed_review_item WHERE status = 'pending' GROUP BY reason`);

  const after = await snapshot();
  const perPatient = await central.ctx.db.query<{ family: string; given: string; n: string; types: string; sources: string }>(
    `SELECT p.content->'name'->0->>'family' AS family, p.content->'name'->0->'given'->>0 AS given, count(r.*) AS n,
            string_agg(DISTINCT r.resource_type, ',') AS types, count(DISTINCT r.content->'meta'->>'source') AS sources
     FROM resource p LEFT JOIN resource r ON r.patient_id = p.id AND NOT r.deleted AND r.resource_type <> 'Patient'
     WHERE p.resource_type = 'Patient' AND NOT p.deleted GROUP BY p.id, family, given ORDER BY family`,
  );
  const stored = await central.ctx.db.query<{ resource_type: string; n: string }>(`SELECT resource_type, count(*) AS n FROM resource WHERE NOT deleted GROUP BY resource_type ORDER BY count(*) DESC`);
  console.log(`\nCentral afterwards: ${after.Patients} Patients, ${after.Provenance} Provenance, ${after['resources (current)']} resources (${stored.rows.map((r) => `${r.resource_type} ${r.n}`).join(', ')})`);
  console.log(`  hospital persons on the same Patient as the clinic's (matched by demographics): ${sameByDemographics} of ${feeds.filter((f) => f.side === 'hospital').length}`);
  console.log(`  review queue: ${pending.rows.length === 0 ? 'empty' : pending.rows.map((r) => `${r.n} × ${r.reason}`).join('; ')}`);
  console.log(`  resources per Patient (without the Patient; institutions that sent them by meta.source):`);
  for (const row of perPatient.rows) console.log(`    ${`${row.given} ${row.family}`.padEnd(24)} ${String(row.n).padStart(4)}  from ${row.sources} source(s)  ${row.types}`);
  if (after.Patients !== 10) failures.push(`Central holds ${after.Patients} Patients, not 10`);

  // Both institutions send everything again: nothing may change.
  const resent: Record<string, number> = {};
  let written = 0;
  for (const [feed, entries] of accepted) {
    const answer = await http<SubmissionView>('POST', '/feeds', sides[feed.side].headers, { resourceType: 'Bundle', type: 'batch', entry: entries });
    resent[answer.body.status] = (resent[answer.body.status] ?? 0) + 1;
    written += (answer.body.summary?.created ?? 0) + (answer.body.summary?.updated ?? 0) + (answer.body.summary?.withdrawn ?? 0) + (answer.body.summary?.held ?? 0);
  }
  const again = await snapshot();
  const changed = Object.keys(after).filter((k) => after[k as keyof typeof after] !== again[k as keyof typeof again]);
  console.log(`\nResend of all ${accepted.size} accepted shares: ${show(resent)}; ${written} records written or held`);
  for (const k of Object.keys(after) as (keyof typeof after)[]) console.log(`  ${k.padEnd(24)} ${String(after[k]).padStart(6)} -> ${String(again[k]).padStart(6)}`);
  if (changed.length > 0 || written > 0) failures.push(`the resend changed ${changed.join(', ') || `${written} records`}`);
} catch (error) {
  failures.push(String(error instanceof Error ? error.stack : error));
} finally {
  await central.close();
  await sims.close();
  await database.drop();
}
if (failures.length > 0) {
  console.log(`\nFAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nOK: ten Patients, every hospital record on the clinic\'s Patient, and the resend changed nothing.');
