import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/api/chart-method.js';
import type { Language } from '../../../shared/api/common.js';
import { formatDate, formatDay, formatTime, formatWhen } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { SourceLine } from './SourceLine.js';

/** One encounter: when, what kind, where and who, the diagnoses; notes, operations and prescriptions on request. */
export function TimelineItem(props: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { entry } = props;
  const [open, setOpen] = useState(false);
  const hasDetails = entry.notes.length + entry.procedures.length + entry.prescriptions.length > 0;
  const stay = entry.kind === 'inpatient' || entry.kind === 'surgery';
  const title = entry.title || t(`encounterKinds.${entry.kind}`);
  const [date, time] = splitWhen(entry.start, language);
  const detailsId = `visit-${entry.id}`;
  return (
    <li className={`timeline-item kind-${entry.kind}`} aria-label={`${formatWhen(entry.start, language)}: ${title}`}>
      <div className="when nowrap">
        <div>{date}</div>
        {time ? <div className="muted small">{time}</div> : null}
        {stay && entry.end ? <div className="muted small">{t('chart.until', { date: formatDate(entry.end, language) })}</div> : null}
      </div>
      <div className="what">
        <div className="row tight">
          <span className={`tag kind-${entry.kind}`}>{t(`encounterKinds.${entry.kind}`)}</span>
          {entry.title ? <strong>{entry.title}</strong> : null}
          {entry.status !== 'finished' ? <span className="tag">{t(`encounterStatus.${entry.status}`, { defaultValue: entry.status })}</span> : null}
          {entry.pendingSync ? <span className="tag warn">{t('chart.pendingSync')}</span> : null}
        </div>
        <SourceLine source={entry.source} />
        {entry.diagnoses.length ? (
          <ul className="diagnoses">
            {entry.diagnoses.map((d, i) => (
              <li key={`${d.code ?? ''}-${i}`}>
                {d.code ? <span className="code">{d.code}</span> : null} {d.text}
              </li>
            ))}
          </ul>
        ) : null}
        {hasDetails ? (
          <button type="button" className="link small" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((v) => !v)}>
            {open ? t('chart.hideDetails') : t('chart.showDetails')}
          </button>
        ) : null}
        {open ? (
          <div id={detailsId} className="visit-details">
            {entry.notes.map((note, i) => (
              <section key={i}>
                <h4>{note.section ? t(`noteSections.${note.section}`) : note.title}</h4>
                <p className="prose">{note.text}</p>
              </section>
            ))}
            {entry.procedures.length ? (
              <section>
                <h4>{t('chart.procedures')}</h4>
                <ul>{entry.procedures.map((p, i) => <li key={i}>{p}</li>)}</ul>
              </section>
            ) : null}
            {entry.prescriptions.length ? (
              <section>
                <h4>{t('chart.prescriptions')}</h4>
                <ul>{entry.prescriptions.map((p, i) => <li key={i}>{p}</li>)}</ul>
              </section>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** The date on one line and the time (when recorded) under it. */
function splitWhen(value: string | null, language: Language): [string, string | null] {
  if (!value) return ['—', null];
  return [formatDay(value, language), value.length === 10 ? null : formatTime(value, language)];
}
