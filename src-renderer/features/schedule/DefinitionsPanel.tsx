import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleDefinition, ScheduleDefinitionInput } from '../../../shared/api/schedule.js';
import type { SaveDefinitionOutput } from '../../../shared/api/schedule-admin.js';
import { ABSENCE_REASONS } from '../../../shared/domain/slot-plan.js';
import { VISIT_TYPES } from '../../../shared/domain/visit-types.js';
import type { ApiCallError } from '../../../shared/api/client.js';
import { api } from '../../api/client.js';
import { DateField } from '../../components/DateField.js';
import { Panel } from '../../components/Panel.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';

type Definition = ScheduleDefinitionInput;
type Hours = Definition['hours'][number];
type Break = NonNullable<Definition['breaks']>[number];
type Absence = NonNullable<Definition['absences']>[number];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A clinic administrator defines each doctor's schedule: place, hours per weekday and visit type,
 * visit lengths, breaks, holidays and absences. Saving goes to Central (online only), which
 * regenerates the slots for the weeks ahead; bookings whose slot left go to the rebook list.
 */
export function DefinitionsPanel() {
  const { t } = useTranslation();
  const list = useApiQuery(() => api.schedule.definitions(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const schedules = list.data?.schedules ?? [];
  const current = schedules.find((s) => s.scheduleId === chosen) ?? schedules[0];
  const offline = list.state === 'error' && errorCode(list.error) === 'unavailable';
  return (
    <Panel
      title={t('scheduleAdmin.definitions')}
      query={offline ? { state: 'data', data: { schedules: [] }, reload: list.reload } : list}
      isEmpty={(data) => data.schedules.length === 0}
      empty={offline ? t('scheduleAdmin.offline') : t('scheduleAdmin.empty')}
      className="definitions-panel"
      actions={
        schedules.length > 0 ? (
          <label>
            {t('scheduleAdmin.schedule')}{' '}
            <select value={current?.scheduleId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {schedules.map((s) => (
                <option key={s.scheduleId} value={s.scheduleId}>
                  {s.definition.display ?? s.scheduleId}
                </option>
              ))}
            </select>
          </label>
        ) : null
      }
    >
      {() => (current ? <DefinitionForm key={`${current.scheduleId}:${current.version}`} schedule={current} onSaved={list.reload} /> : null)}
    </Panel>
  );
}

function DefinitionForm(props: { schedule: ScheduleDefinition; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Definition>(props.schedule.definition);
  const [busy, setBusy] = useState(false);
  // The version this form last saw: after a save it is the saved one, so saving again is not refused as stale.
  const [baseVersion, setBaseVersion] = useState(props.schedule.version);
  const [outcome, setOutcome] = useState<{ saved: SaveDefinitionOutput } | { error: ApiCallError | Error } | null>(null);
  useEffect(() => {
    setDraft(props.schedule.definition);
    setBaseVersion(props.schedule.version);
  }, [props.schedule]);
  const patch = (change: Partial<Definition>) => setDraft((d) => ({ ...d, ...change }));
  const save = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await api.schedule.saveDefinition({ scheduleId: props.schedule.scheduleId, definition: draft, baseVersion });
      setBaseVersion(saved.schedule.version);
      setOutcome({ saved });
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
  return (
    <form
      className="definition-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="muted small">{t('scheduleAdmin.version', { version: baseVersion })}</p>
      <div className="row wrap">
        <label className="wide">
          {t('scheduleAdmin.display')}
          <input value={draft.display ?? ''} onChange={(e) => patch({ display: e.target.value || undefined })} size={36} />
        </label>
        <label>
          {t('scheduleAdmin.location')}
          <input value={draft.locationId} onChange={(e) => patch({ locationId: e.target.value.trim() })} size={16} />
        </label>
        <label>
          {t('scheduleAdmin.horizon')}
          <input type="number" min={1} max={26} value={draft.horizonWeeks ?? 4} onChange={(e) => patch({ horizonWeeks: Number(e.target.value) })} className="narrow" />
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
              <div className="row tight" key={index}>
                <WeekdaySelect value={h.weekday} onChange={(weekday) => set({ weekday: weekday ?? 1 })} />
                <TimeRange start={h.start} end={h.end} onChange={set} />
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
            <div className="row tight" key={index}>
              <WeekdaySelect value={b.weekday} onChange={(weekday) => set({ weekday })} allowEvery />
              <TimeRange start={b.start} end={b.end} onChange={set} />
              <RemoveButton onClick={() => patch({ breaks: breaks.filter((_, i) => i !== index) })} />
            </div>
          );
        })}
      </Rows>

      <Rows className="dates" title={t('scheduleAdmin.holidays')} add={t('scheduleAdmin.addHoliday')} onAdd={() => patch({ holidays: [...holidays, ''] })}>
        {holidays.map((day, index) => (
          <div className="row tight align-end" key={index}>
            <DateField label={t('schedule.date')} value={day} onChange={(iso) => patch({ holidays: holidays.map((x, i) => (i === index ? iso : x)) })} />
            <RemoveButton onClick={() => patch({ holidays: holidays.filter((_, i) => i !== index) })} />
          </div>
        ))}
      </Rows>

      <Rows title={t('scheduleAdmin.absences')} add={t('scheduleAdmin.addAbsence')} onAdd={() => patch({ absences: [...absences, { from: '', to: '', reason: 'vacation' }] })}>
        {absences.map((a, index) => {
          const set = (change: Partial<Absence>) => patch({ absences: absences.map((x, i) => (i === index ? { ...x, ...change } : x)) });
          return (
            <div className="row tight align-end" key={index}>
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
          {busy ? t('scheduleAdmin.saving') : t('scheduleAdmin.save')}
        </button>
      </div>
      {outcome ? <Outcome outcome={outcome} onReload={props.onSaved} /> : null}
    </form>
  );
}

function Outcome(props: { outcome: { saved: SaveDefinitionOutput } | { error: ApiCallError | Error }; onReload: () => void }) {
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
  const text = code === 'unavailable' ? t('scheduleAdmin.offline') : code === 'conflict' ? t('scheduleAdmin.conflict') : code === 'forbidden' ? t('scheduleAdmin.forbidden') : t('scheduleAdmin.invalid', { message: props.outcome.error.message });
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

function Rows(props: { title: string; add: string; onAdd: () => void; children: ReactNode[]; className?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className={props.className}>
      <legend>{props.title}</legend>
      {props.children.length ? props.children : <p className="muted small">{t('scheduleAdmin.none')}</p>}
      <button type="button" onClick={props.onAdd}>
        {props.add}
      </button>
    </fieldset>
  );
}

function WeekdaySelect(props: { value: number | undefined; onChange: (weekday: number | undefined) => void; allowEvery?: boolean }) {
  const { t } = useTranslation();
  return (
    <select aria-label={t('scheduleAdmin.weekday')} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : undefined)}>
      {props.allowEvery ? <option value="">{t('scheduleAdmin.everyDay')}</option> : null}
      {WEEKDAYS.map((d) => (
        <option key={d} value={d}>
          {t(`scheduleAdmin.weekdays.${d}`)}
        </option>
      ))}
    </select>
  );
}

function TimeRange(props: { start: string; end: string; onChange: (change: { start?: string; end?: string }) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <input className="time" inputMode="numeric" placeholder={t('scheduleAdmin.timePlaceholder')} aria-label={t('scheduleAdmin.start')} value={props.start} onChange={(e) => props.onChange({ start: e.target.value.trim() })} />
      <span aria-hidden="true">–</span>
      <input className="time" inputMode="numeric" placeholder={t('scheduleAdmin.timePlaceholder')} aria-label={t('scheduleAdmin.end')} value={props.end} onChange={(e) => props.onChange({ end: e.target.value.trim() })} />
    </>
  );
}

function RemoveButton(props: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link" onClick={props.onClick}>
      {t('scheduleAdmin.remove')}
    </button>
  );
}
