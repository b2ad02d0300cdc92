import { hostname } from 'node:os';
import type { ChartView } from '../../shared/api/chart-method.js';
import type { PatientSummary } from '../../shared/api/patients.js';
import type { SessionStatus } from '../../shared/api/session.js';
import type { SyncStatus } from '../../shared/api/sync.js';
import type { Workstation } from '../host/workstation.js';
import { option, type CliArgs } from './args.js';
import { chartLines, patientLine, sessionLine, syncLines } from './format.js';
import { askPassword } from './prompt.js';

export interface CommandContext {
  ws: Workstation;
  args: CliArgs;
  json: boolean;
  print: (text: string) => void;
}

/** A refusal the person can act on: printed without a stack, exit code 1. */
export class CliError extends Error {}

async function call<T>(ws: Workstation, method: string, input: unknown = {}): Promise<T> {
  const result = await ws.handlers.call(method, input);
  if (!result.ok) throw new CliError(result.error.message + (result.error.field ? ` (${result.error.field})` : ''));
  return result.value as T;
}

function required(args: CliArgs, name: string): string {
  const value = option(args, name);
  if (!value) throw new CliError(`--${name} is required`);
  return value;
}

function requireSession(ws: Workstation): void {
  if (!ws.cli.resume()) throw new CliError('Nobody is logged in on this workstation: npm run ws -- login --username <user>');
}

const out = (ctx: CommandContext, value: unknown, lines: () => string[]) => ctx.print(ctx.json ? JSON.stringify(value, null, 2) : lines().join('\n'));

export const COMMANDS: Record<string, (ctx: CommandContext) => Promise<void>> = {
  async enrol(ctx) {
    const username = required(ctx.args, 'username');
    const password = await askPassword(`Password of ${username}: `);
    const summary = await ctx.ws.enrol({ username, password, display: option(ctx.args, 'display') ?? hostname() });
    out(ctx, summary, () => [`Enrolled as "${summary.display}" (${summary.deviceId}) for ${summary.organizationName} at ${summary.centralUrl}`]);
  },

  async login(ctx) {
    const username = required(ctx.args, 'username');
    const status = await ctx.ws.cli.start(username, await askPassword(`Password of ${username}: `)).catch((error: unknown) => {
      throw new CliError(error instanceof Error ? error.message : String(error));
    });
    out(ctx, status, () => [sessionLine(status)]);
  },

  async logout(ctx) {
    ctx.ws.cli.end();
    await ctx.ws.session.loggedOutAtCentral();
    out(ctx, { loggedOut: true }, () => ['Logged out']);
  },

  async sync(ctx) {
    const stop = ctx.ws.sync.onChange(({ status }) => {
      if (status.progress && !ctx.json) ctx.print(`  ${status.progress.done} / ${status.progress.total}`);
    });
    let status: SyncStatus;
    try {
      // The workstation syncs under its own credential: an overnight prefetch needs nobody logged in.
      status = await ctx.ws.sync.syncNow();
    } finally {
      stop();
    }
    // Large scattered records put back together and their chart parts kept; with someone logged in
    // also the register checks left pending and the ICD-10 copy.
    if (ctx.ws.cli.resume()) await ctx.ws.maintenance.run();
    else await ctx.ws.maintenance.upkeepLargeRecords();
    out(ctx, status, () => syncLines(status));
    if (status.lastError) throw new CliError(status.lastError);
  },

  async status(ctx) {
    const session = await call<SessionStatus>(ctx.ws, 'session.status');
    const resumed = session.state !== 'not-enrolled' && ctx.ws.cli.resume();
    const now = resumed ? await call<SessionStatus>(ctx.ws, 'session.status') : session;
    const sync = ctx.ws.sync.status();
    const enrolment = ctx.ws.enrolment();
    const store = ctx.ws.store();
    const counts = { patients: store.patients.count(), icd10Codes: store.icd10.count() };
    out(ctx, { enrolment, session: now, sync, counts, keySource: ctx.ws.keySource }, () => [
      enrolment ? `clinic:    ${enrolment.organizationName}; this workstation "${enrolment.display}" (${enrolment.deviceId}), Central ${ctx.ws.centralUrl()}` : `Central:   ${ctx.ws.centralUrl()}`,
      sessionLine(now),
      ...syncLines(sync),
      `local:     ${counts.patients} patients, ${counts.icd10Codes} ICD-10 codes; database key from ${ctx.ws.keySource}`,
    ]);
  },

  async search(ctx) {
    requireSession(ctx.ws);
    const query = ctx.args.rest.join(' ').trim();
    if (!query) throw new CliError('What to search for? npm run ws -- search Иванов');
    const { items } = await call<{ items: PatientSummary[] }>(ctx.ws, 'patients.search', { query, limit: Number(option(ctx.args, 'limit') ?? 20) });
    out(ctx, items, () => (items.length ? items.map(patientLine) : ['No patient found on this workstation']));
  },

  async open(ctx) {
    requireSession(ctx.ws);
    const wanted = ctx.args.rest.join(' ').trim();
    if (!wanted) throw new CliError('Which patient? npm run ws -- open <patient id or personal number>');
    const reason = option(ctx.args, 'reason');
    let patientId = ctx.ws.store().resources.get('Patient', wanted)?.id;
    if (!patientId) {
      const { items } = await call<{ items: PatientSummary[] }>(ctx.ws, 'patients.search', { query: wanted, limit: 2 });
      patientId = items.find((p) => p.personalNumber === wanted.toUpperCase())?.id;
    }
    if (!patientId && reason) patientId = (await call<{ patient: PatientSummary }>(ctx.ws, 'patients.fetchRemote', { personalNumber: wanted, reason })).patient.id;
    if (!patientId) throw new CliError('This patient is not on this workstation; to fetch the record from Central give --reason "<why you need it>"');
    const chart = await call<ChartView>(ctx.ws, 'chart.get', { patientId });
    out(ctx, chart, () => chartLines(chart));
  },
};
