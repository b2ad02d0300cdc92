import type { DiagnosticReport } from '@medplum/fhirtypes';
import type { Study } from '../../shared/api/chart-method.js';
import { attachmentText, conceptText, narrativeText, sortNewestFirst, when } from './fhir-read.js';
import { isLabReport } from './lab-report.js';

const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
import type { RecordIndex } from './record-index.js';
import type { Sources } from './source.js';


/**
 * Instrumental studies (X-ray, ultrasound, ECG, endoscopy...) with their report: everything a
 * DiagnosticReport holds that is not a laboratory panel (those are read as lab results).
 */
export function buildStudies(index: RecordIndex, sources: Sources): Study[] {
  const studies: Study[] = [];
  for (const report of index.all('DiagnosticReport')) {
    if (!report.id || report.status === 'entered-in-error' || report.status === 'cancelled') continue;
    if (isLabReport(report)) continue;
    studies.push({
      id: report.id,
      date: when(report.effectiveDateTime ?? report.effectivePeriod?.start ?? report.issued),
      title: conceptText(report.code, '—'),
      category: report.category?.length ? conceptText(report.category[0]) || null : null,
      categoryCode: report.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === V2_0074 && c.code)?.code ?? null,
      conclusion: conclusionOf(report),
      status: report.status,
      source: sources.of(report),
    });
  }
  return sortNewestFirst(studies, (s) => s.date);
}

/** The report's words: its conclusion, else its attached text, else its narrative. */
function conclusionOf(report: DiagnosticReport): string | null {
  const parts = [report.conclusion?.trim(), ...(report.conclusionCode ?? []).map((c) => conceptText(c))].filter(Boolean);
  if (parts.length) return parts.join('\n');
  for (const form of report.presentedForm ?? []) {
    const text = attachmentText(form);
    if (text) return text;
  }
  return narrativeText(report.text?.div) || null;
}
