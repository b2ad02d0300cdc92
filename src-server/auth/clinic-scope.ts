import type { FastifyRequest } from 'fastify';
import { CLINICAL_WRITES_WITHOUT_REACH, clinicalReachOf } from '../../shared/domain/access.js';
import { badRequest } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { SEEN_RECENTLY_DAYS, SLOT_WINDOW_FUTURE_DAYS, SLOT_WINDOW_PAST_DAYS } from '../sync/scope.js';
import type { Principal } from './principal.js';

/**
 * Break-the-glass over FHIR REST: a staff member states why they open a record outside their
 * clinic's scope in this header, as percent-encoded UTF-8 text (HTTP headers carry Latin-1 only,
 * and reasons are written in Russian or Belarusian): `X-Break-Glass-Reason: %D0%A1%D0%BA...`.
 */
export const BREAK_GLASS_HEADER = 'x-break-glass-reason';
export const BREAK_GLASS_REASON_MIN = 3;
export const BREAK_GLASS_REASON_MAX = 500;

/** How a refusal tells the caller to state a reason (the same words in every 403 for scope). */
export const HOW_TO_BREAK_GLASS = `To open it anyway, state the reason in the X-Break-Glass-Reason header (percent-encoded UTF-8 text, ${BREAK_GLASS_REASON_MIN} to ${BREAK_GLASS_REASON_MAX} characters): the access is then recorded as break-the-glass and shown to the privacy officer.`;

/** The stated reason of a request, or undefined when none; a 400 when the header is malformed. */
export function breakGlassReason(request: FastifyRequest): string | undefined {
  const raw = request.headers[BREAK_GLASS_HEADER];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest('X-Break-Glass-Reason may be sent once', 'X-Break-Glass-Reason');
  let reason: string;
  try {
    reason = decodeURIComponent(raw).trim();
  } catch {
    throw badRequest('X-Break-Glass-Reason must be percent-encoded UTF-8 text', 'X-Break-Glass-Reason');
  }
  // Control characters would let a reason forge lines in whatever later shows it.
  if (/[\u0000-\u001f\u007f]/.test(reason)) throw badRequest('X-Break-Glass-Reason may not contain control characters', 'X-Break-Glass-Reason');
  if (reason.length < BREAK_GLASS_REASON_MIN || reason.length > BREAK_GLASS_REASON_MAX) {
    throw badRequest(`X-Break-Glass-Reason must be ${BREAK_GLASS_REASON_MIN} to ${BREAK_GLASS_REASON_MAX} characters`, 'X-Break-Glass-Reason');
  }
  return reason;
}

const DAY = 86_400_000;

/** The rule a caller's reach is measured by (shared/domain/access.ts CLINICAL_REACH). */
export type ScopeRule = 'clinic-scope' | 'institution-relation';

/**
 * The rule the caller's clinical reads and writes are held to, or undefined when a scope does not
 * narrow them here: a patient is narrowed to their own compartment (fhir/http.ts restrictionOf)
 * and a role with no clinical reach is refused by the matrix.
 */
export function scopeRuleOf(principal: Principal): ScopeRule | undefined {
  if (principal.kind === 'patient') return undefined;
  const reach = clinicalReachOf(principal.roles);
  return reach === 'clinic-scope' || reach === 'institution-relation' ? reach : undefined;
}

/** The writes among these that need the patient in the caller's reach (CLINICAL_WRITES_WITHOUT_REACH). */
export function writesNeedingReach<T extends { kind: 'create' | 'update' | 'delete' }>(principal: Principal, writes: readonly T[]): T[] {
  return writes.filter((op) => !principal.roles.some((role) => CLINICAL_WRITES_WITHOUT_REACH[role].includes(op.kind)));
}

/** The first words of a scope refusal: who is outside what. */
export function outsideScopeText(rule: ScopeRule, outside: readonly string[], asked: number, purpose: 'read' | 'write'): string {
  const who = outside.length === 1 && asked === 1 ? `Patient/${outside[0]} is` : `${outside.length} of the patients ${purpose === 'read' ? 'in this answer' : 'written'} are`;
  return rule === 'institution-relation'
    ? `${who} not related to this institution (attached, booked, seen here recently, or sent here with an order).`
    : `${who} outside this clinic's scope (attached, booked, seen here recently or pinned).`;
}

