import type { DiagnosticReport } from '@medplum/fhirtypes';
import { hasCoding } from './fhir-read.js';

const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
/** Diagnostic service sections (HL7 v2 table 0074) that are laboratory work. */
const LABORATORY_SECTIONS = ['LAB', 'HM', 'CH', 'MB', 'SP', 'BLB', 'IMM', 'SR', 'VR', 'MYC', 'PAR', 'TX', 'CP', 'HLA'];
const LOINC = 'http://loinc.org';
/** Lab panels that some senders file without a category (CBC, metabolic panels, lipid panel, urinalysis). */
const LAB_PANELS = ['58410-2', '57021-8', '24323-8', '51990-0', '24331-1', '57698-3', '24356-8', '24357-6'];

/** A laboratory report: its values are lab results; any other report is a study with a written report. */
export function isLabReport(report: DiagnosticReport): boolean {
  return hasCoding(report.category, V2_0074, LABORATORY_SECTIONS) || hasCoding(report.code, LOINC, LAB_PANELS);
}
