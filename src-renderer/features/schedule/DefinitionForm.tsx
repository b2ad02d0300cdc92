import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ScheduleChoices, ScheduleDefinitionInput } from '../../../shared/api/schedule.js';
import type { SaveDefinitionOutput } from '../../../shared/api/schedule-admin.js';
import { ApiCallError } from '../../../shared/api/client.js';
import { ABSENCE_REASONS } from '../../../shared/domain/slot-plan.js';
import { VISIT_TYPES } from '../../../shared/domain/visit-types.js';
import { api } from '../../api/client.js';
import { DateField } from '../../components/DateField.js';
import { toDisplayDate } from '../../lib/date-input.js';
import { errorCode } from '../../lib/use-api.js';
import { locateProblem, type ProblemPlace } from './definition-problem.js';
import { DoctorPicker, PlacePicker, RemoveButton, Rows, SpecialtyPicker, TimeRange, WeekdaySelect } from './definition-inputs.js';

export type Definition = ScheduleDefinitionInput;
type Hours = Definition['hours'][number];
type Break = NonNullable<Definition['breaks']>[number];
type Absence = NonNullable<Definition['absences']>[number];
type Outcome = { saved: SaveDefinitionOutput } | { error: ApiCallError | Error };

/** Where a new schedule starts: weekday mornings, the usual visit lengths; the administrator picks the doctor and the place. */
export const NEW_DEFINITION: Definition = {
  practitionerId: '',
  locationId: '',
  specialty: { code: '', display: '' },
  slotMinutes: { 'first-visit': 20, 'follow-up': 15, preventive: 30 },
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '14:00' })),
  breaks: [],
  holidays: [],
  absences: [],
  horizonWeeks: 4,
  defaultVisitType: 'follow-up',
};

/**
 * One doctor's schedule, new (`scheduleId` absent: the doctor is picked from the clinic's staff)
 * or an existing one: place, visit lengths, hours per weekday, breaks, holidays, absences. Saving
 * goes to Central, which regenerates the slots; a refusal names the row and the field.
 */
