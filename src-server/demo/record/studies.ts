import type { DiagnosticReport, Encounter } from '@medplum/fhirtypes';
import { STUDIES, STUDY_CATEGORY_SYSTEM, type StudyKey } from '../catalog/studies.js';
import { at } from '../time.js';
import type { RecordBuilder } from './builder.js';
import { ref } from './clinical.js';

export interface StudyOrder {
  on: string;
  /** Who performed and described it (their institution is the performer). */
  by: string;
  orderedBy?: string;
  encounter?: Encounter & { id: string };
  normal: boolean;
  /** A conclusion to use instead of the catalog's (index into `abnormal`). */
  finding?: number;
}

/** An imaging or functional study with its conclusion, as the diagnostic doctor signs it. */
export function study(b: RecordBuilder, key: StudyKey, order: StudyOrder): DiagnosticReport & { id: string } {
  const spec = STUDIES[key];
  const where = b.institutionOf(order.by);
  const texts = order.normal ? spec.normal : spec.abnormal;
  const conclusion = texts[order.finding ?? b.random.int(0, texts.length - 1)] ?? texts[0]!;
  const when = at(order.on, b.random.int(8, 15), b.random.int(0, 5) * 10);
  return b.add<DiagnosticReport>({
    resourceType: 'DiagnosticReport',
    meta: b.meta(where),
    status: 'final',
    category: [{ coding: [{ system: STUDY_CATEGORY_SYSTEM, code: spec.section.code, display: spec.section.display }] }],
    code: { coding: [spec.coding], text: spec.title },
    subject: b.subject,
    ...(order.encounter ? { encounter: ref(order.encounter) } : {}),
    effectiveDateTime: when,
    issued: new Date(when).toISOString(),
    performer: [b.organization(where), b.practitioner(order.by)],
    conclusion,
  });
}
