import type { DocumentReference, Encounter, Procedure } from '@medplum/fhirtypes';
import type { Diagnosis } from '../catalog/diagnoses.js';
import type { RecordBuilder } from './builder.js';
import { ref } from './clinical.js';

const WARD_NAMES: Record<string, string> = {
  therapy: 'терапевтическом отделении',
  cardiology: 'кардиологическом отделении',
  neurology: 'неврологическом отделении',
  surgery: 'хирургическом отделении',
  trauma: 'травматологическом отделении',
};

const ru = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** The discharge summary (выписной эпикриз) the hospital sends with the patient, as plain text. */
export function dischargeSummary(
  b: RecordBuilder,
  input: { visit: Encounter & { id: string }; dx: Diagnosis; doctor: string; ward: string; admitted: string; discharged: string; procedure?: Procedure | undefined; byAmbulance: boolean },
): void {
  const { person } = b;
  const lines = [
    'ВЫПИСНОЙ ЭПИКРИЗ',
    `Пациент: ${person.family} ${person.given} ${person.patronymic ?? ''}, ${ru(person.birthDate)} г. р.`.replace(/ ,/, ','),
    `Находился на лечении в ${WARD_NAMES[input.ward] ?? 'отделении'} УЗ «ГКБСМП» с ${ru(input.admitted)} по ${ru(input.discharged)}.`,
    input.byAmbulance ? 'Доставлен бригадой скорой медицинской помощи.' : 'Госпитализирован в плановом порядке по направлению поликлиники.',
    `Клинический диагноз: ${input.dx.code} ${input.dx.title}.`,
    ...(input.procedure ? [`Операция ${ru(String(input.procedure.performedPeriod?.start).slice(0, 10))}: ${input.procedure.code?.text}. ${input.procedure.outcome?.text ?? ''}`.trim()] : []),
    'Проведено обследование: общий и биохимический анализ крови' + (input.dx.code.startsWith('J') ? ', рентгенография органов грудной клетки.' : '.'),
    'Состояние при выписке удовлетворительное.',
    'Рекомендовано: наблюдение участкового терапевта по месту жительства, явка в поликлинику в течение 3 дней после выписки.',
    `Лечащий врач: ${b.practitioner(input.doctor).display}.`,
  ];
  b.add<DocumentReference>({
    resourceType: 'DocumentReference',
    meta: b.meta('hospital'),
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '18842-5', display: 'Discharge summary' }], text: 'Выписной эпикриз' },
    subject: b.subject,
    date: new Date(`${input.discharged}T12:00:00+03:00`).toISOString(),
    author: [b.practitioner(input.doctor), b.organization('hospital')],
    custodian: b.organization('hospital'),
    description: `Выписной эпикриз: ${input.dx.title}`,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'ru', title: 'Выписной эпикриз', data: Buffer.from(lines.join('\n'), 'utf8').toString('base64') } }],
    context: { encounter: [ref(input.visit)], period: { start: input.visit.period?.start, end: input.visit.period?.end } },
  });
}
