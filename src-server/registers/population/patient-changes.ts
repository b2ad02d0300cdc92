import type { Address, HumanName, Patient } from '@medplum/fhirtypes';
import type { PopulationChange } from './register.js';

/**
 * A change from the population register applied to a Patient, keeping what was true before: the
 * old surname stays as a name with use "old" and a period that ends the day before, an old
 * address likewise; a death sets deceasedDateTime. Pure; undefined when the Patient already says
 * what the change says (nothing to write).
 */
export function applyPopulationChange(patient: Patient, change: PopulationChange): Patient | undefined {
  switch (change.kind) {
    case 'surname':
      return changeSurname(patient, change.family, change.effective);
    case 'address':
      return changeAddress(patient, change.address, change.effective);
    case 'death':
      if (patient.deceasedDateTime?.startsWith(change.effective)) return undefined;
      return { ...withoutDeceased(patient), deceasedDateTime: change.effective };
  }
}

const dayBefore = (date: string) => new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
const isCurrent = (item: { use?: string; period?: { end?: string } }) => item.use !== 'old' && !item.period?.end;

function changeSurname(patient: Patient, family: string, effective: string): Patient | undefined {
  const names = patient.name ?? [];
  const current = names.find((name) => isCurrent(name) && (name.use === 'official' || name.use === undefined)) ?? names.find(isCurrent);
  if (current?.family === family) return undefined;
  const closed: HumanName[] = names.map((name) => (name === current ? { ...name, use: 'old', period: { ...name.period, end: dayBefore(effective) } } : name));
  const renamed: HumanName = { ...(current ?? {}), use: 'official', family, period: { start: effective } };
  delete renamed.text; // the text spelled the old surname
  return { ...patient, name: [renamed, ...closed] };
}

function changeAddress(patient: Patient, text: string, effective: string): Patient | undefined {
  const addresses = patient.address ?? [];
  if (addresses.some((address) => isCurrent(address) && address.text === text)) return undefined;
  const closed: Address[] = addresses.map((address) => (isCurrent(address) ? { ...address, use: 'old', period: { ...address.period, end: dayBefore(effective) } } : address));
  return { ...patient, address: [{ use: 'home', type: 'physical', text, period: { start: effective } }, ...closed] };
}

function withoutDeceased(patient: Patient): Patient {
  const copy = { ...patient };
  delete copy.deceasedBoolean;
  delete copy.deceasedDateTime;
  return copy;
}