/**
 * Which of `patientIds` lie outside the clinic's scope, by the rule sync/scope.ts uses for what a
 * workstation holds: a patient is in scope when attached to the clinic (managingOrganization or
 * generalPractitioner), booked into one of its slots in the window, seen there recently (an
 * Encounter it provided), or pinned by one of its workstations (an earlier break-the-glass fetch).
 * Under `institution-relation` (a laboratory's or hospital's system) a patient is also related when
 * an order (ServiceRequest) names the institution as performer and a version naming it was written
 * within the same "seen recently" window by a writer other than the institution, as Central
 * recorded it (resource_history.written_by_org; NULL is Central's own write): the patient was sent
 * there. An order the institution wrote to itself, or only touched since, opens nothing.
 * Staff of no organisation have no scope: every patient is outside it. A partial date (2026-01),
 * which FHIR allows and a timestamptz cast refuses, counts as no date rather than failing the read.
 */
export async function patientsOutsideScope(q: Queryable, organizationId: string | undefined, patientIds: readonly string[], now: Date, rule: ScopeRule = 'clinic-scope'): Promise<string[]> {
  const unique = [...new Set(patientIds)];
  if (unique.length === 0 || organizationId === undefined) return unique;
  const t = now.getTime();
  const { rows } = await q.query<{ id: string }>(
    `WITH
     loc AS (SELECT id FROM resource WHERE resource_type = 'Location' AND NOT deleted AND content->'managingOrganization'->>'reference' = 'Organization/' || $1),
     prole AS (SELECT id, content->'practitioner'->>'reference' AS prac FROM resource
               WHERE resource_type = 'PractitionerRole' AND NOT deleted AND content->'organization'->>'reference' = 'Organization/' || $1),
     actor AS (SELECT 'Location/' || id AS ref FROM loc UNION SELECT 'PractitionerRole/' || id FROM prole UNION SELECT prac FROM prole WHERE prac IS NOT NULL),
     inscope AS (
       SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND id = ANY($2::text[])
         AND (content->'managingOrganization'->>'reference' = 'Organization/' || $1
              OR content->'generalPractitioner' @> jsonb_build_array(jsonb_build_object('reference', 'Organization/' || $1)))
       UNION
       SELECT a.patient_id FROM resource a
         JOIN resource s ON s.resource_type = 'Slot' AND NOT s.deleted AND 'Slot/' || s.id = a.content->'slot'->0->>'reference'
         JOIN resource sc ON sc.resource_type = 'Schedule' AND NOT sc.deleted AND 'Schedule/' || sc.id = s.content->'schedule'->>'reference'
        WHERE a.resource_type = 'Appointment' AND NOT a.deleted AND a.patient_id = ANY($2::text[])
          AND (CASE WHEN s.content->>'start' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN (s.content->>'start')::timestamptz END) >= $3::timestamptz
          AND (CASE WHEN s.content->>'start' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN (s.content->>'start')::timestamptz END) < $4::timestamptz
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(sc.content->'actor', '[]'::jsonb)) x JOIN actor ON actor.ref = x->>'reference')
       UNION
       SELECT patient_id FROM resource WHERE resource_type = 'Encounter' AND NOT deleted AND patient_id = ANY($2::text[])
         AND content->'serviceProvider'->>'reference' = 'Organization/' || $1
         AND (CASE WHEN content->'period'->>'start' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN (content->'period'->>'start')::timestamptz END) >= $5::timestamptz
       UNION
       SELECT p.patient_id FROM sync_pin p JOIN device d ON d.id = p.client_id
        WHERE d.organization_id = $1 AND d.revoked_at IS NULL AND p.patient_id = ANY($2::text[]) AND p.until > $6::timestamptz
       UNION
       SELECT o.patient_id FROM resource o WHERE $7::boolean AND o.resource_type = 'ServiceRequest' AND NOT o.deleted AND o.patient_id = ANY($2::text[])
         AND o.content->'performer' @> jsonb_build_array(jsonb_build_object('reference', 'Organization/' || $1))
         AND EXISTS (SELECT 1 FROM resource_history h WHERE h.resource_type = 'ServiceRequest' AND h.id = o.id
                       AND h.written_by_org IS DISTINCT FROM $1 AND h.last_updated >= $5::timestamptz
                       AND h.content->'performer' @> jsonb_build_array(jsonb_build_object('reference', 'Organization/' || $1)))
     )
     SELECT id FROM inscope WHERE id IS NOT NULL`,
    [
      organizationId,
      unique,
      new Date(t - SLOT_WINDOW_PAST_DAYS * DAY).toISOString(),
      new Date(t + SLOT_WINDOW_FUTURE_DAYS * DAY).toISOString(),
      new Date(t - SEEN_RECENTLY_DAYS * DAY).toISOString(),
      now.toISOString(),
      rule === 'institution-relation',
    ],
  );
  const inside = new Set(rows.map((row) => row.id));
  return unique.filter((id) => !inside.has(id));
}
