import { demoPerson, UNREGISTERED_FROM } from '../../demo/people.js';
import { BELARUSIAN_SURNAMES, feminineSurname, RUSSIAN_SURNAMES } from '../../demo/names.js';
import { addressText, randomAddress } from '../../demo/places.js';
import { createRandom } from '../../demo/random.js';
import type { PopulationChange, RegisterRecord } from './register.js';

/**
 * The simulated register's data: the demo people (src-server/demo/people.ts) of the configured
 * index ranges, and a feed of changes to them. Deterministic by seed: the demo's patients and the
 * people still to be registered are all known, the same on every run.
 */
export interface PopulationRange {
  from: number;
  count: number;
}

export const DEFAULT_RANGES: readonly PopulationRange[] = [
  { from: 0, count: 5000 },
  { from: UNREGISTERED_FROM, count: 1000 },
];

type NewChange = PopulationChange extends infer C ? (C extends PopulationChange ? Omit<C, 'seq'> : never) : never;

export class SimulatedPopulation {
  private readonly people = new Map<string, RegisterRecord>();
  private readonly changes: PopulationChange[] = [];

  constructor(
    readonly seed: number,
    ranges: readonly PopulationRange[] = DEFAULT_RANGES,
  ) {
    for (const range of ranges) {
      for (let index = range.from; index < range.from + range.count; index++) {
        const person = demoPerson(index, seed);
        this.people.set(person.personalNumber, {
          personalNumber: person.personalNumber,
          family: person.family,
          given: person.given,
          patronymic: person.patronymic,
          birthDate: person.birthDate,
          sex: person.sex,
          address: person.address,
          deceasedDate: null,
        });
      }
    }
  }

  get size(): number {
    return this.people.size;
  }

  find(personalNumber: string): RegisterRecord | undefined {
    return this.people.get(personalNumber);
  }

  changesAfter(afterSeq: number, limit: number): PopulationChange[] {
    return this.changes.filter((change) => change.seq > afterSeq).slice(0, limit);
  }

  /** Records a change in the register: the person's record changes and the feed gets an entry. */
  record(change: NewChange): PopulationChange {
    const person = this.people.get(change.personalNumber);
    if (!person) throw new Error(`the register does not know ${change.personalNumber}`);
    if (change.kind === 'surname') person.family = change.family;
    if (change.kind === 'address') person.address = change.address;
    if (change.kind === 'death') person.deceasedDate = change.effective;
    const recorded = { ...change, seq: this.changes.length + 1 } as PopulationChange;
    this.changes.push(recorded);
    return recorded;
  }

  /**
   * Life going on among demo people 0..count-1: marriages (women take a new surname), moves, and
   * deaths of the old; `n` changes, deterministic by seed.
   */
  simulateLife(n: number, among: number, startDate = '2025-01-10'): void {
    const random = createRandom(this.seed, 0x11fe);
    for (let i = 0; i < n; i++) {
      const person = demoPerson(random.int(0, among - 1), this.seed);
      const record = this.people.get(person.personalNumber);
      if (!record || record.deceasedDate) continue;
      const effective = new Date(Date.parse(startDate) + i * 86_400_000).toISOString().slice(0, 10);
      const age = Number(effective.slice(0, 4)) - Number(record.birthDate.slice(0, 4));
      if (age >= 75 && random.chance(0.4)) this.record({ kind: 'death', personalNumber: record.personalNumber, effective });
      else if (record.sex === 'female' && age >= 18 && age <= 45 && random.chance(0.5)) {
        const surname = random.chance(0.65) ? random.pick(BELARUSIAN_SURNAMES) : random.pick(RUSSIAN_SURNAMES);
        this.record({ kind: 'surname', personalNumber: record.personalNumber, effective, family: feminineSurname(surname) });
      } else this.record({ kind: 'address', personalNumber: record.personalNumber, effective, address: addressText(randomAddress(random)) });
    }
  }
}
