import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common.js';
import { PatientSummarySchema } from './patients.js';

/**
 * The chart as the doctor reads it before a consultation: a view model assembled from the local
 * FHIR replica in one place (src-main/chart), so the renderer never sees FHIR paths. Dates are ISO
 * strings; free text is plain text (the renderer shows it as text, never as markup).
 */

/** A FHIR date or dateTime as recorded: a bare date stays a date (no invented midnight). */
export const When = z.union([IsoDate, IsoDateTime]);

/** Who recorded something, and where: the timeline shows records of every institution. */
export const SourceSchema = z.object({
  /** The institution (Organization display), when known. */
  institution: z.string().nullable(),
  /** state, private, laboratory, hospital, ambulance, unknown: the kind of institution. */
  institutionKind: z.enum(['state', 'private', 'laboratory', 'hospital', 'ambulance', 'unknown']),
  practitioner: z.string().nullable(),
});
export type Source = z.infer<typeof SourceSchema>;

export const CodedSchema = z.object({
  code: z.string().nullable(),
  /** ICD-10, LOINC, CVX, our calendar... a short name of the code system, when known. */
  system: z.string().nullable(),
  text: z.string(),
});
export type Coded = z.infer<typeof CodedSchema>;

export const ProblemSchema = z.object({
  id: Id,
  diagnosis: CodedSchema,
  status: z.enum(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved', 'unknown']),
  onset: IsoDate.nullable(),
  recordedAt: IsoDate.nullable(),
  source: SourceSchema,
});

export const AllergySchema = z.object({
  id: Id,
  substance: z.string(),
  criticality: z.enum(['low', 'high', 'unable-to-assess']).nullable(),
  reactions: z.array(z.string()),
  status: z.enum(['active', 'inactive', 'resolved', 'unknown']),
  /** The version the chart shows: an edit sends it back so a stale edit is caught. */
  versionId: z.number().int().nullable(),
});

export const MedicationSchema = z.object({
  id: Id,
  medication: z.string(),
  dosage: z.string().nullable(),
  authoredOn: IsoDate.nullable(),
  status: z.string(),
  source: SourceSchema,
});

export const VaccinationDoseSchema = z.object({
  series: z.string(),
  infection: z.string(),
  dose: z.number().int(),
  /** no-data: a childhood dose without a record, past the age of catching up (shared/domain/vaccination.ts). */
  state: z.enum(['done', 'due', 'overdue', 'upcoming', 'no-data']),
  date: IsoDate.nullable(),
  dueDate: IsoDate,
  /** From this day on, not given, the dose is overdue. */
  overdueDate: IsoDate,
});

export const PreventiveSchema = z.object({
  lastExam: IsoDate.nullable(),
  nextDue: IsoDate.nullable(),
  /** Due now or overdue by the current rules. */
  dueNow: z.boolean(),
});

export const ENCOUNTER_KINDS = ['outpatient', 'inpatient', 'ambulance', 'surgery', 'preventive', 'other'] as const;
export const EncounterKindSchema = z.enum(ENCOUNTER_KINDS);
export type EncounterKind = z.infer<typeof EncounterKindSchema>;

/** Known sections of a visit note, so the UI can title them in the reader's language. */
export const NOTE_SECTIONS = ['complaints', 'anamnesis', 'examination', 'assessment', 'plan'] as const;
export const NoteSectionSchema = z.enum(NOTE_SECTIONS);
export type NoteSection = z.infer<typeof NoteSectionSchema>;

export const TimelineEntrySchema = z.object({
  id: Id,
  kind: EncounterKindSchema,
  start: When.nullable(),
  end: When.nullable(),
  title: z.string(),
  status: z.string(),
  source: SourceSchema,
  diagnoses: z.array(CodedSchema),
  /** The visit's text sections (complaints, anamnesis, examination, plan...), in order. `title` is as recorded. */
  notes: z.array(z.object({ section: NoteSectionSchema.nullable(), title: z.string(), text: z.string() })),
  procedures: z.array(z.string()),
  prescriptions: z.array(z.string()),
  /** Written on this workstation and not yet confirmed by Central. */
  pendingSync: z.boolean(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const LabValueSchema = z.object({
  observationId: Id,
  date: When.nullable(),
  value: z.number().nullable(),
  /** The value as written, for non-numeric results (positive, 1:40...). */
  display: z.string(),
  unit: z.string().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** H, L, HH, LL, A, N... as sent, or computed from the range. */
  flag: z.enum(['high', 'low', 'critical-high', 'critical-low', 'abnormal', 'normal']).nullable(),
  source: SourceSchema,
});

/** One test over time: the newest value first, the whole series for a trend chart. */
export const LabSeriesSchema = z.object({
  code: CodedSchema,
  values: z.array(LabValueSchema),
});

export const StudySchema = z.object({
  id: Id,
  date: When.nullable(),
  title: z.string(),
  category: z.string().nullable(),
  /** The diagnostic service section (HL7 v2 table 0074: EC, RAD, US, CT...), so the UI can name it in the reader's language. */
  categoryCode: z.string().nullable(),
  conclusion: z.string().nullable(),
  status: z.string(),
  source: SourceSchema,
});

/** Life anamnesis grouped as a doctor asks: past illnesses, operations, family, habits, blood group. */
export const ANAMNESIS_KINDS = ['past-illness', 'surgery', 'family', 'social', 'blood-group', 'other'] as const;

export const AnamnesisItemSchema = z.object({
  id: Id,
  kind: z.enum(ANAMNESIS_KINDS),
  title: z.string(),
  text: z.string(),
  date: IsoDate.nullable(),
});

export const ChartViewSchema = z.object({
  patient: PatientSummarySchema,
  /** Age in whole years on the workstation's today. */
  age: z.number().int().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  summary: z.object({
    problems: z.array(ProblemSchema),
    allergies: z.array(AllergySchema),
    /** A recorded "no known allergies", as opposed to nothing recorded at all. */
    noKnownAllergies: z.boolean(),
    medications: z.array(MedicationSchema),
    vaccinations: z.array(VaccinationDoseSchema),
    preventive: PreventiveSchema,
  }),
  timeline: z.array(TimelineEntrySchema),
  labs: z.array(LabSeriesSchema),
  studies: z.array(StudySchema),
  anamnesis: z.array(AnamnesisItemSchema),
  /** How many resources the record holds locally (for the doctor's confidence and for support). */
  resourceCount: z.number().int(),
  /** When this patient's record was last brought up to date from Central. */
  syncedAt: IsoDateTime.nullable(),
});
export type ChartView = z.infer<typeof ChartViewSchema>;

export const ChartGetInputSchema = z.object({ patientId: Id });
export const ChartOutputSchema = ChartViewSchema;

export type Problem = z.infer<typeof ProblemSchema>;
export type Allergy = z.infer<typeof AllergySchema>;
export type Medication = z.infer<typeof MedicationSchema>;
export type VaccinationDose = z.infer<typeof VaccinationDoseSchema>;
export type LabValue = z.infer<typeof LabValueSchema>;
export type LabSeries = z.infer<typeof LabSeriesSchema>;
export type Study = z.infer<typeof StudySchema>;
export type AnamnesisItem = z.infer<typeof AnamnesisItemSchema>;
export type AnamnesisKind = AnamnesisItem['kind'];
