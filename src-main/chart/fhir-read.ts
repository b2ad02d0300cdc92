import type { Attachment, CodeableConcept, Coding, HumanName, Reference } from '@medplum/fhirtypes';
import type { Coded } from '../../shared/api/chart-method.js';

/**
 * Small readers of FHIR datatypes for the chart: what a doctor should read for a code, a name, a
 * date or an attached text. Every chart section goes through these, so "how do we show a code" is
 * decided once.
 */

const SYSTEM_NAMES: Record<string, string> = {
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10',
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://hl7.org/fhir/sid/cvx': 'CVX',
  'http://www.whocc.no/atc': 'ATC',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'https://medkarta.by/fhir/CodeSystem/national-vaccination-calendar': 'calendar',
};

/** Code systems in the order a Belarusian doctor prefers to read them. */
const PREFERRED = ['http://hl7.org/fhir/sid/icd-10', 'http://loinc.org', 'http://snomed.info/sct'];

export function shortSystem(system: string | undefined): string | null {
  if (!system) return null;
  return SYSTEM_NAMES[system] ?? null;
}

function preferredCoding(codings: readonly Coding[] | undefined): Coding | undefined {
  if (!codings || codings.length === 0) return undefined;
  for (const system of PREFERRED) {
    const found = codings.find((c) => c.system === system && c.code);
    if (found) return found;
  }
  return codings.find((c) => c.code) ?? codings[0];
}

/** The words to show for a concept: its text (usually in the local language), else a coding's display, else a code. */
export function conceptText(concept: CodeableConcept | undefined, fallback = ''): string {
  if (!concept) return fallback;
  if (concept.text?.trim()) return concept.text.trim();
  const withDisplay = concept.coding?.find((c) => c.display?.trim());
  if (withDisplay) return withDisplay.display!.trim();
  return preferredCoding(concept.coding)?.code ?? fallback;
}

export function coded(concept: CodeableConcept | undefined, fallback = ''): Coded {
  const coding = preferredCoding(concept?.coding);
  return { code: coding?.code ?? null, system: shortSystem(coding?.system), text: conceptText(concept, fallback) };
}

/** A stable key for "the same test / the same diagnosis": system and code, or the text when uncoded. */
export function conceptKey(concept: CodeableConcept | undefined): string {
  const coding = preferredCoding(concept?.coding);
  if (coding?.code) return `${coding.system ?? ''}|${coding.code}`;
  return `text|${conceptText(concept).toLowerCase()}`;
}

const asList = (concept: CodeableConcept | readonly CodeableConcept[] | undefined): readonly CodeableConcept[] =>
  concept === undefined ? [] : Array.isArray(concept) ? (concept as readonly CodeableConcept[]) : [concept as CodeableConcept];

export function hasCoding(concept: CodeableConcept | readonly CodeableConcept[] | undefined, system: string, codes: readonly string[]): boolean {
  const concepts = asList(concept);
  return concepts.some((c) => (c.coding ?? []).some((coding) => coding.system === system && coding.code !== undefined && codes.includes(coding.code)));
}

export function codesOf(concept: CodeableConcept | readonly CodeableConcept[] | undefined): string[] {
  const concepts = asList(concept);
  return concepts.flatMap((c) => (c.coding ?? []).map((coding) => coding.code ?? '')).filter(Boolean);
}

/** "Type/id" for a reference that points into the record; null for external or contained ones. */
const LOCAL_REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

export function referenceKey(reference: Reference | undefined): string | null {
  const value = reference?.reference;
  if (!value) return null;
  // The common case, "Type/id" as Central writes it, needs no rewriting.
  if (LOCAL_REFERENCE.test(value)) return value;
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(value);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** Family, given names and patronymic as people write them in Belarus: "Иванова Анна Петровна". */
export function humanName(names: readonly HumanName[] | undefined): string | null {
  if (!names || names.length === 0) return null;
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0]!;
  if (name.text?.trim()) return name.text.trim();
  const parts = [name.family, ...(name.given ?? [])].filter((p): p is string => Boolean(p?.trim()));
  return parts.length ? parts.join(' ') : null;
}

const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A FHIR date or dateTime as the view model carries it: full date-times kept, dates kept, partial dates padded. */
export function when(value: string | undefined): string | null {
  if (!value) return null;
  if (FULL_DATE_TIME.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  return null;
}

export function dateOnly(value: string | undefined): string | null {
  return when(value)?.slice(0, 10) ?? null;
}

/** A date or date-time as milliseconds for sorting; unknown dates sort as the oldest. */
export function timeOf(value: string | null): number {
  if (value === null) return -Infinity;
  const time = Date.parse(value);
  return Number.isNaN(time) ? -Infinity : time;
}

/** Comparing two dates or date-times: newest first, unknown dates last. */
export function newestFirst(a: string | null, b: string | null): number {
  return timeOf(b) - timeOf(a) || 0;
}

/**
 * Sorts newest first, reading each item's date once (a comparator that parses dates would parse
 * them n log n times: the single largest cost of a long chart). Ties keep their order.
 */
export function sortNewestFirst<T>(items: T[], dateOf: (item: T) => string | null): T[] {
  const keyed = items.map((item, position) => ({ item, position, time: timeOf(dateOf(item)) }));
  keyed.sort((a, b) => b.time - a.time || a.position - b.position);
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Narrative XHTML as plain text: tags dropped, block ends as line breaks, entities decoded. The
 * renderer shows the result as text, so nothing from outside is ever interpreted as markup.
 */
export function narrativeText(xhtml: string | undefined): string {
  if (!xhtml) return '';
  return xhtml
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity[0] === '#') {
        const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text of an attachment when it is text (plain or HTML narrative); null for images, PDFs and links. */
export function attachmentText(attachment: Attachment | undefined): string | null {
  if (!attachment?.data) return null;
  const type = (attachment.contentType ?? 'text/plain').toLowerCase();
  if (!type.startsWith('text/')) return null;
  let text: string;
  try {
    text = Buffer.from(attachment.data, 'base64').toString('utf8');
  } catch {
    return null;
  }
  return type.startsWith('text/html') ? narrativeText(text) : text.trim();
}
