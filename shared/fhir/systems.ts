/** The constant URIs of our own code systems and identifier systems. Changing one breaks every record. */
export const SYSTEMS = {
  /** The Belarus personal identification number (14 characters). */
  personalNumber: 'https://medkarta.by/fhir/sid/personal-number',
  /** УНП: the taxpayer number that identifies an organisation in the register of legal entities. */
  unp: 'https://medkarta.by/fhir/sid/unp',
  /** Staff user names. */
  username: 'https://medkarta.by/fhir/sid/username',
  role: 'https://medkarta.by/fhir/CodeSystem/role',
  /** Organization.type: state, private, laboratory, hospital, ambulance (the chart's InstitutionKind). */
  institutionKind: 'https://medkarta.by/fhir/CodeSystem/institution-kind',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  /** A workstation's sync client id, on the resources it created offline. */
  device: 'https://medkarta.by/fhir/device',
} as const;
