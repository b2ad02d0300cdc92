import type { LabValue } from '../../../shared/api/chart-method.js';

export interface TrendBox {
  width: number;
  height: number;
  /** Room left for the axis labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TrendPoint {
  x: number;
  y: number;
  value: number;
  date: string;
  flag: LabValue['flag'];
}

export interface TrendGeometry {
  points: TrendPoint[];
  /** The reference range as a band (y of its top and bottom), when the newest value has one. */
  band: { top: number; bottom: number } | null;
  path: string;
  yMin: number;
  yMax: number;
  yTicks: { y: number; value: number }[];
}

/**
 * Where each numeric value of a lab series goes on a chart: time along x (oldest left), value up y,
 * with the reference range inside the scale so the band is always visible. Pure, so it is tested
 * without a browser.
 */
export function trendGeometry(values: readonly LabValue[], box: TrendBox): TrendGeometry | null {
  const numeric = values.filter((v): v is LabValue & { value: number; date: string } => v.value !== null && v.date !== null).map((v) => ({ ...v, time: Date.parse(v.date) }));
  if (numeric.length === 0) return null;
  numeric.sort((a, b) => a.time - b.time);
  const newest = numeric[numeric.length - 1]!;
  const bounds = [...numeric.map((v) => v.value), ...(newest.low !== null ? [newest.low] : []), ...(newest.high !== null ? [newest.high] : [])];
  let yMin = Math.min(...bounds);
  let yMax = Math.max(...bounds);
  const margin = (yMax - yMin) * 0.1 || Math.abs(yMax) * 0.1 || 1;
  yMin -= margin;
  yMax += margin;
  const tMin = numeric[0]!.time;
  const tMax = newest.time;
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (time: number) => box.left + (tMax === tMin ? plotWidth / 2 : ((time - tMin) / (tMax - tMin)) * plotWidth);
  const y = (value: number) => box.top + (1 - (value - yMin) / (yMax - yMin)) * plotHeight;
  const points = numeric.map((v) => ({ x: round(x(v.time)), y: round(y(v.value)), value: v.value, date: v.date, flag: v.flag }));
  const band =
    newest.low !== null || newest.high !== null
      ? { top: round(y(newest.high ?? yMax)), bottom: round(y(newest.low ?? yMin)) }
      : null;
  // Labelled values: the range's bounds and the extremes measured, unless two would overlap.
  const candidates = [newest.low, newest.high, Math.min(...numeric.map((v) => v.value)), Math.max(...numeric.map((v) => v.value))].filter((v): v is number => v !== null);
  const ticks: TrendGeometry['yTicks'] = [];
  for (const value of candidates) {
    const at = round(y(value));
    if (ticks.every((tick) => Math.abs(tick.y - at) >= 12)) ticks.push({ y: at, value: roundValue(value) });
  }
  return { points, band, path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' '), yMin, yMax, yTicks: ticks };
}

const round = (n: number) => Math.round(n * 10) / 10;
const roundValue = (n: number) => Math.round(n * 100) / 100;
