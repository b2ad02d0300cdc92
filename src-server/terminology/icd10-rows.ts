import { nsiError, parseNsiCsv } from './nsi-csv.js';

/** One ICD-10 code as read from the Ministry's NSI file, with what the importer derives from it. */
export interface Icd10Row {
  code: string;
  title: string;
  parent: string | null;
  kind: Icd10Kind;
  depth: number;
  leaf: boolean;
  active: boolean;
  addlCode: string | null;
  nsiId: number;
  recCode: string;
  validFrom: string | null;
  codeKey: string;
  words: string[];
}

export type Icd10Kind = 'chapter' | 'block' | 'category' | 'subcategory';

export const NSI_ICD10_HEADER = ['ID', 'REC_CODE', 'MKB_CODE', 'MKB_NAME', 'ID_PARENT', 'ADDL_CODE', 'ACTUAL', 'DATE'] as const;

const CODE = /^(?:[IVX]+|[A-Z]\d\d(?:\.\d{1,2})?(?:-[A-Z]\d\d(?:\.\d{1,2})?)?)$/;

export function icd10Kind(code: string): Icd10Kind {
  if (/^[IVX]+$/.test(code)) return 'chapter';
  if (code.includes('-')) return 'block';
  return code.includes('.') ? 'subcategory' : 'category';
}

/** Upper case, no dot: the key code search matches by prefix ("j069" finds J06.9). */
export function icd10CodeKey(code: string): string {
  return code.toUpperCase().replace(/\./g, '');
}

/** Lower case, ё as е, split on anything not a letter or digit. Search queries go through it too. */
export function icd10Words(text: string): string[] {
  const words = text.toLowerCase().replace(/ё/g, 'е').split(/[^\p{L}\p{N}]+/u);
  return [...new Set(words.filter((word) => word.length > 0))];
}

/**
 * Reads and checks the whole file before anything is written: a malformed file is refused with the
 * line that is wrong, and nothing of it is imported.
 */
export function readIcd10Rows(fileText: string): Icd10Row[] {
  const records = parseNsiCsv(fileText);
  const header = records[0];
  if (!header) throw nsiError(1, 'the file is empty');
  if (header.fields.map((f) => f.trim()).join(';') !== NSI_ICD10_HEADER.join(';')) {
    throw nsiError(header.line, `the header must be ${NSI_ICD10_HEADER.join(';')}`);
  }
  type Raw = { line: number; id: string; parentId: string; row: Omit<Icd10Row, 'parent' | 'depth' | 'leaf'> };
  const byId = new Map<string, Raw>();
  const codes = new Set<string>();
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== NSI_ICD10_HEADER.length) throw nsiError(line, `expected ${NSI_ICD10_HEADER.length} fields separated by ";", found ${fields.length}`);
    const [id, recCode, code, title, parentId, addl, actual, date] = fields.map((f) => f.trim()) as [string, string, string, string, string, string, string, string];
    if (!/^\d+$/.test(id)) throw nsiError(line, `ID must be a number, got "${id.slice(0, 20)}"`);
    if (byId.has(id)) throw nsiError(line, `ID ${id} appears twice (first on line ${byId.get(id)!.line})`);
    if (!CODE.test(code)) throw nsiError(line, `MKB_CODE "${code.slice(0, 20)}" is not an ICD-10 code`);
    if (codes.has(code)) throw nsiError(line, `MKB_CODE ${code} appears twice`);
    if (!title) throw nsiError(line, 'MKB_NAME is empty');
    if (parentId && !/^\d+$/.test(parentId)) throw nsiError(line, `ID_PARENT must be a number or empty, got "${parentId.slice(0, 20)}"`);
    if (addl !== '' && addl !== '1' && addl !== '2') throw nsiError(line, `ADDL_CODE must be empty, 1 or 2, got "${addl.slice(0, 20)}"`);
    if (actual !== '0' && actual !== '1') throw nsiError(line, `ACTUAL must be 0 or 1, got "${actual.slice(0, 20)}"`);
    const validFrom = date === '' ? null : isoFromNsiDate(date);
    if (validFrom === undefined) throw nsiError(line, `DATE must be DD.MM.YYYY or empty, got "${date.slice(0, 20)}"`);
    codes.add(code);
    byId.set(id, {
      line,
      id,
      parentId,
      row: { code, title, kind: icd10Kind(code), active: actual === '1', addlCode: addl || null, nsiId: Number(id), recCode, validFrom, codeKey: icd10CodeKey(code), words: icd10Words(title) },
    });
  }

  const withChildren = new Set<string>();
  for (const raw of byId.values()) {
    if (!raw.parentId) continue;
    if (!byId.has(raw.parentId)) throw nsiError(raw.line, `ID_PARENT ${raw.parentId} is not the ID of any row`);
    withChildren.add(raw.parentId);
  }
  const depths = new Map<string, number>();
  const depthOf = (raw: Raw): number => {
    const known = depths.get(raw.id);
    if (known !== undefined) return known;
    let depth = 0;
    const seen = new Set<string>([raw.id]);
    for (let up = raw.parentId; up; up = byId.get(up)!.parentId) {
      if (seen.has(up)) throw nsiError(raw.line, 'the parents of this row form a cycle');
      seen.add(up);
      depth++;
    }
    depths.set(raw.id, depth);
    return depth;
  };
  return [...byId.values()].map((raw) => ({
    ...raw.row,
    parent: raw.parentId ? byId.get(raw.parentId)!.row.code : null,
    depth: depthOf(raw),
    leaf: !withChildren.has(raw.id),
  }));
}

function isoFromNsiDate(text: string): string | undefined {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[3]}-${match[2]}-${match[1]}`;
}
