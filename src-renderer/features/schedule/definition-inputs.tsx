import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleChoices, ScheduleDoctor, Specialty } from '../../../shared/api/schedule.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The inputs the schedule form is made of: pickers from Central's choices and compact rows. */

export function DoctorPicker(props: { choices: ScheduleChoices; value: string; invalid: boolean; onChange: (doctor: ScheduleDoctor | undefined) => void }) {
  const { t } = useTranslation();
  const key = (d: ScheduleDoctor) => `${d.practitionerId}|${d.practitionerRoleId ?? ''}`;
  return (
    <label className="wide">
      {t('scheduleAdmin.doctor')}
      <select aria-invalid={props.invalid || undefined} value={props.value} onChange={(e) => props.onChange(props.choices.doctors.find((d) => key(d) === e.target.value))}>
        <option value="">{t('scheduleAdmin.chooseDoctor')}</option>
        {props.choices.doctors.map((d) => (
          <option key={key(d)} value={key(d)}>
            {[d.name, d.role ?? d.specialty?.display].filter(Boolean).join(' — ')}
            {d.schedules > 0 ? ` (${t('scheduleAdmin.hasSchedule')})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SpecialtyPicker(props: { choices: ScheduleChoices; value: Specialty | undefined; invalid: boolean; onChange: (specialty: Specialty) => void }) {
  const { t } = useTranslation();
  const known = props.value && !props.choices.specialties.some((s) => s.code === props.value!.code) ? [props.value, ...props.choices.specialties] : props.choices.specialties;
  return (
    <label>
      {t('scheduleAdmin.specialty')}
      <select aria-invalid={props.invalid || undefined} value={props.value?.code ?? ''} onChange={(e) => {
        const chosen = known.find((s) => s.code === e.target.value);
        if (chosen) props.onChange(chosen);
      }}>
        {props.value ? null : <option value="">{t('scheduleAdmin.chooseSpecialty')}</option>}
        {known.map((s) => (
          <option key={s.code} value={s.code}>
            {s.display}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The clinic's places by name; a place the list does not know (another clinic's, a deleted one) still shows as what it is. */
export function PlacePicker(props: { choices: ScheduleChoices | undefined; value: string; invalid: boolean; onChange: (locationId: string) => void }) {
  const { t } = useTranslation();
  const locations = props.choices?.locations ?? [];
  const unknown = props.value && !locations.some((l) => l.locationId === props.value);
  return (
    <label>
      {t('scheduleAdmin.location')}
      <select aria-invalid={props.invalid || undefined} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.value ? null : <option value="">{t('scheduleAdmin.choosePlace')}</option>}
        {unknown ? <option value={props.value}>{t('scheduleAdmin.unknownPlace', { id: props.value })}</option> : null}
        {locations.map((l) => (
          <option key={l.locationId} value={l.locationId}>
            {l.partOf ? `${l.name} — ${l.partOf}` : l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Rows(props: { title: string; add: string; onAdd: () => void; children: ReactNode[]; className?: string }) {
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

export function WeekdaySelect(props: { value: number | undefined; onChange: (weekday: number | undefined) => void; allowEvery?: boolean }) {
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

export function TimeRange(props: { start: string; end: string; onChange: (change: { start?: string; end?: string }) => void; invalid?: string | undefined }) {
  const { t } = useTranslation();
  const bad = (input: 'start' | 'end') => (props.invalid !== undefined && (props.invalid === '' || props.invalid === input)) || undefined;
  return (
    <>
      <input className="time" inputMode="numeric" placeholder={t('scheduleAdmin.timePlaceholder')} aria-label={t('scheduleAdmin.start')} aria-invalid={bad('start')} value={props.start} onChange={(e) => props.onChange({ start: e.target.value.trim() })} />
      <span aria-hidden="true">–</span>
      <input className="time" inputMode="numeric" placeholder={t('scheduleAdmin.timePlaceholder')} aria-label={t('scheduleAdmin.end')} aria-invalid={bad('end')} value={props.end} onChange={(e) => props.onChange({ end: e.target.value.trim() })} />
    </>
  );
}

export function RemoveButton(props: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link" onClick={props.onClick}>
      {t('scheduleAdmin.remove')}
    </button>
  );
}
