/**
 * The search parameters Central supports, as data: resource type → parameter → kind and where its
 * values are. The index writer extracts rows from these, the query builder turns them into SQL, and
 * the CapabilityStatement lists them, so all three always agree.
 */
export type SearchParamKind = 'token' | 'string' | 'date' | 'reference';

export interface SearchParamDefinition {
  readonly name: string;
  readonly kind: SearchParamKind;
  /**
   * Dotted paths from the resource root; arrays met on the way are walked. For dates the paths are
   * alternatives (Condition: onset, else recordedDate): the first one present wins.
   */
  readonly paths: readonly string[];
  /** Answered from a column of `resource` instead of index rows (_id, _lastUpdated). */
  readonly column?: 'id' | 'last_updated';
  /** Answered from another parameter's index rows: `patient` is `subject` restricted to Patient. */
  readonly rowsOf?: string;
  /** Reference parameters: only these target types match; a bare id means the first. */
  readonly targets?: readonly string[];
  /** Token parameters: only elements with these property values (ContactPoint.system = phone). */
  readonly where?: Readonly<Record<string, string>>;
  /** May be used in `_sort`. Every date parameter is sortable. */
  readonly sortable?: boolean;
  readonly documentation: string;
}

type Def = SearchParamDefinition;
const token = (name: string, paths: string[], documentation: string, extra: Partial<Def> = {}): Def => ({ name, kind: 'token', paths, documentation, ...extra });
const string = (name: string, paths: string[], documentation: string, extra: Partial<Def> = {}): Def => ({ name, kind: 'string', paths, documentation, ...extra });
const date = (name: string, paths: string[], documentation: string): Def => ({ name, kind: 'date', paths, documentation, sortable: true });
const reference = (name: string, paths: string[], documentation: string, extra: Partial<Def> = {}): Def => ({ name, kind: 'reference', paths, documentation, ...extra });
const alias = (name: string, of: Def, targets?: string[]): Def => ({ ...of, name, rowsOf: of.rowsOf ?? of.name, ...(targets ? { targets } : {}) });

const COMMON: readonly Def[] = [
  { name: '_id', kind: 'token', paths: [], column: 'id', sortable: true, documentation: 'Logical id of the resource' },
  { name: '_lastUpdated', kind: 'date', paths: [], column: 'last_updated', sortable: true, documentation: 'When the current version was stored' },
];

const identifier = token('identifier', ['identifier'], 'An identifier: system|value, |value or value');
const active = token('active', ['active'], 'Whether the record is in active use (true/false)');
const humanNames = (): Def[] => [
  string('name', ['name'], 'Any part of a name (family, given, prefix, suffix, text); prefix match across Cyrillic and Latin'),
  string('family', ['name.family'], 'Family name; prefix match across Cyrillic and Latin', { sortable: true }),
  string('given', ['name.given'], 'Given and patronymic names; prefix match across Cyrillic and Latin', { sortable: true }),
];

interface ClinicalShape {
  /** The element holding the patient: `subject` (also searchable as `patient`) or `patient`. */
  patient: 'subject' | 'patient';
  date?: string[];
  code?: string[];
  category?: string[];
  status?: string[];
  encounter?: string[];
}

/** The parameters every clinical resource shares: patient, subject, date, code, category, status, identifier, encounter. */
function clinical(shape: ClinicalShape): Def[] {
  const defs: Def[] = [identifier];
  if (shape.patient === 'subject') {
    const subject = reference('subject', ['subject'], 'Who the record is about');
    defs.push(subject, alias('patient', subject, ['Patient']));
  } else {
    defs.push(reference('patient', ['patient'], 'The patient the record is about', { targets: ['Patient'] }));
  }
  if (shape.date) defs.push(date('date', shape.date, 'The clinically relevant date of the record'));
  if (shape.code) defs.push(token('code', shape.code, 'What was recorded: system|code, |code or code'));
  if (shape.category) defs.push(token('category', shape.category, 'Classification of the record'));
  if (shape.status) defs.push(token('status', shape.status, 'Status of the record'));
  if (shape.encounter) defs.push(reference('encounter', shape.encounter, 'The encounter the record belongs to', { targets: ['Encounter'] }));
  return defs;
}

