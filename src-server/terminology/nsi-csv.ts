import { badRequest } from '../../shared/fhir/outcomes.js';

/**
 * The Ministry's NSI reference files: UTF-8 (older exports: Windows-1251), `;`-separated, a header
 * line, fields optionally in double quotes with `""` for a quote inside. Records may end in LF or
 * CRLF and the last one may have no line end. A quoted field may hold `;` and line breaks.
 */
export interface NsiRecord {
  /** 1-based line of the file where the record starts, for error messages. */
  line: number;
  fields: string[];
}

export function nsiError(line: number, text: string): Error {
  return badRequest(`NSI file, line ${line}: ${text}`);
}

/** Text of a reference file's bytes: UTF-8 when it is valid UTF-8, else Windows-1251. */
export function decodeNsiFile(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1251').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseNsiCsv(text: string): NsiRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: NsiRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw nsiError(line, 'a quote in the middle of an unquoted field');
      quoted = wasQuoted = true;
    } else if (c === ';') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (wasQuoted) throw nsiError(line, 'text after the closing quote of a field');
      field += c;
    }
    i++;
  }
  if (quoted) throw nsiError(recordLine, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}
