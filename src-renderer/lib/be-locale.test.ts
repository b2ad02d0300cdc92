import { describe, expect, it } from 'vitest';
import { belarusianRelative, belarusianWeekday } from './be-locale.js';

describe('Belarusian words for dates', () => {
  it('names the weekday and the month in the genitive', () => {
    expect(belarusianWeekday(new Date(Date.UTC(2025, 10, 25)))).toBe('аўторак, 25 лістапада');
  });

  it('says how long ago with the right plural form', () => {
    expect([-1, -2, -5, -21, -22, -11, -112].map((n) => belarusianRelative(n, 'minute'))).toEqual([
      '1 хвіліну таму',
      '2 хвіліны таму',
      '5 хвілін таму',
      '21 хвіліну таму',
      '22 хвіліны таму',
      '11 хвілін таму',
      '112 хвілін таму',
    ]);
    expect(belarusianRelative(-1, 'day')).toBe('учора');
    expect(belarusianRelative(3, 'day')).toBe('праз 3 дні');
  });
});
