import type { Appointment, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { writeResources } from '../fhir/write.js';
import { generateDemoRegion, type DemoRegion } from './generate.js';
import { bookDemoSchedule } from './seed-schedule.js';

// A Wednesday, noon in Minsk: this morning's appointments are over, the afternoon's to come.
const TODAY = '2030-03-06';
const NOON = new Date('2030-03-06T09:00:00Z');

describe('the demo polyclinic\'s schedules and bookings', () => {
  let central: TestCentral;
  let region: DemoRegion;
  let present: Set<string>;
  let booked: number;

  beforeAll(async () => {
    central = await startTestCentral();
    region = generateDemoRegion({ patients: 40, today: TODAY });
    const patients = [...region.patients()].map((record) => record.resources[0]!);
    present = new Set(patients.map((p) => p.id!));
    const write = (resources: Resource[]) => central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource: resource as Resource & { id: string } })), NOON));
    await write(region.directory);
    await write(patients);
    booked = await bookDemoSchedule(central.ctx.db, region, present, NOON);
    // Hundreds of bookings through scheduling's full path: give a busy machine time.
  }, 600_000);
  afterAll(() => central.close());

  const appointments = async () =>
    (await central.ctx.db.query<{ content: Appointment }>(`SELECT content FROM resource WHERE resource_type = 'Appointment' AND NOT deleted`)).rows.map((row) => row.content);

  it('generates two weeks of slots for every doctor from the start of today', async () => {
    const { rows } = await central.ctx.db.query<{ first: Date; last: Date; schedules: number }>(`SELECT min(start_at) AS first, max(start_at) AS last, count(DISTINCT schedule_id)::int AS schedules FROM schedule_slot`);
    expect(rows[0]!.schedules).toBe(region.schedule().definitions.length);
    expect(new Date(rows[0]!.first).toISOString()).toBe('2030-03-06T05:00:00.000Z');
    expect(new Date(rows[0]!.last).getTime()).toBeGreaterThan(new Date('2030-03-18T00:00:00Z').getTime());
  });

  it('fills today and tomorrow, marks this morning\'s visits as seen or missed, and leaves the afternoon booked', async () => {
    const all = await appointments();
    expect(all).toHaveLength(booked);
    const onDay = (day: string) => all.filter((a) => a.start!.slice(0, 10) === day);
    expect(onDay('2030-03-06').length).toBeGreaterThan(20);
    expect(onDay('2030-03-07').length).toBeGreaterThan(20);
    const over = onDay('2030-03-06').filter((a) => new Date(a.end!) < NOON);
    expect(over.length).toBeGreaterThan(0);
    expect(over.every((a) => a.status === 'fulfilled' || a.status === 'noshow')).toBe(true);
    expect(over.some((a) => a.status === 'fulfilled')).toBe(true);
    expect(all.filter((a) => new Date(a.start!) > NOON).every((a) => a.status === 'booked')).toBe(true);
    const { rows } = await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM slot_booking WHERE released_at IS NULL`);
    expect(rows[0]!.n).toBe(booked);
  });

  it('books nothing twice on a later start, and only patients that are in the store', async () => {
    expect(await bookDemoSchedule(central.ctx.db, region, present, NOON)).toBe(0);
    expect(await appointments()).toHaveLength(booked);
    const fresh = generateDemoRegion({ patients: 40, today: TODAY, seed: 1 });
    expect(await bookDemoSchedule(central.ctx.db, fresh, new Set(), NOON)).toBe(0);
  });
});