const byName = (defs: Def[], name: string): Def => {
  const found = defs.find((d) => d.name === name);
  if (!found) throw new Error(`no parameter ${name} to alias`);
  return found;
};
const withAliases = (defs: Def[], aliases: [string, string][]): Def[] => [...defs, ...aliases.map(([name, of]) => alias(name, byName(defs, of)))];

const appointmentActor = reference('actor', ['participant.actor'], 'Any participant of the appointment');

const BY_TYPE: Record<string, readonly Def[]> = {
  Patient: [
    identifier,
    ...humanNames(),
    date('birthdate', ['birthDate'], 'Date of birth'),
    token('gender', ['gender'], 'male | female | other | unknown'),
    token('telecom', ['telecom'], 'Any contact point value'),
    token('phone', ['telecom'], 'A phone number', { where: { system: 'phone' } }),
    active,
    reference('organization', ['managingOrganization'], 'The organization that keeps the record', { targets: ['Organization'] }),
    reference('general-practitioner', ['generalPractitioner'], 'The attached doctor or clinic'),
  ],
  Practitioner: [identifier, ...humanNames(), active],
  Organization: [
    identifier,
    string('name', ['name', 'alias'], 'Name or alias; prefix match on every word', { sortable: true }),
    token('type', ['type'], 'Kind of organization'),
    active,
  ],
  Location: [
    identifier,
    string('name', ['name', 'alias'], 'Name or alias; prefix match on every word', { sortable: true }),
    reference('organization', ['managingOrganization'], 'The organization the location belongs to', { targets: ['Organization'] }),
    token('status', ['status'], 'active | suspended | inactive'),
  ],
  PractitionerRole: [
    identifier,
    reference('practitioner', ['practitioner'], 'The practitioner', { targets: ['Practitioner'] }),
    reference('organization', ['organization'], 'Where the role is held', { targets: ['Organization'] }),
    reference('location', ['location'], 'Where the role is performed', { targets: ['Location'] }),
    token('role', ['code'], 'The role (doctor, nurse, registrar, ...)'),
    active,
  ],
  Encounter: [
    ...clinical({ patient: 'subject', date: ['period'], status: ['status'] }),
    token('class', ['class'], 'Ambulatory, inpatient, emergency, home visit...'),
    token('type', ['type'], 'Specific kind of encounter'),
    reference('participant', ['participant.individual'], 'A participant (practitioner)'),
    reference('service-provider', ['serviceProvider'], 'The organization responsible', { targets: ['Organization'] }),
    reference('episode-of-care', ['episodeOfCare'], 'The episode of care', { targets: ['EpisodeOfCare'] }),
  ],
  EpisodeOfCare: [
    ...clinical({ patient: 'patient', date: ['period'], status: ['status'] }),
    token('type', ['type'], 'Kind of episode'),
    reference('organization', ['managingOrganization'], 'The organization responsible', { targets: ['Organization'] }),
  ],
  Condition: withAliases(
    clinical({ patient: 'subject', date: ['onsetDateTime', 'onsetPeriod', 'recordedDate'], code: ['code'], category: ['category'], status: ['clinicalStatus'], encounter: ['encounter'] }),
    [['clinical-status', 'status']],
  ),
  AllergyIntolerance: withAliases(
    clinical({ patient: 'patient', date: ['recordedDate', 'onsetDateTime'], code: ['code'], category: ['category'], status: ['clinicalStatus'], encounter: ['encounter'] }),
    [['clinical-status', 'status']],
  ),
  Immunization: withAliases(
    clinical({ patient: 'patient', date: ['occurrenceDateTime'], code: ['vaccineCode'], status: ['status'], encounter: ['encounter'] }),
    [['vaccine-code', 'code']],
  ),
  Observation: clinical({ patient: 'subject', date: ['effectiveDateTime', 'effectivePeriod', 'effectiveInstant'], code: ['code'], category: ['category'], status: ['status'], encounter: ['encounter'] }),
  DiagnosticReport: clinical({ patient: 'subject', date: ['effectiveDateTime', 'effectivePeriod', 'issued'], code: ['code'], category: ['category'], status: ['status'], encounter: ['encounter'] }),
  Procedure: clinical({ patient: 'subject', date: ['performedDateTime', 'performedPeriod'], code: ['code'], category: ['category'], status: ['status'], encounter: ['encounter'] }),
  MedicationRequest: [
    ...withAliases(
      clinical({ patient: 'subject', date: ['authoredOn'], code: ['medicationCodeableConcept'], category: ['category'], status: ['status'], encounter: ['encounter'] }),
      [['authoredon', 'date']],
    ),
    token('intent', ['intent'], 'proposal | plan | order | ...'),
  ],
  ServiceRequest: [
    ...clinical({ patient: 'subject', date: ['occurrenceDateTime', 'occurrencePeriod', 'authoredOn'], code: ['code'], category: ['category'], status: ['status'], encounter: ['encounter'] }),
    reference('performer', ['performer'], 'Who is asked to perform the service'),
    reference('requester', ['requester'], 'Who asked for the service'),
  ],
  DocumentReference: [
    ...clinical({ patient: 'subject', date: ['date'], category: ['category'], status: ['status'], encounter: ['context.encounter'] }),
    token('type', ['type'], 'Kind of document'),
  ],
  Consent: clinical({ patient: 'patient', date: ['dateTime'], category: ['category'], status: ['status'] }),
  Provenance: (() => {
    const target = reference('target', ['target'], 'The resources the provenance is about');
    return [target, alias('patient', target, ['Patient']), date('date', ['recorded'], 'When the activity was recorded'), reference('agent', ['agent.who'], 'Who took part')];
  })(),
  Schedule: [
    identifier,
    reference('actor', ['actor'], 'Whose schedule: practitioner, role, location'),
    active,
    date('date', ['planningHorizon'], 'The period the schedule covers'),
  ],
  Slot: [
    identifier,
    reference('schedule', ['schedule'], 'The schedule the slot belongs to', { targets: ['Schedule'] }),
    date('start', ['start'], 'Start of the slot'),
    token('status', ['status'], 'busy | free | busy-unavailable | busy-tentative'),
  ],
  Appointment: [
    identifier,
    appointmentActor,
    alias('patient', appointmentActor, ['Patient']),
    alias('practitioner', appointmentActor, ['Practitioner']),
    alias('location', appointmentActor, ['Location']),
    date('date', ['start'], 'Start of the appointment'),
    token('status', ['status'], 'proposed | booked | fulfilled | cancelled | noshow | ...'),
    reference('slot', ['slot'], 'The slot booked', { targets: ['Slot'] }),
  ],
};

