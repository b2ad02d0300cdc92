import type { AuditEvent } from '@medplum/fhirtypes';
import { badRequest } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';

/**
 * Search of the audit trail: by patient, by agent (the user's or client's id, or a staff username),
 * by agent name (part of a staff member's or institution client's name, any case), by period, by
 * action, outcome and break-the-glass, newest first, paged with an opaque keyset cursor (stable while new events
 * arrive). Every value is a bound parameter; an unknown or repeated parameter is a 400 naming it.
 */
export interface AuditQuery {
  patient?: string | undefined;
  agent?: string | undefined;
  /** Part of the name of the staff member or institution client who acted. */
  agentName?: string | undefined;
  /** [operator, ISO instant] pairs: recorded must satisfy all of them. */
  dates: Array<['>=' | '<', string]>;
  action?: 'C' | 'R' | 'U' | 'D' | 'E' | undefined;
  outcome?: 'success' | 'failure' | undefined;
  breakGlass?: boolean | undefined;
  count: number;
  after?: { recorded: string; seq: number } | undefined;
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
const KNOWN = new Set(['patient', 'agent', 'agent-name', 'date', 'action', 'outcome', 'break-glass', '_count', '_page']);

export function parseAuditQuery(params: Record<string, string | string[] | undefined>): AuditQuery {
  const query: AuditQuery = { dates: [], count: DEFAULT_COUNT };
  for (const [name, raw] of Object.entries(params)) {
    if (!KNOWN.has(name)) throw badRequest(`Unknown search parameter "${name.replace(/[^\w.-]/g, '?').slice(0, 40)}" for AuditEvent`, name);
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    if (name !== 'date' && values.length > 1) throw badRequest(`Search parameter ${name} may be given once`, name);
    const value = values[0] ?? '';
    switch (name) {
      case 'patient':
        query.patient = reference(value, 'Patient', name);
        break;
      case 'agent':
        query.agent = reference(value, undefined, name);
        break;
      case 'agent-name': {
        const words = value.trim();
        if (words.length < 2 || words.length > 100 || /[\u0000-\u001f]/.test(words)) throw badRequest('agent-name is 2 to 100 characters of a name', 'agent-name');
        query.agentName = words;
        break;
      }
      case 'date':
        for (const v of values) query.dates.push(...dateBounds(v));
        break;
      case 'action':
        if (!/^[CRUDE]$/.test(value)) throw badRequest('action is one of C, R, U, D, E', name);
        query.action = value as AuditQuery['action'];
        break;
      case 'outcome':
        if (!/^(0|4|8|12)$/.test(value)) throw badRequest('outcome is one of 0, 4, 8, 12', name);
        query.outcome = value === '0' ? 'success' : 'failure';
        break;
      case 'break-glass':
        if (value !== 'true' && value !== 'false') throw badRequest('break-glass is true or false', name);
        query.breakGlass = value === 'true';
        break;
      case '_count': {
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw badRequest(`_count is a whole number from 1 to ${MAX_COUNT}`, name);
        query.count = Math.min(Number(value), MAX_COUNT);
        break;
      }
      case '_page':
        query.after = decodeCursor(value);
        break;
    }
  }
  return query;
}

function reference(value: string, type: string | undefined, name: string): string {
  const id = type && value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (!/^[A-Za-z0-9.@_-]{1,64}$/.test(id)) throw badRequest(`${name} must be an id${type ? ` or ${type}/<id>` : ''}`, name);
  return id;
}

const DATE = /^(ge|le|gt|lt|eq)?(\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?)$/;

/** A FHIR date search value as bounds on `recorded`; a date without time covers its whole period. */
function dateBounds(value: string): Array<['>=' | '<', string]> {
  const match = DATE.exec(value);
  if (!match) throw badRequest('date must be [ge|le|gt|lt|eq]YYYY[-MM[-DD[Thh:mm[:ss]Z]]]', 'date');
  const text = match[2]!;
  const [start, end] = period(text);
  switch (match[1] ?? 'eq') {
    case 'ge':
      return [['>=', start]];
    case 'gt':
      return [['>=', end]];
    case 'le':
      return [['<', end]];
    case 'lt':
      return [['<', start]];
    default:
      return [['>=', start], ['<', end]];
  }
}

/** The half-open period [start, end) a date of some precision stands for, as ISO instants (UTC). */
function period(text: string): [string, string] {
  if (text.includes('T')) {
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) throw badRequest('date is not a real moment', 'date');
    const seconds = /:\d{2}:\d{2}/.test(text) ? 1000 : 60_000;
    return [instant.toISOString(), new Date(instant.getTime() + (text.includes('.') ? 1 : seconds)).toISOString()];
  }
  const [y, m, d] = text.split('-').map(Number) as [number, number | undefined, number | undefined];
  const start = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  if ((m && (m < 1 || m > 12)) || (d && start.getUTCDate() !== d)) throw badRequest('date is not a real date', 'date');
  const end = d ? Date.UTC(y, m! - 1, d + 1) : m ? Date.UTC(y, m, 1) : Date.UTC(y + 1, 0, 1);
  return [start.toISOString(), new Date(end).toISOString()];
}

