import type { ChartView } from '../../shared/api/chart-method.js';
import type { PatientSummary } from '../../shared/api/patients.js';
import type { SessionStatus } from '../../shared/api/session.js';
import type { SyncStatus } from '../../shared/api/sync.js';

const name = (p: PatientSummary) => [p.family, p.given, p.patronymic].filter(Boolean).join(' ');

export function patientLine(p: PatientSummary): string {
  const record = p.record.local ? `record here${p.record.asOf ? ` as of ${p.record.asOf}` : ', not yet at Central'}` : 'record not here';
  return `${p.id.padEnd(38)} ${(p.personalNumber ?? '—').padEnd(15)} ${(p.birthDate ?? '—').padEnd(11)} ${name(p)}  (${record})`;
}

export function syncLines(s: SyncStatus): string[] {
  const lines = [
    `sync:      ${s.online ? 'online' : 'offline'}; last synchronised ${s.lastSyncAt ?? 'never'}`,
    `           ${s.pending} change(s) waiting, ${s.rejections} refusal(s), ${s.conflicts} conflict(s) in the inbox`,
  ];
  if (s.progress) lines.push(`           downloading ${s.progress.done} of ${s.progress.total}${s.progress.secondsLeft !== null ? `, about ${Math.ceil(s.progress.secondsLeft)} s left` : ''}`);
  if (s.lastError) lines.push(`           last error: ${s.lastError}`);
  return lines;
}

export function sessionLine(s: SessionStatus): string {
  if (s.state === 'not-enrolled') return 'session:   this workstation is not enrolled (npm run ws -- enrol --username <clinic admin>)';
  const who = s.user ? `${s.user.displayName} (${s.user.username}, ${s.user.role})` : 'nobody logged in';
  return `session:   ${s.state}; ${who}`;
}

/** The chart as text: who, what to watch out for, what is going on, and the latest visits. */
export function chartLines(chart: ChartView, visits = 10): string[] {
  const p = chart.patient;
  const { summary } = chart;
  const lines = [
    `${name(p)}, ${chart.age ?? '?'} y, born ${p.birthDate ?? '—'}, personal number ${p.personalNumber ?? '—'}`,
    `phone ${chart.phone ?? '—'}; address ${chart.address ?? '—'}`,
    `record: ${chart.resourceCount} resources, synchronised ${chart.syncedAt ?? 'never'}`,
  ];
  const allergies = summary.allergies.filter((a) => a.status === 'active');
  lines.push(allergies.length ? `ALLERGIES: ${allergies.map((a) => `${a.substance}${a.criticality === 'high' ? ' (high risk)' : ''}`).join('; ')}` : 'allergies: none recorded');
  lines.push(`problems: ${summary.problems.filter((x) => x.status === 'active').map((x) => `${x.diagnosis.code ?? ''} ${x.diagnosis.text}`.trim()).join('; ') || '—'}`);
  lines.push(`medication: ${summary.medications.map((m) => m.medication).join('; ') || '—'}`);
  const overdue = summary.vaccinations.filter((v) => v.state === 'overdue');
  lines.push(`vaccinations overdue: ${overdue.map((v) => `${v.infection} dose ${v.dose}`).join('; ') || 'none'}`);
  lines.push(`preventive examination: last ${summary.preventive.lastExam ?? 'never'}, next due ${summary.preventive.nextDue ?? '—'}${summary.preventive.dueNow ? ' (due now)' : ''}`);
  lines.push(`labs: ${chart.labs.length} tests; studies: ${chart.studies.length}`, '', `latest ${Math.min(visits, chart.timeline.length)} of ${chart.timeline.length} encounters:`);
  for (const entry of chart.timeline.slice(0, visits)) {
    const dx = entry.diagnoses.map((d) => d.code ?? d.text).join(', ');
    lines.push(`  ${(entry.start ?? '—').slice(0, 10)}  ${entry.kind.padEnd(10)} ${entry.title}${dx ? ` [${dx}]` : ''} — ${entry.source.institution ?? '?'}${entry.pendingSync ? ' (not yet at Central)' : ''}`);
  }
  return lines;
}
