import { readFileSync } from 'node:fs';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { syntheaAsTransaction } from './synthea-transaction.js';

const SYNTHEA = new URL('../../test/fixtures/fhir/synthea/bibi254-trimmed.json', import.meta.url);

let central: TestCentral;
let post: (bundle: Bundle) => Promise<{ status: number; body: Bundle }>;
beforeAll(async () => {
  central = await startTestCentral();
  const auth = bearerFor(central, { kind: 'client', subject: 'synthea', display: 'Synthea', roles: ['clinic-admin', 'institution'] });
  post = async (bundle) => {
    const response = await fetch(`${central.url}/fhir`, { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
    return { status: response.status, body: await response.json() };
  };
});
afterAll(async () => central?.close());

describe('a Synthea patient as a transaction', () => {
  it('stores every entry of a kept type, reads the record back whole, and stores directory entries once', async () => {
    const left = new Map<string, number>();
    const bundle = syntheaAsTransaction(JSON.parse(readFileSync(SYNTHEA, 'utf8')) as Bundle, left);
    expect(Object.fromEntries(left)).toEqual({ Claim: 2, ExplanationOfBenefit: 2, CareTeam: 2, CarePlan: 2 });
    const first = await post(bundle);
    expect(first.status).toBe(200);
    const locations = first.body.entry!.map((e: BundleEntry) => e.response!.location!.replace(/\/_history\/\d+$/, ''));
    expect(locations).toHaveLength(36);
    const patient = locations.find((l) => l.startsWith('Patient/'))!;

    // A doctor of no clinic reads the record back: outside any clinic's scope, with a stated reason.
    const auth = { ...bearerFor(central, { kind: 'user', subject: 'dr', display: 'Dr', roles: ['doctor'] }), 'x-break-glass-reason': encodeURIComponent('reference data check') };
    const everything = (await fetch(`${central.url}/fhir/${patient}/$everything?_count=100`, { headers: auth }).then((r) => r.json())) as Bundle;
    const found = new Set(everything.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`));
    expect(new Set(locations.filter((l) => !/^(Organization|Practitioner)\//.test(l)))).toEqual(found);

    // The same file again: the organisations and practitioners are found, not duplicated (the
    // patient is new each time: Synthea gives it no identifier Central treats as the person's number).
    const again = await post(syntheaAsTransaction(JSON.parse(readFileSync(SYNTHEA, 'utf8')) as Bundle, new Map()));
    const directory = again.body.entry!.filter((e) => /^(Organization|Practitioner)\//.test(e.response!.location!));
    expect(directory.map((e) => e.response!.status)).toEqual(['200 OK', '200 OK', '200 OK', '200 OK']);
  });
});
