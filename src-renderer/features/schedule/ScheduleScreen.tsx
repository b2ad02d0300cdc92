import { useTranslation } from 'react-i18next';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import type { ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import { DateField } from '../../components/DateField.js';
import { QueryView } from '../../components/Panel.js';
import { Tabs } from '../../components/Tabs.js';
import { formatWeekday } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { ScheduleDialogs } from './dialogs.js';
import { PreventivePanel } from './PreventivePanel.js';
import { ScheduleGrid } from './ScheduleGrid.js';
import { clinicToday, useScheduleStore, type ScheduleTab } from './schedule-store.js';
import { useDirectory, useScheduleView } from './use-schedule.js';
import { WalkInsPanel } from './WalkInsPanel.js';
import { DefinitionsPanel } from './DefinitionsPanel.js';
import { RebookPanel } from './RebookPanel.js';
import { isAllowed } from '../../../shared/domain/access.js';
import type { StaffRole } from '../../../shared/domain/roles.js';

const TABS: readonly ScheduleTab[] = ['grid', 'walk-ins', 'preventive'];

/** The rebook list for whoever books; the doctors' schedule definitions for the clinic administrator alone. */
function tabsFor(role: string | undefined): ScheduleTab[] {
  const books = role !== undefined && isAllowed([role as StaffRole], 'update', 'Appointment');
  return [...TABS, ...(books ? (['rebook'] as const) : []), ...(role === 'clinic-admin' ? (['define'] as const) : [])];
}

/**
 * The registration desk's schedule: a doctor's or a specialty's day or week, walk-ins, the
 * preventive due list. Built from this workstation's copy, so it works with the network down;
 * what was booked here and is not yet confirmed by Central is marked.
 */
export function ScheduleScreen() {
  const { t } = useTranslation();
  const directory = useDirectory();
  const view = useScheduleView();
  const tab = useScheduleStore((s) => s.tab);
  const setTab = useScheduleStore((s) => s.setTab);
  const moving = useScheduleStore((s) => s.moving);
  const startMove = useScheduleStore((s) => s.startMove);
  const tabs = tabsFor(useAppStore((s) => s.session?.user?.role));
  return (
    <div className="screen schedule-screen">
      <h1>{t('schedule.title')}</h1>
      <Toolbar directory={directory.data} />
      {moving ? (
        <p className="notice warn moving" role="status">
          {t('schedule.moving', { name: moving.name })}{' '}
          <button type="button" className="link" onClick={() => startMove(null)}>
            {t('schedule.moveCancel')}
          </button>
        </p>
      ) : null}
      <Tabs label={t('schedule.sections')} idPrefix="schedule" tabs={tabs.map((key) => ({ key, label: t(`schedule.tabs.${key}`) }))} active={tab} onChange={setTab}>
        {tab === 'grid' ? (
          <>
            <Shortcuts />
            <QueryView query={view} isEmpty={(data) => data.schedules.length === 0} empty={t('schedule.noSchedules')}>
              {(data) => <ScheduleGrid view={data} />}
            </QueryView>
          </>
        ) : null}
        {tab === 'walk-ins' ? <WalkInsPanel directory={directory.data} /> : null}
        {tab === 'preventive' ? <PreventivePanel /> : null}
        {tab === 'rebook' && tabs.includes('rebook') ? <RebookPanel directory={directory.data} /> : null}
        {tab === 'define' && tabs.includes('define') ? <DefinitionsPanel /> : null}
      </Tabs>
      <ScheduleDialogs view={view.data} onChanged={view.reload} />
    </div>
  );
}

function Toolbar(props: { directory: ScheduleDirectory | undefined }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { whose, date, mode, setWhose, setDate, shiftDate, setMode } = useScheduleStore();
  const value = whose ? ('specialty' in whose ? `specialty:${whose.specialty}` : `schedule:${whose.scheduleId}`) : '';
  const end = addDays(date, 6);
  return (
    <div className="schedule-toolbar">
      <label className="whose">
        {t('schedule.whose')}
        <select value={value} onChange={(e) => setWhose(e.target.value.startsWith('specialty:') ? { specialty: e.target.value.slice(10) } : { scheduleId: e.target.value.slice(9) })}>
          {props.directory?.specialties.length ? (
            <optgroup label={t('schedule.specialties')}>
              {props.directory.specialties.map((s) => (
                <option key={s.code} value={`specialty:${s.code}`}>
                  {t('schedule.allOf', { specialty: s.display })}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('schedule.doctors')}>
            {props.directory?.schedules.map((s) => (
              <option key={s.scheduleId} value={`schedule:${s.scheduleId}`}>
                {s.display}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <div className="mode" role="group" aria-label={t('schedule.mode')}>
        <button type="button" aria-pressed={mode === 'day'} onClick={() => setMode('day')}>
          {t('schedule.day')}
        </button>
        <button type="button" aria-pressed={mode === 'week'} onClick={() => setMode('week')}>
          {t('schedule.week')}
        </button>
      </div>
      <div className="dates row tight">
        <button type="button" aria-label={t(mode === 'day' ? 'schedule.previousDay' : 'schedule.previousWeek')} aria-keyshortcuts="PageUp" onClick={() => shiftDate(-1)}>
          ‹
        </button>
        <DateField label={t('schedule.date')} value={date} onChange={(next) => next && setDate(next)} />
        <button type="button" aria-label={t(mode === 'day' ? 'schedule.nextDay' : 'schedule.nextWeek')} aria-keyshortcuts="PageDown" onClick={() => shiftDate(1)}>
          ›
        </button>
        <button type="button" onClick={() => setDate(clinicToday())}>
          {t('schedule.today')}
        </button>
      </div>
      <div className="date-title" aria-live="polite">
        {mode === 'day' ? formatWeekday(date, language) : `${formatWeekday(date, language)} — ${formatWeekday(end, language)}`}
      </div>
    </div>
  );
}

function Shortcuts() {
  const { t } = useTranslation();
  const keys: [string, string][] = [
    ['↑ ↓', 'schedule.keys.time'],
    ['← →', 'schedule.keys.column'],
    ['Enter', 'schedule.keys.enter'],
    ['Del', 'schedule.keys.delete'],
    ['PgUp PgDn', 'schedule.keys.page'],
    ['Esc', 'schedule.keys.escape'],
  ];
  return (
    <p className="shortcuts muted small" aria-label={t('schedule.keys.title')}>
      {keys.map(([key, text]) => (
        <span key={key}>
          <kbd>{key}</kbd> {t(text)}
        </span>
      ))}
    </p>
  );
}