export function encodeCursor(recorded: string, seq: number): string {
  return Buffer.from(JSON.stringify([recorded, seq])).toString('base64url');
}

function decodeCursor(value: string): { recorded: string; seq: number } {
  try {
    const [recorded, seq] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof recorded === 'string' && !Number.isNaN(Date.parse(recorded)) && Number.isSafeInteger(seq)) return { recorded, seq: seq as number };
  } catch {
    // fall through
  }
  throw badRequest('_page is not a page link of this server', '_page');
}

export interface AuditRow {
  seq: number;
  recorded: Date | string;
  agent_subject: string;
  agent_org: string | null;
  patient_id: string | null;
  content: AuditEvent & { id: string };
}

/**
 * Who may see which audit records. `clinicOrg`, for a clinic's privacy officer (the general search and the break-the-glass review
 * list): the clinic's own staff anywhere, and anyone's accesses to the patients attached to it
 * (managingOrganization or generalPractitioner): another institution opening them is the clinic's
 * to review too, while what other institutions do with patients unrelated to the clinic is not
 * its business. `patient` (and not their own actions, `excludeAgent`): a patient's own record.
 */
export interface AuditScope {
  clinicOrg?: string | undefined;
  patient?: string | undefined;
  excludeAgent?: string | undefined;
}

type AddClause = (sql: string, ...values: unknown[]) => void;

function addScopeClauses(add: AddClause, scope: AuditScope): void {
  if (scope.clinicOrg !== undefined) {
    add(
      `(agent_org = ? OR patient_id IN (SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted
        AND (content->'managingOrganization'->>'reference' = ? OR content->'generalPractitioner' @> jsonb_build_array(jsonb_build_object('reference', ?::text)))))`,
      scope.clinicOrg,
      `Organization/${scope.clinicOrg}`,
      `Organization/${scope.clinicOrg}`,
    );
  }
  if (scope.patient !== undefined) add('patient_id = ?', scope.patient);
  if (scope.excludeAgent !== undefined) add('agent_subject <> ?', scope.excludeAgent);
}

/** WHERE clauses with `?` placeholders numbered into bound parameters. */
function clauses(): { where: string[]; params: unknown[]; add: AddClause } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add: AddClause = (sql, ...values) => {
    where.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
  };
  return { where, params, add };
}

/** Runs a search within a scope the caller cannot widen. Returns one page and whether there is another. */
export async function searchAudit(db: Queryable, query: AuditQuery, scope: AuditScope): Promise<{ rows: AuditRow[]; more: boolean }> {
  const { where, params, add } = clauses();
  addScopeClauses(add, scope);
  if (query.patient !== undefined) add('patient_id = ?', query.patient);
  if (query.agent !== undefined) add('(agent_subject = ? OR agent_subject IN (SELECT id FROM staff_user WHERE username = ?))', query.agent, query.agent);
  if (query.agentName !== undefined) {
    const pattern = `%${query.agentName.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(
      `agent_subject IN (SELECT id FROM staff_user WHERE lower(display) LIKE ? OR lower(username) LIKE ? UNION SELECT client_id FROM institution_client WHERE lower(display) LIKE ?)`,
      pattern,
      pattern,
      pattern,
    );
  }
  for (const [op, instant] of query.dates) add(`recorded ${op} ?::timestamptz`, instant);
  if (query.action !== undefined) add(`content->>'action' = ?`, query.action);
  if (query.outcome !== undefined) add('outcome = ?', query.outcome);
  if (query.breakGlass !== undefined) add('break_glass = ?', query.breakGlass);
  if (query.after) add('(recorded, seq) < (?::timestamptz, ?)', query.after.recorded, query.after.seq);
  const { rows } = await db.query<AuditRow>(
    `SELECT seq, recorded, agent_subject, agent_org, patient_id, content FROM audit_event
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY recorded DESC, seq DESC LIMIT ${query.count + 1}`,
    params,
  );
  return { rows: rows.slice(0, query.count), more: rows.length > query.count };
}

/** One audit record by id, when it is within the caller's scope (outside it is as absent). */
export async function findAuditEvent(db: Queryable, id: string, scope: AuditScope): Promise<AuditRow | undefined> {
  const { where, params, add } = clauses();
  add('id = ?', id);
  addScopeClauses(add, scope);
  const { rows } = await db.query<AuditRow>(`SELECT seq, recorded, agent_subject, agent_org, patient_id, content FROM audit_event WHERE ${where.join(' AND ')}`, params);
  return rows[0];
}
