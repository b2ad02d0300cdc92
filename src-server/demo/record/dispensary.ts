import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import type { PanelKey } from '../catalog/labs.js';
import { plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import type { ChronicDisease } from './chronic.js';
import { addDiagnosis, encounter, prescription, vitals } from './clinical.js';
import { labPanel } from './labs.js';
import { study } from './studies.js';

const FOLLOW_YEARS = 2;

/**
 * Dispensary observation (диспансерное наблюдение) of chronic patients over the last two years:
 * a visit every three to five months with blood pressure, the tests each disease is followed by,
 * and at the last visit the prescriptions renewed. Specialists see their patients once a year.
 */
export function dispensaryVisits(b: RecordBuilder, diseases: readonly ChronicDisease[]): void {
  const followed = diseases.filter((disease) => disease.spec.followed);
  const hypertensive = diseases.some((d) => /^I1[01]/.test(d.condition.code?.coding?.[0]?.code ?? ''));
  const lastTest = new Map<PanelKey, string>();
  let last: { day: string; visit: ReturnType<typeof encounter> } | undefined;
  if (followed.length > 0) {
    const earliest = followed.map((d) => d.onset).sort()[0]!;
    const from = earliest > addYears(b.today, -FOLLOW_YEARS) ? earliest : addYears(b.today, -FOLLOW_YEARS);
    for (let day = b.workday(addDays(from, b.random.int(20, 90))); day <= addDays(b.today, -2); day = b.workday(addDays(day, b.random.int(90, 150)))) {
      const active = followed.filter((d) => d.onset <= day);
      if (active.length === 0) continue;
      const doctor = b.doctorOn(day);
      const start = b.visitTime(day);
      const visit = encounter(b, { kind: 'outpatient', who: [doctor, 'nurse'], start, end: plusMinutes(start, 12), room: b.staffMember(doctor).spec.room });
      for (const disease of active) addDiagnosis(visit, disease.condition);
      const controlled = b.random.chance(0.7);
      vitals(b, {
        at: start,
        by: 'nurse',
        encounter: visit,
        bp: hypertensive ? [b.random.int(controlled ? 124 : 142, controlled ? 139 : 158), b.random.int(controlled ? 76 : 88, controlled ? 88 : 96)] : [b.random.int(112, 134), b.random.int(70, 84)],
        pulse: b.random.int(62, 84),
        ...(b.health.diabetesSince || b.health.obese ? { weight: b.adultBody().weight } : {}),
      });
      const testsDay = addDays(day, 1) < b.today ? addDays(day, 1) : day;
      for (const disease of active) {
        for (const test of disease.spec.followed?.tests ?? []) labPanel(b, test, { on: testsDay, orderedBy: doctor, encounter: visit });
        for (const test of disease.spec.followed?.yearly ?? []) {
          const previous = lastTest.get(test);
          if (previous && previous > addDays(day, -330)) continue;
          lastTest.set(test, day);
          labPanel(b, test, { on: testsDay, orderedBy: doctor, encounter: visit });
        }
      }
      last = { day, visit };
    }
  }
  for (const disease of followed) {
    const renewed = last && last.day >= disease.onset ? last : undefined;
    for (const medicine of disease.medicines ?? []) {
      prescription(b, medicine, { on: renewed?.day ?? disease.onset, by: b.doctorOn(renewed?.day ?? disease.onset), encounter: renewed?.visit, reason: disease.condition });
    }
  }
  specialistVisits(b, diseases);
}

function specialistVisits(b: RecordBuilder, diseases: readonly ChronicDisease[]): void {
  for (const disease of diseases) {
    const specialist = disease.spec.specialist;
    if (!specialist) continue;
    for (let year = 0; year < FOLLOW_YEARS; year++) {
      if (!b.random.chance(0.6)) continue;
      const day = b.workday(b.dayBetween(addYears(b.today, -year - 1), addYears(b.today, -year)));
      if (day < disease.onset) continue;
      const start = b.visitTime(day);
      const visit = encounter(b, { kind: 'outpatient', who: [specialist], start, end: plusMinutes(start, 15), room: b.staffMember(specialist).spec.room });
      addDiagnosis(visit, disease.condition);
      if (specialist === 'cardiologist') {
        const af = disease.condition.code?.coding?.[0]?.code === 'I48.9';
        study(b, 'ecg', { on: day, by: 'diagnostician', orderedBy: specialist, encounter: visit, normal: false, finding: af ? 1 : 0 });
      }
    }
  }
}
