import { mediaTypeOf } from './content-types.js';

/**
 * Attachments that arrive inside resources (DocumentReference.content, DiagnosticReport.presentedForm,
 * Observation.valueAttachment...), over FHIR REST, bundles, feeds or sync: Central keeps clinical
 * files, never programs. An Attachment (the only R4 datatype with `contentType`) is refused when it
 * declares a program or script, when its inline data starts like a program, or when its URL is not
 * a web address (javascript:, file:, data:...). HTML stays allowed here: hospitals send discharge
 * summaries as HTML, and they are shown sanitised, as text (issue 6); files Central serves itself
 * (routes/documents.ts) are stricter, see content-types.ts.
 */
const PROGRAM_TYPES = new Set([
  'application/x-msdownload', 'application/x-msdos-program', 'application/x-dosexec', 'application/vnd.microsoft.portable-executable', 'application/x-executable', 'application/x-elf',
  'application/x-mach-binary', 'application/x-sharedlib', 'application/x-msi', 'application/x-ms-installer', 'application/x-ole-storage', 'application/x-bat', 'application/x-msdos-batch',
  'application/x-sh', 'application/x-shellscript', 'application/x-csh', 'text/x-shellscript', 'application/javascript', 'application/x-javascript', 'application/ecmascript', 'text/javascript',
  'text/ecmascript', 'text/vbscript', 'application/x-vbscript', 'application/hta', 'application/x-ms-shortcut', 'application/java-archive', 'application/x-java-archive',
  'application/vnd.android.package-archive', 'application/x-python-code', 'text/x-python', 'application/x-perl', 'application/x-php', 'application/wasm', 'application/x-powershell',
  'image/svg+xml', 'application/x-httpd-php',
]);

const PROGRAM_STARTS: readonly string[] = ['MZ', '\x7fELF', '#!', '\xfe\xed\xfa\xce', '\xfe\xed\xfa\xcf', '\xcf\xfa\xed\xfe', '\xce\xfa\xed\xfe', '\xca\xfe\xba\xbe', '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', '\0asm'];
const SAFE_URL = /^(?:https?:\/\/|urn:(?:uuid|oid):|[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$|#)/;

export interface UnsafeAttachment {
  path: string;
  reason: string;
}

export function findUnsafeAttachment(root: unknown, rootPath: string): UnsafeAttachment | undefined {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    if (typeof record.contentType === 'string') {
      const problem = attachmentProblem(record);
      if (problem) return { path, reason: problem };
    }
    for (const [key, item] of Object.entries(record)) if (item && typeof item === 'object') stack.push([item, `${path}.${key}`]);
  }
  return undefined;
}

function attachmentProblem(attachment: Record<string, unknown>): string | undefined {
  const type = mediaTypeOf(attachment.contentType as string);
  if (PROGRAM_TYPES.has(type)) return 'Attachments may not be programs or scripts';
  if (typeof attachment.url === 'string' && !SAFE_URL.test(attachment.url)) return 'An attachment URL must be an http(s) address or a reference';
  if (typeof attachment.data === 'string') {
    // Enough of the start to recognise a program.
    const head = Buffer.from(attachment.data.slice(0, 24), 'base64').toString('latin1');
    if (PROGRAM_STARTS.some((start) => head.startsWith(start))) return 'The attachment data is a program';
  }
  return undefined;
}
