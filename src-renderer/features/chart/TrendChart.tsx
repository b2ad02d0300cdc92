import { useTranslation } from 'react-i18next';
import type { LabSeries } from '../../../shared/api/chart-method.js';
import { formatDate, formatNumber } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { trendGeometry } from './trend-geometry.js';

const FULL = { width: 520, height: 200, left: 44, right: 12, top: 10, bottom: 24 };
const SPARK = { width: 96, height: 24, left: 2, right: 2, top: 3, bottom: 3 };
const outside = (flag: string | null) => flag !== null && flag !== 'normal';

/** A trend as inline SVG (no chart library): the reference range as a band, values as points, out-of-range ones marked. */
export function TrendChart(props: { series: LabSeries }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const g = trendGeometry(props.series.values, FULL);
  if (!g) return <p className="muted small">{t('chart.noTrend')}</p>;
  const first = g.points[0]!;
  const last = g.points[g.points.length - 1]!;
  const described = g.points.map((p) => `${formatDate(p.date, language)}: ${formatNumber(p.value, language)}`).join('; ');
  return (
    <svg className="trend" viewBox={`0 0 ${FULL.width} ${FULL.height}`} role="img" aria-label={t('chart.trendOf', { test: props.series.code.text, values: described })}>
      {g.band ? <rect className="range-band" x={FULL.left} y={g.band.top} width={FULL.width - FULL.left - FULL.right} height={Math.max(1, g.band.bottom - g.band.top)} /> : null}
      {g.yTicks.map((tick) => (
        <g key={tick.y}>
          <line className="grid-line" x1={FULL.left} x2={FULL.width - FULL.right} y1={tick.y} y2={tick.y} />
          <text className="axis" x={FULL.left - 4} y={tick.y + 4} textAnchor="end">
            {formatNumber(tick.value, language, 1)}
          </text>
        </g>
      ))}
      <path className="trend-line" d={g.path} />
      {g.points.map((p, i) => (
        <circle key={i} className={outside(p.flag) ? 'point out' : 'point'} cx={p.x} cy={p.y} r={outside(p.flag) ? 4.5 : 3.5}>
          <title>{`${formatDate(p.date, language)}: ${formatNumber(p.value, language)}`}</title>
        </circle>
      ))}
      <text className="axis" x={first.x} y={FULL.height - 6} textAnchor={g.points.length === 1 ? 'middle' : 'start'}>
        {formatDate(first.date, language)}
      </text>
      {g.points.length > 1 ? (
        <text className="axis" x={last.x} y={FULL.height - 6} textAnchor="end">
          {formatDate(last.date, language)}
        </text>
      ) : null}
    </svg>
  );
}

/** The same trend in a table cell: shape only, decorative (the numbers are in the row). */
export function Sparkline(props: { series: LabSeries }) {
  const g = trendGeometry(props.series.values, SPARK);
  if (!g || g.points.length < 2) return null;
  return (
    <svg className="sparkline" viewBox={`0 0 ${SPARK.width} ${SPARK.height}`} aria-hidden="true" focusable="false">
      {g.band ? <rect className="range-band" x={0} y={g.band.top} width={SPARK.width} height={Math.max(1, g.band.bottom - g.band.top)} /> : null}
      <path className="trend-line" d={g.path} />
      {g.points.map((p, i) => (outside(p.flag) ? <circle key={i} className="point out" cx={p.x} cy={p.y} r={2} /> : null))}
    </svg>
  );
}