export function DefinitionForm(props: { scheduleId?: string; version?: number; initial: Definition; choices: ScheduleChoices | undefined; onSaved: (saved: SaveDefinitionOutput) => void; onReload: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const creating = props.scheduleId === undefined;
  const [draft, setDraft] = useState<Definition>(props.initial);
  const [busy, setBusy] = useState(false);
  // The version this form last saw: after a save it is the saved one, so saving again is not refused as stale.
  const [baseVersion, setBaseVersion] = useState(props.version);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    setDraft(props.initial);
    setBaseVersion(props.version);
  }, [props.initial, props.version]);
  const patch = (change: Partial<Definition>) => setDraft((d) => ({ ...d, ...change }));
  const located = outcome && 'error' in outcome && outcome.error instanceof ApiCallError && outcome.error.code === 'invalid' ? locateProblem(outcome.error.error.field, outcome.error.message) : null;
  const bad = (section: string, index?: number) => (located && located.place.section === section && (index === undefined || located.place.index === index) ? (located.place.input ?? '') : undefined);
  const save = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await api.schedule.saveDefinition(creating ? { definition: draft } : { scheduleId: props.scheduleId, definition: draft, baseVersion });
      setBaseVersion(saved.schedule.version);
      setOutcome({ saved });
      props.onSaved(saved);
    } catch (error) {
      setOutcome({ error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      setBusy(false);
    }
  };
  const hours = draft.hours;
  const breaks = draft.breaks ?? [];
  const holidays = draft.holidays ?? [];
  const absences = draft.absences ?? [];
  const typeSelect = (value: string | undefined, onChange: (v: Hours['visitType']) => void) => (
    <select aria-label={t('scheduleAdmin.type')} value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as Hours['visitType'])}>
      <option value="">{t(`scheduleAdmin.visitType.${draft.defaultVisitType ?? 'follow-up'}`)}</option>
      {VISIT_TYPES.map((v) => (
        <option key={v} value={v}>
          {t(`scheduleAdmin.visitType.${v}`)}
        </option>
      ))}
    </select>
  );
  const doctorKey = draft.practitionerId ? `${draft.practitionerId}|${draft.practitionerRoleId ?? ''}` : '';
  return (
    <form
      className="definition-form"
      aria-label={creating ? t('scheduleAdmin.newTitle') : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {creating ? null : <p className="muted small">{t('scheduleAdmin.version', { version: baseVersion })}</p>}
      <div className="row wrap">
        {creating && props.choices ? (
          <DoctorPicker
            choices={props.choices}
            value={doctorKey}
            invalid={bad('practitionerId') !== undefined || bad('practitionerRoleId') !== undefined}
            onChange={(doctor) =>
              patch({
                practitionerId: doctor?.practitionerId ?? '',
                practitionerRoleId: doctor?.practitionerRoleId ?? undefined,
                specialty: doctor?.specialty ?? draft.specialty,
                // The room the role works in, unless a place was already picked.
                locationId: draft.locationId || (doctor?.locationId && props.choices!.locations.some((l) => l.locationId === doctor.locationId) ? doctor.locationId : ''),
              })
            }
          />
        ) : null}
        {props.choices ? <SpecialtyPicker choices={props.choices} value={draft.specialty.code ? draft.specialty : undefined} invalid={bad('specialty') !== undefined} onChange={(specialty) => patch({ specialty })} /> : null}
        <PlacePicker choices={props.choices} value={draft.locationId} invalid={bad('locationId') !== undefined} onChange={(locationId) => patch({ locationId })} />
      </div>
      <div className="row wrap">
        <label className="wide">
          {t('scheduleAdmin.display')}
          <input value={draft.display ?? ''} placeholder={creating ? t('scheduleAdmin.displayPlaceholder') : undefined} onChange={(e) => patch({ display: e.target.value || undefined })} size={52} />
        </label>
        <label>
          {t('scheduleAdmin.horizon')}
          <input type="number" min={1} max={26} value={draft.horizonWeeks ?? 4} aria-invalid={bad('horizonWeeks') !== undefined || undefined} onChange={(e) => patch({ horizonWeeks: Number(e.target.value) })} className="narrow" />
        </label>
        <label>
          {t('scheduleAdmin.defaultType')}
          <select value={draft.defaultVisitType ?? 'follow-up'} onChange={(e) => patch({ defaultVisitType: e.target.value as Hours['visitType'] })}>
            {VISIT_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`scheduleAdmin.visitType.${v}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <fieldset>
        <legend>{t('scheduleAdmin.slotMinutes')}</legend>
        <div className="row wrap">
          {VISIT_TYPES.map((v) => (
            <label key={v}>
              {t(`scheduleAdmin.visitType.${v}`)}
              <input
                type="number"
                min={5}
                max={240}
                step={5}
                className="narrow"
                aria-invalid={bad('slotMinutes') === v || undefined}
                value={draft.slotMinutes[v] ?? ''}
                onChange={(e) => patch({ slotMinutes: { ...draft.slotMinutes, [v]: e.target.value ? Number(e.target.value) : undefined } })}
              />
            </label>
          ))}
        </div>
      </fieldset>

      <Rows title={t('scheduleAdmin.hours')} add={t('scheduleAdmin.addHours')} onAdd={() => patch({ hours: [...hours, { weekday: 1, start: '08:00', end: '14:00' }] })}>
        {[...hours.entries()]
          .sort(([, a], [, b]) => a.weekday - b.weekday || a.start.localeCompare(b.start))
          .map(([index, h]) => {
            const set = (change: Partial<Hours>) => patch({ hours: hours.map((x, i) => (i === index ? { ...x, ...change } : x)) });
            return (
              <div className={`row tight${bad('hours', index) !== undefined ? ' invalid' : ''}`} key={index}>
                <WeekdaySelect value={h.weekday} onChange={(weekday) => set({ weekday: weekday ?? 1 })} />
                <TimeRange start={h.start} end={h.end} onChange={set} invalid={bad('hours', index)} />
                {typeSelect(h.visitType, (visitType) => set({ visitType }))}
                <RemoveButton onClick={() => patch({ hours: hours.filter((_, i) => i !== index) })} />
              </div>
            );
          })}
      </Rows>

      <Rows title={t('scheduleAdmin.breaks')} add={t('scheduleAdmin.addBreak')} onAdd={() => patch({ breaks: [...breaks, { start: '12:00', end: '12:30' }] })}>
        {breaks.map((b, index) => {
          const set = (change: Partial<Break>) => patch({ breaks: breaks.map((x, i) => (i === index ? { ...x, ...change } : x)) });
          return (
            <div className={`row tight${bad('breaks', index) !== undefined ? ' invalid' : ''}`} key={index}>
              <WeekdaySelect value={b.weekday} onChange={(weekday) => set({ weekday })} allowEvery />
              <TimeRange start={b.start} end={b.end} onChange={set} invalid={bad('breaks', index)} />
              <RemoveButton onClick={() => patch({ breaks: breaks.filter((_, i) => i !== index) })} />
            </div>
          );
        })}
      </Rows>

      <Rows className="dates" title={t('scheduleAdmin.holidays')} add={t('scheduleAdmin.addHoliday')} onAdd={() => patch({ holidays: [...holidays, ''] })}>
        {holidays.map((day, index) => (
          <div className={`row tight align-end${bad('holidays', index) !== undefined ? ' invalid' : ''}`} key={index}>
            <DateField label={t('schedule.date')} value={day} onChange={(iso) => patch({ holidays: holidays.map((x, i) => (i === index ? iso : x)) })} />
            <RemoveButton onClick={() => patch({ holidays: holidays.filter((_, i) => i !== index) })} />
          </div>
        ))}
      </Rows>

      <Rows title={t('scheduleAdmin.absences')} add={t('scheduleAdmin.addAbsence')} onAdd={() => patch({ absences: [...absences, { from: '', to: '', reason: 'vacation' }] })}>
        {absences.map((a, index) => {
          const set = (change: Partial<Absence>) => patch({ absences: absences.map((x, i) => (i === index ? { ...x, ...change } : x)) });
          return (
            <div className={`row tight align-end${bad('absences', index) !== undefined ? ' invalid' : ''}`} key={index}>
              <DateField label={t('scheduleAdmin.from')} value={a.from} onChange={(from) => set({ from })} />
              <DateField label={t('scheduleAdmin.to')} value={a.to} onChange={(to) => set({ to })} />
              <label>
                {t('scheduleAdmin.reason')}
                <select value={a.reason} onChange={(e) => set({ reason: e.target.value as Absence['reason'] })}>
                  {ABSENCE_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`scheduleAdmin.absenceReason.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('scheduleAdmin.note')}
                <input value={a.note ?? ''} onChange={(e) => set({ note: e.target.value || undefined })} />
              </label>
              <RemoveButton onClick={() => patch({ absences: absences.filter((_, i) => i !== index) })} />
            </div>
          );
        })}
      </Rows>

      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('scheduleAdmin.saving') : creating ? t('scheduleAdmin.create') : t('scheduleAdmin.save')}
        </button>
        {props.onCancel ? (
          <button type="button" onClick={props.onCancel} disabled={busy}>
            {t('scheduleAdmin.cancelNew')}
          </button>
        ) : null}
      </div>
      {outcome ? <OutcomeNotice outcome={outcome} located={located ? problemText(t, draft, located.place, located.problem) : null} onReload={props.onReload} /> : null}
    </form>
  );
}

