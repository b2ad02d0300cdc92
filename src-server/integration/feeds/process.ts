import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { isValidPersonalNumber, normalizePersonalNumber } from '../../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { OperationOutcomeError, badRequest, forbidden } from '../../../shared/fhir/outcomes.js';
import type { Principal, RequestOrigin } from '../../auth/principal.js';
import type { CentralContext } from '../../context.js';
import type { Queryable } from '../../db/database.js';
import { RegisterUnavailableError } from '../../registers/http-json.js';
import type { RegisterRecord } from '../../registers/population/register.js';
import { registersOf } from '../../registers/registry.js';
import { findInstitution } from '../institutions.js';
import { demographicsOf, isMatchable } from '../matching/demographics.js';
import { ingestFeed } from './ingest.js';
import { parseFeedBundle, type FeedEntry } from './parse-feed.js';
import { collectLookups } from './plan.js';
import { lookupKeyOf } from './references.js';
import type { FeedOrigin } from './provenance.js';
import { feedSource } from './source.js';
import { findSubmission, finishSubmission, insertSubmission, noteAttempt, submissionView, waitingSubmissions, type SubmissionRow, type SubmissionView } from './submissions.js';

/**
 * A feed's way through Central: stored as received first (so nothing is lost whatever happens
 * next), then processed in one transaction. A feed that is wrong is rejected with every reason; a
 * feed that cannot finish for a passing reason (a register down, the database busy) stays received
 * and is retried, by the background worker or the next call, until it is done, exactly once.
 */
export async function submitFeed(ctx: CentralContext, principal: Principal, bundle: unknown, origin: RequestOrigin): Promise<SubmissionView> {
  if (principal.kind !== 'client' || !principal.organizationId) throw forbidden('Feeds are sent by institution systems with a client token');
  return acceptSubmission(ctx, { clientId: principal.subject, organizationId: principal.organizationId }, bundle, origin, 'fhir');
}

/** Stores a submission of an institution's system as received, then processes it. */
export async function acceptSubmission(
  ctx: CentralContext,
  sender: { clientId: string; organizationId: string },
  bundle: unknown,
  origin: RequestOrigin,
  channel: 'fhir' | 'hl7v2',
  message?: string,
): Promise<SubmissionView> {
  if (!(await findInstitution(ctx.db, { organizationId: sender.organizationId }))) throw forbidden('Your organisation is not registered as an institution that sends records');
  if (!bundle || typeof bundle !== 'object' || (bundle as { resourceType?: unknown }).resourceType !== 'Bundle') throw badRequest('A feed is a FHIR Bundle', 'resourceType');
  const id = randomUUID();
  await insertSubmission(ctx.db, { id, client_id: sender.clientId, organization_id: sender.organizationId, channel, received_at: ctx.now(), origin_ip: origin.ip, bundle, message });
  await processSubmission(ctx, id);
  return submissionView((await findSubmission(ctx.db, id))!);
}

export interface ProcessOptions {
  /** Fault injection for tests: runs inside the transaction, after every write, before commit. */
  beforeCommit?: () => void;
}

export async function processSubmission(ctx: CentralContext, id: string, options: ProcessOptions = {}): Promise<void> {
  const row = await findSubmission(ctx.db, id);
  if (!row || row.status !== 'received') return;
  let entries: FeedEntry[];
  try {
    entries = await parseFeedBundle(row.bundle);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return finishSubmission(ctx.db, id, { status: 'rejected', outcome: error.outcome }, ctx.now());
  }
  try {
    const registerPeople = await askPopulationRegister(ctx, entries);
    const origin = await feedOrigin(ctx.db, row);
    await ctx.db.transaction(async (tx) => {
      const locked = await findSubmission(tx, id, true);
      if (locked?.status !== 'received') return; // processed meanwhile by another worker
      const summary = await ingestFeed(tx, { entries: structuredClone(entries), origin, principal: clientPrincipal(row, origin), requestOrigin: { ip: row.origin_ip ?? 'unknown', userAgent: undefined }, registerPeople, now: ctx.now() });
      await finishSubmission(tx, id, { status: summary.held > 0 ? 'review' : 'accepted', summary }, ctx.now());
      options.beforeCommit?.();
    });
  } catch (error) {
    if (error instanceof OperationOutcomeError && error.status !== 409) return finishSubmission(ctx.db, id, { status: 'rejected', outcome: error.outcome }, ctx.now());
    if (error instanceof RegisterUnavailableError) return noteAttempt(ctx.db, id, error.message);
    await noteAttempt(ctx.db, id, error instanceof OperationOutcomeError ? error.message : 'Central could not finish processing; it will retry');
    if (!(error instanceof OperationOutcomeError)) console.error('[feeds] processing failed, will retry', id, error);
  }
}

