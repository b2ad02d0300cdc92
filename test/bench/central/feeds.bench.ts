import { pathToFileURL } from 'node:url';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { configFromEnvironment } from '../../../src-server/config.js';
import { demoPerson } from '../../../src-server/demo/people.js';
import { writeResources } from '../../../src-server/fhir/write.js';
import { registerInstitution } from '../../../src-server/integration/institutions.js';
import { startCentral, type RunningCentral } from '../../../src-server/main.js';
import { KNOWN_ENTITIES } from '../../../src-server/registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../../../src-server/registers/registry.js';
import { startSimulatedRegisters } from '../../../src-server/registers/testing.js';
import { feedBundle, labOrder, type PersonStyle } from '../../fixtures/integration/feed-bundles.js';
import { createTestDatabase } from '../../support/central.js';
import { fmt, pool, timed } from './measure.js';

/**
 * Feed ingest with matching on: laboratory feeds through POST /feeds (stored, validated, every
 * person matched — by personal number for most, by demographics in Cyrillic or Latin for the rest —
 * written with meta.source, Provenance and source records), then the same feed again (all
 * unchanged). Run alone (`npx tsx test/bench/central/feeds.bench.ts`) or from bench:central.
 * Sizes: BENCH_FEED_PEOPLE (default 1500; about 10 records each), BENCH_FEED_CLIENTS (4).
 */
const PEOPLE = Number(process.env.BENCH_FEED_PEOPLE ?? 1500);
const CLIENTS = Number(process.env.BENCH_FEED_CLIENTS ?? 4);
const PEOPLE_PER_BUNDLE = 5;
const FIRST = 300_000; // demo people no other bench registers

type Line = (label: string, value: string, note?: string) => void;

export async function benchFeeds(central: RunningCentral, line: Line): Promise<void> {
  const sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 10_000, ranges: [] });
  attachRegisters(central.ctx, sims.registers, { background: false });
  try {
    const admin = { kind: 'user' as const, subject: 'bench-admin', display: 'Bench', roles: ['clinic-admin' as const], organizationId: 'bench' };
    const lab = await registerInstitution(central.ctx, admin, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory', system: 'LIS' });
    const people = Array.from({ length: PEOPLE }, (_, i) => demoPerson(FIRST + i));
    // The people are registered already (as in life: the laboratory's patients have records).
    for (let i = 0; i < people.length; i += 500) {
      const batch = people.slice(i, i + 500).map((p) => ({ kind: 'create' as const, resource: { resourceType: 'Patient' as const, id: `feed-bench-${p.index}`, identifier: [{ system: SYSTEMS.personalNumber, value: p.personalNumber }], name: [{ family: p.family, given: [p.given, ...(p.patronymic ? [p.patronymic] : [])] }], birthDate: p.birthDate, gender: p.sex } }));
      await central.ctx.db.transaction((tx) => writeResources(tx, batch, new Date()));
    }
    const styleOf = (i: number): PersonStyle => (i % 10 < 6 ? 'personal-number' : i % 10 < 9 ? 'demographics' : 'latin');
    const bundles: Bundle[] = [];
    for (let i = 0; i < people.length; i += PEOPLE_PER_BUNDLE) {
      bundles.push(feedBundle({ system: 'https://lis.bench.by' }, people.slice(i, i + PEOPLE_PER_BUNDLE).map((person, k) => ({
        person, style: styleOf(i + k), records: [...labOrder({ system: 'https://lis.bench.by' }, person, `B-${person.index}-1`, i + k), ...labOrder({ system: 'https://lis.bench.by' }, person, `B-${person.index}-2`, i + k + 1, '2025-04-02T08:00:00+03:00')] as Resource[],
      }))));
    }
    const bodies = bundles.map((bundle) => JSON.stringify(bundle));
    const entries = bundles.reduce((n, b) => n + b.entry!.length, 0);
    const auth = { authorization: `Bearer ${central.ctx.tokens.sign({ kind: 'client', subject: lab.clientId, display: 'Bench LIS', roles: ['institution'], organizationId: lab.organizationId }, central.ctx.now())}`, 'content-type': 'application/fhir+json' };
    const send = async () => {
      const outcomes: Record<string, number> = {};
      const { seconds } = await timed(() =>
        pool(bodies.length, CLIENTS, async (i) => {
          const response = await fetch(`${central.url}/feeds`, { method: 'POST', headers: auth, body: bodies[i] });
          const view = (await response.json()) as { status: string };
          outcomes[view.status] = (outcomes[view.status] ?? 0) + 1;
        }),
      );
      return { seconds, outcomes };
    };
    const first = await send();
    line(`feed ingest, matching on (${CLIENTS} clients, ~${Math.round(entries / bundles.length)}/bundle)`, `${fmt(entries / first.seconds)} resources/s`, `(${fmt(entries)} records of ${fmt(PEOPLE)} people; 60% by number, 40% by demographics; ${describe(first.outcomes)})`);
    const again = await send();
    line('  the same feed resent (nothing to write)', `${fmt(entries / again.seconds)} resources/s`, `(${describe(again.outcomes)})`);
  } finally {
    await sims.close();
  }
}

const describe = (outcomes: Record<string, number>) => Object.entries(outcomes).map(([status, n]) => `${n} ${status}`).join(', ');

export async function runFeedsBench(line: Line): Promise<void> {
  const database = await createTestDatabase();
  const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: database.url }, { inMemory: true });
  try {
    await benchFeeds(central, line);
  } finally {
    await central.close();
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`Medkarta feed benchmark: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; Node ${process.version}`);
  await runFeedsBench((label, value, note = '') => console.log(`${label.padEnd(44)} ${value.padStart(22)}  ${note}`));
}
