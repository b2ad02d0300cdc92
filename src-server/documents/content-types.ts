/**
 * What a clinical document may be, and what its bytes must look like. Central stores scans, photos,
 * PDFs, DICOM and plain text; it never stores anything a computer would run. A type is accepted
 * only when it is on this list AND the content starts the way that type starts AND nothing in it
 * looks like a program or a web page (a text/plain upload that is really a shell script or HTML is
 * refused, whatever it is called).
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/dicom', 'text/plain'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** How each accepted type starts (its magic number). */
const SIGNATURES: Record<Exclude<DocumentType, 'text/plain'>, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/tiff': (b) => startsWith(b, ascii('II*\0')) || startsWith(b, ascii('MM\0*')),
  // 128 bytes of preamble, then "DICM" (PS3.10 §7.1).
  'application/dicom': (b) => startsWith(b, ascii('DICM'), 128),
};

/** Starts of programs, installers and archives that carry them, whatever the declared type. */
const EXECUTABLE_SIGNATURES: readonly [string, readonly number[]][] = [
  ['a Windows program (MZ)', ascii('MZ')],
  ['an ELF program', [0x7f, 0x45, 0x4c, 0x46]],
  ['a script (#!)', ascii('#!')],
  ['a Mach-O program', [0xfe, 0xed, 0xfa, 0xce]],
  ['a Mach-O program', [0xfe, 0xed, 0xfa, 0xcf]],
  ['a Mach-O program', [0xcf, 0xfa, 0xed, 0xfe]],
  ['a Mach-O program', [0xce, 0xfa, 0xed, 0xfe]],
  ['a Java class or universal binary', [0xca, 0xfe, 0xba, 0xbe]],
  ['an OLE container (MSI installer, macro document)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['a ZIP archive (JAR, APK, Office macro document)', ascii('PK\u0003\u0004')],
  ['a WebAssembly module', ascii('\0asm')],
];

/** Markup a browser would run if it ever rendered the file: refused in any document. */
const ACTIVE_MARKUP = /<\s*(?:script|html|!doctype\s+html|svg|iframe|object|embed|body|head|meta|link|style|\?xml-stylesheet)\b|<[a-z][^>]*\son[a-z]+\s*=|javascript:/i;

/** Text that is really a program: Windows batch, PowerShell, VBScript, JScript. */
const SCRIPT_TEXT = /^\s*(?:@echo\s+off|powershell\b|function\s+\w+\s*\(|<#|on\s+error\s+resume\s+next|createobject\s*\(|wscript\.|import\s+os\b|require\s*\(|eval\s*\()/im;

/** Why these bytes may not be stored as `type`, or undefined when they may. */
export function contentRefusal(type: DocumentType, bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'The document is empty';
  const executable = EXECUTABLE_SIGNATURES.find(([, signature]) => startsWith(bytes, signature));
  if (executable) return `The content is ${executable[0]}: programs are not stored`;
  if (type === 'text/plain') {
    const text = decodeUtf8(bytes);
    if (text === undefined) return 'A text/plain document must be UTF-8 text without NUL characters';
    if (ACTIVE_MARKUP.test(text)) return 'The text contains HTML or script markup: save it as PDF instead';
    if (SCRIPT_TEXT.test(text)) return 'The text is a script: programs are not stored';
    return undefined;
  }
  if (!SIGNATURES[type](bytes)) return `The content is not ${type}: its first bytes do not match the declared type`;
  // An image or PDF whose first kilobyte is a web page is a polyglot meant to be rendered.
  if (ACTIVE_MARKUP.test(Buffer.from(bytes.subarray(0, 1024)).toString('latin1')) && type !== 'application/pdf') return 'The content carries HTML or script markup';
  return undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
