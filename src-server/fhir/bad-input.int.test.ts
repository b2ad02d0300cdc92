import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidResources, malformedJson, oversized, unknownTypes, validPatient, wrongContentTypes, type HostileRequest } from '../../test/fixtures/fhir/hostile-requests.js';
import { hostileBundles, hostileHeaders, hostileIds, hostileSearches } from '../../test/fixtures/fhir/hostile-queries.js';
import { headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { searchParametersFor } from './search/definitions.js';
import { databaseFingerprint, fhirClient } from './testing.js';

/** Small, so the over-the-limit bodies stay cheap to send; the limit is configuration. */
const BODY_LIMIT = 256 * 1024;
/** The audit trail records refused accesses too (outcome failure): it is meant to grow. */
const AUDIT_TRAIL = ['audit_event'];
const SEARCHED_TYPES = ['Patient', 'Observation', 'Encounter', 'Condition', 'Immunization', 'Practitioner', 'Appointment'];

let central: TestCentral;
let existing: { id: string; body: object };
beforeAll(async () => {
  central = await startTestCentral({ bodyLimit: BODY_LIMIT });
  const created = await fhirClient(central, 'doctor')('POST', '/Patient', validPatient(1));
  existing = { id: created.body.id, body: created.body };
});
afterAll(async () => central?.close());

interface Answer {
  request: HostileRequest;
  status: number;
  contentType: string;
  text: string;
}

/** Sends the requests a few at a time, as a doctor (a role that may write most of what is attacked) unless a case sets its own Authorization. */
async function sendAll(requests: readonly HostileRequest[], parallel = 8): Promise<Answer[]> {
  const auth = headersFor(central, 'doctor');
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const response = await fetch(`${central.url}/fhir${request.path}`, { method: request.method, headers: { ...auth, ...request.headers }, body: request.body });
      answers.push({ request, status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}

/** What is wrong with an answer to a hostile request, or undefined when it is the refusal it should be. */
function fault(answer: Answer): string | undefined {
  const { request, status, contentType, text } = answer;
  if (/<script/i.test(text)) return 'echoes <script>';
  if (!contentType.includes('application/fhir+json')) return `content type ${contentType}`;
  const body = JSON.parse(text) as { resourceType?: string; type?: string; entry?: { response?: { status?: string } }[] };
  if (request.answer === 'batch') {
    if (status !== 200 || body.type !== 'batch-response') return `status ${status}, ${body.type}`;
    const accepted = (body.entry ?? []).filter((e) => !/^4\d\d/.test(e.response?.status ?? ''));
    return accepted.length ? `${accepted.length} batch entries not refused` : undefined;
  }
  if (status < 400 || status > 499) return `status ${status}`;
  return body.resourceType === 'OperationOutcome' ? undefined : `body is a ${body.resourceType}`;
}

describe('bad input', () => {
  it('answers every malformed or hostile request with a 4xx OperationOutcome and changes nothing', async () => {
    const types = SEARCHED_TYPES.map((type) => ({ type, params: searchParametersFor(type).map((p) => p.name) }));
    const requests = [
      ...malformedJson(existing.id),
      ...wrongContentTypes(existing.id),
      ...unknownTypes(),
      ...invalidResources(existing.id),
      ...oversized(BODY_LIMIT),
      ...hostileSearches(types),
      ...hostileIds(existing.id),
      ...hostileHeaders(existing.id, existing.body),
      ...hostileBundles(existing.id),
    ];
    expect(requests.length).toBeGreaterThan(500);
    const before = await databaseFingerprint(central, AUDIT_TRAIL);

    const answers = await sendAll(requests);
    const faults = answers.flatMap((answer) => {
      const problem = fault(answer);
      return problem ? [`${answer.request.name}: ${problem} ${answer.text.slice(0, 160)}`] : [];
    });
    expect(faults).toEqual([]);
    expect(answers.some((a) => a.status === 413)).toBe(true);
    expect(answers.some((a) => a.status === 415)).toBe(true);
    expect(await databaseFingerprint(central, AUDIT_TRAIL)).toEqual(before);

    // The server is still well: the patient reads back as it was.
    const read = await fhirClient(central, 'doctor')('GET', `/Patient/${existing.id}`);
    expect(read.body).toEqual(existing.body);
  });
});
