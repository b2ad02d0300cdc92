import { describe, expect, it } from 'vitest';
import { fromDisplayDate, toDisplayDate } from './date-input.js';

describe('typed dates', () => {
  it('reads ДД.ММ.ГГГГ (and 1-digit days, slashes) as ISO, and refuses dates that do not exist', () => {
    expect(fromDisplayDate('10.06.2021')).toBe('2021-06-10');
    expect(fromDisplayDate(' 1/2/1985 ')).toBe('1985-02-01');
    expect(fromDisplayDate('31.02.2021')).toBeNull();
    expect(fromDisplayDate('2021-06-10')).toBeNull();
    expect(fromDisplayDate('10.06.21')).toBeNull();
  });

  it('shows ISO as ДД.ММ.ГГГГ', () => {
    expect(toDisplayDate('2021-06-10')).toBe('10.06.2021');
    expect(toDisplayDate('')).toBe('');
  });
});
