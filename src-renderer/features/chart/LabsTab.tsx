import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabSeries, LabValue } from '../../../shared/api/chart-method.js';
import { formatNumber, formatWhen } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import type { Language } from '../../../shared/api/common.js';
import { SourceLine } from './SourceLine.js';
import { Sparkline, TrendChart } from './TrendChart.js';

/** Lab results by test: the latest value with its range and flag, a sparkline, and the chosen test's full trend and history. */
export function LabsTab(props: { labs: readonly LabSeries[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const [selected, setSelected] = useState(0);
  if (props.labs.length === 0) return <p className="panel-state panel-empty">{t('chart.noLabs')}</p>;
  const current = props.labs[Math.min(selected, props.labs.length - 1)]!;
  return (
    <div className="labs">
      <table className="grid labs-table" aria-label={t('chart.labs')}>
        <thead>
          <tr>
            <th>{t('chart.test')}</th>
            <th className="num">{t('chart.latest')}</th>
            <th>{t('chart.range')}</th>
            <th>{t('chart.date')}</th>
            <th>{t('chart.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {props.labs.map((series, index) => {
            const latest = series.values[0]!;
            return (
              <tr key={`${series.code.system}-${series.code.code}-${series.code.text}`} className={index === selected ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link" aria-pressed={index === selected} onClick={() => setSelected(index)}>
                    {series.code.text}
                  </button>
                </td>
                <td className="num nowrap">
                  <ValueWithFlag value={latest} language={language} />
                </td>
                <td className="nowrap small">{rangeText(latest, language)}</td>
                <td className="nowrap small">{formatWhen(latest.date, language)}</td>
                <td>
                  <Sparkline series={series} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <section className="lab-detail" aria-label={t('chart.trendTitle', { test: current.code.text })}>
        <h3>
          {current.code.text} {current.code.code ? <span className="muted small">{current.code.system} {current.code.code}</span> : null}{' '}
          <span className="muted small">· {t('chart.valuesCount', { count: current.values.length })}</span>
        </h3>
        <TrendChart series={current} />
        <table className="grid compact">
          <thead>
            <tr>
              <th>{t('chart.date')}</th>
              <th className="num">{t('chart.value')}</th>
              <th>{t('chart.range')}</th>
              <th>{t('chart.source')}</th>
            </tr>
          </thead>
          <tbody>
            {current.values.map((value) => (
              <tr key={value.observationId}>
                <td className="nowrap">{formatWhen(value.date, language)}</td>
                <td className="num nowrap">
                  <ValueWithFlag value={value} language={language} />
                </td>
                <td className="nowrap small">{rangeText(value, language)}</td>
                <td>
                  <SourceLine source={value.source} withoutPractitioner />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function ValueWithFlag(props: { value: LabValue; language: Language }) {
  const { t } = useTranslation();
  const { value } = props;
  const shown = value.value !== null ? formatNumber(value.value, props.language, 3) : value.display;
  const flagged = value.flag !== null && value.flag !== 'normal';
  return (
    <span className={flagged ? `flagged flag-${value.flag}` : undefined}>
      {shown}
      {value.unit ? <span className="unit"> {value.unit}</span> : null}
      {flagged ? <span className="tag bad flag">{t(`labFlags.${value.flag}`)}</span> : null}
    </span>
  );
}

function rangeText(value: LabValue, language: Language): string {
  if (value.low !== null && value.high !== null) return `${formatNumber(value.low, language)}–${formatNumber(value.high, language)}`;
  if (value.low !== null) return `≥ ${formatNumber(value.low, language)}`;
  if (value.high !== null) return `≤ ${formatNumber(value.high, language)}`;
  return '—';
}
