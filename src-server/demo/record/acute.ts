import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import type { DiagnosisKey } from '../catalog/diagnoses.js';
import type { MedicineKey } from '../catalog/medications.js';
import { plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import { condition, encounter, prescription, vitals } from './clinical.js';
import { labPanel } from './labs.js';
import { study } from './studies.js';

/**
 * Acute illnesses of the last three years: colds in winter, a bronchitis, a cystitis, a bad back.
 * Each is a visit with a diagnosis, temperature and what was prescribed, sometimes tests, and for
 * working people a second visit that closes the sick leave.
 */
const YEARS = 3;

interface Illness {
  dx: DiagnosisKey;
  seasonal?: boolean;
  fever?: boolean;
  medicines?: readonly MedicineKey[];
  tests?: readonly ('cbc' | 'urinalysis' | 'crp' | 'xray')[];
  /** At the private medical centre's ENT some of the time. */
  ent?: boolean;
  since?: string;
}

const ILLNESSES: Record<string, Illness> = {
  arvi: { dx: 'arvi', seasonal: true, fever: true, medicines: ['paracetamol'] },
  pharyngitis: { dx: 'pharyngitis', seasonal: true, ent: true },
  tonsillitis: { dx: 'tonsillitis', seasonal: true, fever: true, medicines: ['amoxicillin'], tests: ['cbc'], ent: true },
  sinusitis: { dx: 'sinusitis', seasonal: true, medicines: ['amoxiclav'], ent: true },
  otitis: { dx: 'otitis', seasonal: true, fever: true, medicines: ['amoxicillin'], ent: true },
  bronchitis: { dx: 'bronchitis', seasonal: true, fever: true, medicines: ['ibuprofen'], tests: ['cbc', 'xray'] },
  influenza: { dx: 'influenza', seasonal: true, fever: true, medicines: ['oseltamivir', 'paracetamol'] },
  covid: { dx: 'covid', fever: true, medicines: ['paracetamol'], tests: ['cbc', 'crp'], since: '2020-04-01' },
  gastroenteritis: { dx: 'gastroenteritis', fever: true },
  conjunctivitis: { dx: 'conjunctivitis' },
  chickenpox: { dx: 'chickenpox', fever: true },
  cystitis: { dx: 'cystitis', medicines: ['fosfomycin'], tests: ['urinalysis'] },
  lowBackPain: { dx: 'lowBackPain', medicines: ['ibuprofen'] },
  tensionHeadache: { dx: 'tensionHeadache' },
  sprain: { dx: 'sprain', medicines: ['ibuprofen'] },
};

function weights(age: number, female: boolean): [string, number][] {
  if (age < 7) return [['arvi', 50], ['pharyngitis', 8], ['tonsillitis', 6], ['otitis', 8], ['bronchitis', 8], ['gastroenteritis', 8], ['conjunctivitis', 5], ['chickenpox', 3], ['influenza', 4]];
  if (age < 18) return [['arvi', 45], ['pharyngitis', 10], ['tonsillitis', 8], ['bronchitis', 6], ['influenza', 6], ['gastroenteritis', 5], ['sprain', 6], ['conjunctivitis', 4], ['covid', 3]];
  const adult: [string, number][] = [['arvi', 36], ['pharyngitis', 8], ['tonsillitis', 4], ['sinusitis', 6], ['bronchitis', 9], ['influenza', 6], ['covid', 7], ['cystitis', female ? 8 : 1], ['lowBackPain', 10], ['tensionHeadache', 4], ['sprain', age < 65 ? 4 : 1], ['gastroenteritis', 4]];
  return adult;
}

function episodesPerYear(age: number): number {
  return age < 3 ? 5 : age < 7 ? 4 : age < 18 ? 2.5 : age < 65 ? 1.2 : 1;
}

export function acuteIllnesses(b: RecordBuilder): void {
  const from = addYears(b.today, -YEARS);
  const count = Math.round(episodesPerYear(b.ageOn(b.today)) * YEARS * (0.4 + b.random.next() * 1.2));
  let hadChickenpox = false;
  for (let i = 0; i < count; i++) {
    let day = b.dayBetween(from, addDays(b.today, -1));
    const age = b.ageOn(day);
    const key = b.random.weighted(weights(age, b.person.sex === 'female'));
    const illness = ILLNESSES[key]!;
    if ((key === 'chickenpox' && hadChickenpox) || (illness.since && day < illness.since)) continue;
    hadChickenpox ||= key === 'chickenpox';
    const month = Number(day.slice(5, 7));
    if (illness.seasonal && month >= 5 && month <= 9 && b.random.chance(0.7)) continue;
    day = b.workday(day);
    if (day < b.person.birthDate) continue;
    episode(b, illness, day, age);
  }
}

function episode(b: RecordBuilder, illness: Illness, day: string, age: number): void {
  const privateEnt = illness.ent && age >= 18 && b.random.chance(0.3);
  const doctor = privateEnt ? 'ent' : b.doctorOn(day);
  const home = !privateEnt && illness.fever && (age < 7 || age >= 75) && b.random.chance(0.35);
  const start = home ? `${day}T${String(b.random.int(10, 16)).padStart(2, '0')}:30:00+03:00` : b.visitTime(day);
  const visit = encounter(b, { kind: home ? 'home-visit' : 'outpatient', who: [doctor], start, end: plusMinutes(start, home ? 25 : 12), reason: illness.dx, room: home ? undefined : b.staffMember(doctor).spec.room });
  const recovered = addDays(day, b.random.int(5, 12));
  const dx = condition(b, { dx: illness.dx, onset: addDays(day, -b.random.int(0, 3)), recorder: doctor, encounter: visit, abatement: recovered });
  const fever = illness.fever ? Math.round((37.3 + b.random.next() * 1.7) * 10) / 10 : Math.round((36.4 + b.random.next() * 0.5) * 10) / 10;
  vitals(b, {
    at: start,
    by: doctor,
    encounter: visit,
    temperature: fever,
    ...(illness.fever || age < 7 ? { pulse: b.random.int(age < 7 ? 95 : 70, age < 7 ? 125 : 96) } : {}),
    ...(age >= 40 ? { bp: [b.random.int(112, 140), b.random.int(68, 88)] as [number, number] } : {}),
  });
  for (const medicine of illness.medicines ?? []) {
    if (medicine === 'paracetamol' && fever < 38) continue;
    prescription(b, medicine, { on: day, by: doctor, encounter: visit, reason: dx });
  }
  for (const test of illness.tests ?? []) {
    const on = addDays(day, 1);
    if (on >= b.today) continue;
    if (test === 'xray') {
      if (b.random.chance(0.5)) study(b, 'chestXray', { on, by: 'radiologist', orderedBy: doctor, normal: true });
    } else labPanel(b, test, { on, orderedBy: doctor, inflammation: test !== 'urinalysis' && illness.fever });
  }
  // Working people close their sick leave at a second visit.
  const working = age >= 18 && age < 63;
  const followUp = b.workday(recovered);
  if (!privateEnt && (working || age < 18) && b.random.chance(working ? 0.7 : 0.4) && followUp < b.today && followUp > day) {
    const again = b.visitTime(followUp);
    const second = encounter(b, { kind: 'outpatient', who: [doctor], start: again, end: plusMinutes(again, 12), reason: illness.dx, room: b.staffMember(doctor).spec.room });
    second.diagnosis = [{ condition: { reference: `Condition/${dx.id}` }, rank: 1 }];
    vitals(b, { at: again, by: doctor, encounter: second, temperature: Math.round((36.4 + b.random.next() * 0.4) * 10) / 10 });
  }
}
