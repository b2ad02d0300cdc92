import { describe, expect, it } from 'vitest';
import type { LabValue } from '../../../shared/api/chart-method.js';
import { trendGeometry } from './trend-geometry.js';

const source = { institution: null, institutionKind: 'unknown' as const, practitioner: null };
const value = (date: string, v: number | null, low: number | null = 120, high: number | null = 150): LabValue => ({
  observationId: date,
  date,
  value: v,
  display: String(v),
  unit: 'г/л',
  low,
  high,
  flag: null,
  source,
});
const box = { width: 220, height: 100, left: 20, right: 0, top: 0, bottom: 0 };

describe('trendGeometry', () => {
  it('plots oldest left to newest right, higher values higher, the range band inside the scale', () => {
    const g = trendGeometry([value('2025-05-20', 124), value('2024-10-30', 112), value('2023-04-18', 131)], box)!;
    expect(g.points.map((p) => p.value)).toEqual([131, 112, 124]);
    expect(g.points[0]!.x).toBe(20);
    expect(g.points[2]!.x).toBe(220);
    expect(g.points[0]!.y).toBeLessThan(g.points[2]!.y); // 131 above 124
    expect(g.points[1]!.y).toBeGreaterThan(g.band!.bottom); // 112 below the range's lower bound
    expect(g.band!.top).toBeGreaterThan(0);
    expect(g.path.startsWith('M20,')).toBe(true);
    expect(g.yTicks.map((tick) => tick.value)).toEqual([120, 150, 112, 131]);
  });

  it('labels the range bounds and the extremes, never two labels on top of each other', () => {
    const g = trendGeometry([value('2025-05-20', 121), value('2024-10-30', 149)], { ...box, height: 60 })!;
    const ys = g.yTicks.map((tick) => tick.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(12);
    expect(g.yTicks.map((tick) => tick.value)).toContain(120);
  });

  it('centres a single value and skips values that are not numbers', () => {
    const g = trendGeometry([value('2025-05-20', 6.4, null, null), value('2025-05-21', null)], box)!;
    expect(g.points).toHaveLength(1);
    expect(g.points[0]!.x).toBe(120);
    expect(g.band).toBeNull();
  });

  it('has nothing to draw without numbers', () => {
    expect(trendGeometry([value('2025-05-21', null)], box)).toBeNull();
  });
});
