import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import { OPERATIONS } from '../catalog/procedures.js';
import { at, plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import { condition, encounter, ref } from './clinical.js';
import { operationProcedure } from './operation.js';

/**
 * Day surgery: a cataract operation for the old, referred by the polyclinic's ophthalmologist,
 * done in the hospital's theatre and home the same day (Encounter class SS, kind surgery).
 */
export function daySurgery(b: RecordBuilder): void {
  if (b.ageOn(b.today) < 65 || !b.random.chance(0.1)) return;
  const operation = OPERATIONS.cataract;
  const day = b.workday(b.dayBetween(addYears(b.today, -4), addDays(b.today, -7)));
  const referral = b.workday(addDays(day, -b.random.int(20, 60)));
  const seen = b.visitTime(referral);
  const consultation = encounter(b, { kind: 'outpatient', who: ['ophthalmologist'], start: seen, end: plusMinutes(seen, 15), reason: operation.reason, room: '318' });
  const dx = condition(b, { dx: operation.reason, onset: referral, recorder: 'ophthalmologist', encounter: consultation, abatement: day });
  const start = at(day, 8, 30);
  const visit = encounter(b, { kind: 'surgery', classCode: 'SS', who: ['eyeSurgeon'], at: 'hospital', start, end: at(day, 15, 0), reason: operation.reason, room: 'theatre' });
  visit.diagnosis = [{ condition: ref(dx), rank: 1 }];
  const opStart = at(day, 10, b.random.int(0, 5) * 10);
  operationProcedure(b, { operation: 'cataract', visit, reason: dx, surgeon: 'eyeSurgeon', start: opStart, minutes: [20, 35], bodySite: b.random.chance(0.5) ? 'Правый глаз' : 'Левый глаз' });
}