function OutcomeNotice(props: { outcome: Outcome; located: string | null; onReload: () => void }) {
  const { t } = useTranslation();
  if ('saved' in props.outcome) {
    const { schedule, regeneration } = props.outcome.saved;
    return (
      <div className="notice ok" role="status">
        {t('scheduleAdmin.saved', { version: schedule.version, created: regeneration.created, updated: regeneration.updated, removed: regeneration.removed })}
        {regeneration.affected.length > 0 ? <div>{t('scheduleAdmin.affected', { count: regeneration.affected.length })}</div> : null}{' '}
        <button type="button" className="link" onClick={props.onReload}>
          {t('scheduleAdmin.refresh')}
        </button>
      </div>
    );
  }
  const code = errorCode(props.outcome.error);
  const text =
    code === 'unavailable' ? t('scheduleAdmin.offline')
    : code === 'conflict' ? t('scheduleAdmin.conflict')
    : code === 'forbidden' ? t('scheduleAdmin.forbidden')
    : (props.located ?? t('scheduleAdmin.invalid', { message: props.outcome.error.message }));
  return (
    <div className="notice warn" role="alert">
      {text}{' '}
      {code === 'conflict' ? (
        <button type="button" className="link" onClick={props.onReload}>
          {t('scheduleAdmin.reload')}
        </button>
      ) : null}
    </div>
  );
}

