import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/api/chart-method.js';
import { TimelineItem } from './TimelineItem.js';
import { useTimelineFilter } from './use-chart.js';

const PAGE = 40;

/** Every encounter in every institution, newest first, filterable by kind with one key press each. */
export function TimelineTab(props: { entries: readonly TimelineEntry[] }) {
  const { t } = useTranslation();
  const filter = useTimelineFilter(props.entries);
  // The newest first screenfuls; a long record's older years on request (hundreds of entries are slow to draw).
  const [limit, setLimit] = useState(PAGE);
  const shown = filter.visible.slice(0, limit);
  if (props.entries.length === 0) return <p className="panel-state panel-empty">{t('chart.noEncounters')}</p>;
  return (
    <div className="timeline">
      <div className="filter-bar" role="group" aria-label={t('chart.filterByKind')}>
        {filter.counts.map(({ kind, count }) => (
          <button key={kind} type="button" className={`chip kind-${kind}`} aria-pressed={filter.isShown(kind)} onClick={() => filter.toggle(kind)}>
            {t(`encounterKinds.${kind}`)} <span className="count">{count}</span>
          </button>
        ))}
        <button type="button" className="link small" onClick={() => filter.showOnly(null)}>
          {t('chart.showAll')}
        </button>
      </div>
      {filter.visible.length === 0 ? (
        <p className="panel-state panel-empty">{t('chart.nothingOfKind')}</p>
      ) : (
        <ol className="timeline-list" aria-label={t('chart.timeline')}>
          {shown.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {filter.visible.length > shown.length ? (
        <button type="button" className="more" onClick={() => setLimit((n) => n + PAGE * 2)}>
          {t('chart.showOlder', { count: filter.visible.length - shown.length })}
        </button>
      ) : null}
    </div>
  );
}
