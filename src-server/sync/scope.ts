import type { Queryable } from '../db/database.js';
import { HELD_OUTSIDE_SCOPE } from './held-by-client.js';

/** Slots and appointments a workstation keeps: a window around today. */
export const SLOT_WINDOW_PAST_DAYS = 7;
export const SLOT_WINDOW_FUTURE_DAYS = 14;
/** A patient seen at the clinic this recently stays in its working set. */
export const SEEN_RECENTLY_DAYS = 30;

const DAY = 86_400_000;

/**
 * What a clinic's workstation should hold right now, as rows (resource_type, id): the clinic's
 * directory (its Organization, Locations, PractitionerRoles and their Practitioners, Schedules of
 * those), its slots and appointments in the window, and the working set of patients ('Patient'
 * rows standing for their whole compartment): attached to the clinic, booked in the window, seen
 * recently, or pinned by this workstation.
 */
const DESIRED_SCOPE = `
WITH
loc AS (SELECT id FROM resource WHERE resource_type = 'Location' AND NOT deleted AND content->'managingOrganization'->>'reference' = 'Organization/' || $2),
prole AS (SELECT id, content->'practitioner'->>'reference' AS prac FROM resource
          WHERE resource_type = 'PractitionerRole' AND NOT deleted AND content->'organization'->>'reference' = 'Organization/' || $2),
actor AS (SELECT 'Location/' || id AS ref FROM loc UNION SELECT 'PractitionerRole/' || id FROM prole UNION SELECT prac FROM prole WHERE prac IS NOT NULL),
sched AS (SELECT s.id FROM resource s WHERE s.resource_type = 'Schedule' AND NOT s.deleted
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(s.content->'actor', '[]'::jsonb)) a JOIN actor ON actor.ref = a->>'reference')),
slot AS (SELECT id FROM resource WHERE resource_type = 'Slot' AND NOT deleted
         AND content->'schedule'->>'reference' IN (SELECT 'Schedule/' || id FROM sched)
         AND (content->>'start')::timestamptz >= $3::timestamptz AND (content->>'start')::timestamptz < $4::timestamptz),
appt AS (SELECT id, patient_id FROM resource WHERE resource_type = 'Appointment' AND NOT deleted
         AND content->'slot'->0->>'reference' IN (SELECT 'Slot/' || id FROM slot)),
patients AS (
  SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND content->'managingOrganization'->>'reference' = 'Organization/' || $2
  UNION SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted
        AND content->'generalPractitioner' @> jsonb_build_array(jsonb_build_object('reference', 'Organization/' || $2))
  UNION SELECT patient_id FROM appt WHERE patient_id IS NOT NULL
  UNION SELECT patient_id FROM resource WHERE resource_type = 'Encounter' AND NOT deleted AND patient_id IS NOT NULL
        AND content->'serviceProvider'->>'reference' = 'Organization/' || $2
        AND (content->'period'->>'start')::timestamptz >= $5::timestamptz
  UNION SELECT patient_id FROM sync_pin WHERE client_id = $1 AND until > $6::timestamptz
)
SELECT 'Organization' AS resource_type, $2 AS id
UNION SELECT 'Location', id FROM loc
UNION SELECT 'PractitionerRole', id FROM prole
UNION SELECT 'Practitioner', substr(prac, 14) FROM prole WHERE prac LIKE 'Practitioner/%'
UNION SELECT 'Schedule', id FROM sched
UNION SELECT 'Slot', id FROM slot
UNION SELECT 'Appointment', id FROM appt
UNION SELECT 'Patient', id FROM patients WHERE id IS NOT NULL`;

/**
 * Brings the client's stored scope (sync_scope_member) up to date with what it should hold now
 * (rows the client holds outside its scope, held-by-client.ts, enter or leave like members).
 * When anything entered or left, the client's scope generation goes up by one and the changed
 * members carry it, so a pull can tell what the client has not been told yet. Runs in the pull's
 * transaction, with the client's row locked. Returns the current generation and how many members
 * entered.
 */
export async function refreshScope(tx: Queryable, clientId: string, organizationId: string, generation: number, now: Date): Promise<{ generation: number; entered: number }> {
  const next = generation + 1;
  const t = now.getTime();
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS sync_desired_scope (resource_type text NOT NULL, id text NOT NULL, PRIMARY KEY (resource_type, id))`);
  await tx.query(`DELETE FROM sync_desired_scope`);
  await tx.query(`INSERT INTO sync_desired_scope (resource_type, id) ${DESIRED_SCOPE}`, [
    clientId,
    organizationId,
    new Date(t - SLOT_WINDOW_PAST_DAYS * DAY).toISOString(),
    new Date(t + SLOT_WINDOW_FUTURE_DAYS * DAY).toISOString(),
    new Date(t - SEEN_RECENTLY_DAYS * DAY).toISOString(),
    now.toISOString(),
  ]);
  const entered = await tx.query(
    `INSERT INTO sync_scope_member (client_id, resource_type, id, entered_gen)
     SELECT $1, d.resource_type, d.id, $2 FROM sync_desired_scope d
     ON CONFLICT (client_id, resource_type, id) DO UPDATE SET entered_gen = EXCLUDED.entered_gen, left_gen = NULL
     WHERE sync_scope_member.left_gen IS NOT NULL`,
    [clientId, next],
  );
  const left = await tx.query(
    `UPDATE sync_scope_member m SET left_gen = $2
     WHERE m.client_id = $1 AND (m.left_gen IS NULL OR m.left_gen = ${HELD_OUTSIDE_SCOPE})
       AND NOT EXISTS (SELECT 1 FROM sync_desired_scope d WHERE d.resource_type = m.resource_type AND d.id = m.id)`,
    [clientId, next],
  );
  await tx.query(`DELETE FROM sync_desired_scope`);
  if (entered.rowCount === 0 && left.rowCount === 0) return { generation, entered: 0 };
  await tx.query(`UPDATE sync_client SET scope_generation = $2 WHERE client_id = $1`, [clientId, next]);
  return { generation: next, entered: entered.rowCount ?? 0 };
}

/** Members entering at once beyond which the table's statistics are refreshed before the round. */
export const ANALYZE_AFTER_ENTERED = 500;

/**
 * Refreshes the planner's statistics of sync_scope_member, outside any transaction. A first sync
 * adds a clinic's whole working set at once; until autovacuum notices, the planner believes the
 * round has a handful of members and reads every page's batch by scanning and sorting all of them
 * (the entered index) instead of walking the primary key from the cursor: 10,000 members scanned
 * for each of the 250 pages of a 500k-resource working set (measured: 0.09 ms after ANALYZE against
 * 2.6 ms before with 2,000 members). Without the right to analyse, PostgreSQL only warns and the round still works.
 */
export async function analyzeScopeMembers(q: Queryable): Promise<void> {
  await q.query('ANALYZE sync_scope_member');
}

/** Keeps a patient in a workstation's scope until `until` (an on-demand fetch asked for it). */
export async function pinPatient(tx: Queryable, clientId: string, patientId: string, until: Date, reason: string, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO sync_pin (client_id, patient_id, until, reason, pinned_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (client_id, patient_id) DO UPDATE SET until = GREATEST(sync_pin.until, EXCLUDED.until), reason = EXCLUDED.reason, pinned_by = EXCLUDED.pinned_by`,
    [clientId, patientId, until.toISOString(), reason, by],
  );
}
