import { describe, expect, it } from 'vitest';
import { canMoveTo, HOLDS_SLOT } from './appointment-status.js';

describe('appointment status', () => {
  it('follows a visit from booking to its end', () => {
    expect(canMoveTo('booked', 'arrived')).toBe(true);
    expect(canMoveTo('arrived', 'checked-in')).toBe(true);
    expect(canMoveTo('checked-in', 'fulfilled')).toBe(true);
    expect(canMoveTo('booked', 'noshow')).toBe(true);
    // A patient marked absent who turns up late after all.
    expect(canMoveTo('noshow', 'arrived')).toBe(true);
  });

  it('refuses what cannot happen', () => {
    expect(canMoveTo('fulfilled', 'cancelled')).toBe(false);
    expect(canMoveTo('cancelled', 'booked')).toBe(false);
    expect(canMoveTo('checked-in', 'cancelled')).toBe(false);
    expect(canMoveTo(undefined, 'booked')).toBe(false);
  });

  it('keeps the slot for every status but cancellation', () => {
    expect(HOLDS_SLOT).toEqual(['booked', 'arrived', 'checked-in', 'fulfilled', 'noshow']);
  });
});