/** "Часы работы, Ср 14:00–25:00, «До»: время пишется как ЧЧ:ММ" — the field named as the form shows it. */
function problemText(t: TFunction, draft: Definition, place: ProblemPlace, problem: string): string {
  const row = place.index;
  const weekday = (day: number | undefined) => (day ? t(`scheduleAdmin.weekdays.${day}`) : t('scheduleAdmin.everyDay'));
  const inputs: Record<string, string> = { start: t('scheduleAdmin.start'), end: t('scheduleAdmin.end'), from: t('scheduleAdmin.from'), to: t('scheduleAdmin.to'), startTime: t('scheduleAdmin.start'), endTime: t('scheduleAdmin.end'), reason: t('scheduleAdmin.reason'), note: t('scheduleAdmin.note'), weekday: t('scheduleAdmin.weekday'), visitType: t('scheduleAdmin.type') };
  const parts: string[] = [];
  switch (place.section) {
    case 'hours': {
      const h = row === undefined ? undefined : draft.hours[row];
      parts.push(t('scheduleAdmin.hours'), ...(h ? [`${weekday(h.weekday)} ${h.start}–${h.end}`] : []));
      break;
    }
    case 'breaks': {
      const b = row === undefined ? undefined : draft.breaks?.[row];
      parts.push(t('scheduleAdmin.breaks'), ...(b ? [`${weekday(b.weekday)} ${b.start}–${b.end}`] : []));
      break;
    }
    case 'holidays':
      parts.push(t('scheduleAdmin.holidays'), ...(row === undefined ? [] : [toDisplayDate(draft.holidays?.[row] ?? '') || t('scheduleAdmin.row', { row: row + 1 })]));
      break;
    case 'absences': {
      const a = row === undefined ? undefined : draft.absences?.[row];
      parts.push(t('scheduleAdmin.absences'), ...(a ? [a.from && a.to ? `${toDisplayDate(a.from)}–${toDisplayDate(a.to)}` : t('scheduleAdmin.row', { row: (row ?? 0) + 1 })] : []));
      break;
    }
    case 'slotMinutes':
      parts.push(t('scheduleAdmin.slotMinutes'), ...((VISIT_TYPES as readonly string[]).includes(place.input ?? '') ? [t(`scheduleAdmin.visitType.${place.input}`)] : []));
      break;
    default:
      parts.push(t(`scheduleAdmin.fields.${place.section}`, { defaultValue: t('scheduleAdmin.fields.other') }));
  }
  const input = place.section !== 'slotMinutes' && place.input ? inputs[place.input] : undefined;
  const where = parts.join(', ') + (input ? `, «${input}»` : '');
  return t('scheduleAdmin.invalidField', { field: where, problem: t(`scheduleAdmin.problem.${problem}`) });
}
