import { readFileSync } from 'node:fs';
import type { Bundle, Encounter, Immunization, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { vaccinationStatus } from '../../shared/domain/vaccination.js';
import { encounterKindOf } from '../../shared/fhir/encounter-kinds.js';
import { validateIncoming } from '../fhir/validation.js';
import { readIcd10Rows } from '../terminology/icd10-rows.js';
import { decodeNsiFile } from '../terminology/nsi-csv.js';
import { ICD10_RESOURCE_FILE } from '../terminology/resources.js';
import { demoTransactionBundles } from './bundles.js';
import { DX } from './catalog/diagnoses.js';
import { generateDemoRegion } from './generate.js';

const TODAY = '2026-11-25';
const region = generateDemoRegion({ patients: 200, today: TODAY });
const records = [...region.patients()];
const everything: Resource[] = [...region.directory, ...records.flatMap((r) => r.resources)];
const of = <T extends Resource>(type: T['resourceType']) => everything.filter((r): r is T => r.resourceType === type);

describe('generateDemoRegion', () => {
  it('tells the same story for the same seed and day', () => {
    const again = [...generateDemoRegion({ patients: 5, today: TODAY }).patients()];
    expect(again).toEqual(records.slice(0, 5));
    expect(generateDemoRegion({ patients: 1, today: TODAY, seed: 2 }).patients().next().value!.patientId).not.toBe(records[0]!.patientId);
  });

  it('writes only valid R4 resources', { timeout: 120_000 }, () => {
    const sample = [...region.directory, ...records.slice(0, 20).flatMap((r) => r.resources)];
    for (const resource of sample) expect(() => validateIncoming(JSON.parse(JSON.stringify(resource)))).not.toThrow();
  });

  it('codes diagnoses only with active ICD-10 codes of the Ministry file', () => {
    const nsi = new Map(readIcd10Rows(decodeNsiFile(readFileSync(ICD10_RESOURCE_FILE))).map((row) => [row.code, row]));
    for (const dx of Object.values(DX)) {
      expect(nsi.get(dx.code)?.active, dx.code).toBe(true);
      expect(nsi.get(dx.code)?.title).toBe(dx.title);
    }
  });

  it('points every reference at a resource of the region', () => {
    const ids = new Set(everything.map((r) => `${r.resourceType}/${r.id}`));
    const dangling: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const reference = (value as { reference?: unknown }).reference;
        if (typeof reference === 'string' && !ids.has(reference)) dangling.push(reference);
        Object.values(value).forEach(walk);
      }
    };
    walk(everything);
    expect(dangling).toEqual([]);
  });

  it('attaches every patient to the polyclinic and a doctor there', () => {
    const polyclinic = `Organization/${region.institutions.polyclinic.organization.id}`;
    for (const patient of of<Patient>('Patient')) {
      expect(patient.managingOrganization?.reference).toBe(polyclinic);
      expect(patient.generalPractitioner?.[0]?.reference).toMatch(/^Practitioner\//);
    }
  });

  it('records nothing after today and nothing before birth', () => {
    for (const record of records) {
      for (const r of record.resources as (Resource & Record<string, unknown>)[]) {
        const when = String((r.period as { start?: string } | undefined)?.start ?? r.effectiveDateTime ?? r.occurrenceDateTime ?? r.authoredOn ?? '');
        if (!when) continue;
        expect(when.slice(0, 10) < TODAY, `${r.resourceType} ${when}`).toBe(true);
        expect(when.slice(0, 10) >= record.person.birthDate).toBe(true);
      }
    }
  });

  it('has every kind of contact a chart tells apart, across the institutions', () => {
    const encounters = of<Encounter>('Encounter');
    const kinds = new Set(encounters.map((e) => encounterKindOf(e)));
    for (const kind of ['outpatient', 'home-visit', 'inpatient', 'ambulance', 'surgery', 'preventive'] as const) expect(kinds).toContain(kind);
    const providers = new Set(encounters.map((e) => e.serviceProvider?.display));
    expect(providers.size).toBeGreaterThanOrEqual(4);
    expect(of('Procedure').length).toBeGreaterThan(0);
  });

  it('flags lab values against the printed range and keeps series per patient', () => {
    const labs = of<Observation>('Observation').filter((o) => o.category?.[0]?.coding?.[0]?.code === 'laboratory');
    expect(labs.length).toBeGreaterThan(1000);
    for (const lab of labs) {
      const value = lab.valueQuantity!.value!;
      const { low, high } = lab.referenceRange![0]!;
      const flag = lab.interpretation![0]!.coding![0]!.code;
      expect(flag).toBe(high && value > high.value! ? 'H' : low && value < low.value! ? 'L' : 'N');
    }
    expect(labs.some((l) => l.interpretation![0]!.coding![0]!.code === 'H')).toBe(true);
    const hba1cByPatient = new Map<string, number>();
    for (const lab of labs.filter((l) => l.code?.coding?.[0]?.code === '4548-4')) hba1cByPatient.set(lab.subject!.reference!, (hba1cByPatient.get(lab.subject!.reference!) ?? 0) + 1);
    expect(Math.max(...hba1cByPatient.values())).toBeGreaterThanOrEqual(3);
  });

  it('vaccinates children by the national calendar', () => {
    const child = records.find((r) => r.person.birthDate < '2021-06-01' && r.person.birthDate > '2020-06-01')!;
    const shots = child.resources.filter((r): r is Immunization => r.resourceType === 'Immunization');
    const status = vaccinationStatus(child.person.birthDate, shots, TODAY, { sex: child.person.sex });
    const due = status.filter((dose) => dose.dueDate < '2026-06-01');
    expect(due.filter((dose) => dose.state === 'done').length / due.length).toBeGreaterThan(0.7);
  });

  it('books the polyclinic doctors for two weeks, today and tomorrow fullest', () => {
    const schedule = region.schedule();
    expect(schedule.definitions.length).toBeGreaterThanOrEqual(6);
    const doctor = region.staff.find((m) => m.spec.username === 'doctor')!;
    const mine = schedule.definitions.find((d) => d.fields.practitionerId === doctor.practitioner.id)!;
    const booked = schedule.bookings.filter((b) => b.slotId.startsWith(mine.scheduleId));
    expect(booked.length).toBeGreaterThan(10);
    expect(new Set(schedule.bookings.map((b) => b.appointment.id)).size).toBe(schedule.bookings.length);
  });

  it('packs resources into transaction bundles a benchmark can post', () => {
    const bundles: Bundle[] = [...demoTransactionBundles(records[0]!.resources, 10)];
    expect(bundles.every((b) => b.type === 'transaction' && (b.entry?.length ?? 0) <= 10)).toBe(true);
    expect(bundles.flatMap((b) => b.entry ?? []).map((e) => e.request?.url)).toEqual(records[0]!.resources.map((r) => `${r.resourceType}/${r.id}`));
  });
});