/** The resource types with search support (AuditEvent is searched by the audit module). */
export const SEARCHABLE_TYPES: readonly string[] = Object.keys(BY_TYPE);

const cache = new Map<string, ReadonlyMap<string, Def>>();

/** Every parameter of a type, _id and _lastUpdated included; empty for an unknown type. */
export function searchParametersFor(resourceType: string): readonly SearchParamDefinition[] {
  return [...searchParameterMap(resourceType).values()];
}

export function searchParameterMap(resourceType: string): ReadonlyMap<string, SearchParamDefinition> {
  let map = cache.get(resourceType);
  if (!map) {
    const own = Object.hasOwn(BY_TYPE, resourceType) ? BY_TYPE[resourceType]! : [];
    map = new Map(own.length ? [...COMMON, ...own].map((d) => [d.name, d]) : []);
    cache.set(resourceType, map);
  }
  return map;
}

const indexedCache = new Map<string, readonly SearchParamDefinition[]>();

/** The parameters that own index rows (no column, no alias): what the index writer extracts. */
export function indexedParametersFor(resourceType: string): readonly SearchParamDefinition[] {
  let indexed = indexedCache.get(resourceType);
  if (!indexed) {
    indexed = searchParametersFor(resourceType).filter((d) => !d.column && !d.rowsOf);
    indexedCache.set(resourceType, indexed);
  }
  return indexed;
}