/** Retries submissions left received (the background worker calls this). */
export async function retryWaitingSubmissions(ctx: CentralContext, options: { olderThan?: Date; limit?: number } = {}): Promise<number> {
  const ids = await waitingSubmissions(ctx.db, options.olderThan ?? new Date(ctx.now().getTime() - 30_000), options.limit ?? 50);
  for (const id of ids) await processSubmission(ctx, id);
  return ids.length;
}

/**
 * People the feed names only by personal number and Central does not know yet: the population
 * register says who they are (asked before the transaction, never inside it).
 */
async function askPopulationRegister(ctx: CentralContext, entries: readonly FeedEntry[]): Promise<Map<string, RegisterRecord | null>> {
  const prefix = `Patient|${SYSTEMS.personalNumber}|`;
  const referenced = [...collectLookups(entries).references.values()].flat().map(({ reference }) => lookupKeyOf(reference) ?? '');
  const named = referenced.filter((key) => key.startsWith(prefix)).map((key) => normalizePersonalNumber(key.slice(prefix.length)));
  // A Patient entry with a personal number and nothing else to match on is looked up as well.
  const people = entries.filter((e) => e.resource.resourceType === 'Patient').map((e) => demographicsOf(e.resource as Patient)).filter((d) => d.personalNumber);
  const described = new Set(people.filter(isMatchable).map((d) => d.personalNumber));
  const numbers = [...new Set([...named, ...people.map((d) => d.personalNumber!)])].filter((number) => isValidPersonalNumber(number) && !described.has(number));
  const answers = new Map<string, RegisterRecord | null>();
  if (numbers.length === 0) return answers;
  const { rows } = await ctx.db.query<{ personal_number: string }>(`SELECT personal_number FROM patient_personal_number WHERE personal_number = ANY($1::text[])`, [numbers]);
  const known = new Set(rows.map((r) => r.personal_number));
  const unknown = numbers.filter((number) => !known.has(number));
  // A few at a time: a laboratory's bundle may name dozens of people.
  for (let i = 0; i < unknown.length; i += 8) {
    const batch = unknown.slice(i, i + 8);
    const people = await Promise.all(batch.map((number) => registersOf(ctx).population.lookup(number)));
    batch.forEach((number, k) => answers.set(number, people[k]!));
  }
  return answers;
}

export async function feedOrigin(q: Queryable, row: SubmissionRow): Promise<FeedOrigin> {
  const institution = await findInstitution(q, { organizationId: row.organization_id });
  const client = (await q.query<{ display: string }>(`SELECT display FROM institution_client WHERE client_id = $1`, [row.client_id])).rows[0];
  return {
    organizationId: row.organization_id,
    organizationName: institution?.name ?? row.organization_id,
    clientId: row.client_id,
    clientDisplay: client?.display ?? row.client_id,
    submissionId: row.id,
    receivedAt: new Date(row.received_at),
    source: feedSource(row.organization_id, row.client_id, row.id),
  };
}

function clientPrincipal(row: SubmissionRow, origin: FeedOrigin): Principal {
  return { kind: 'client', subject: row.client_id, display: origin.clientDisplay, roles: ['institution'], organizationId: row.organization_id };
}
