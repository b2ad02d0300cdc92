import { badRequest } from '../../shared/fhir/outcomes.js';

/**
 * A file name as the uploader gave it. It is only ever metadata (the attachment's title and the
 * download's Content-Disposition): Central stores the bytes under a name of its own, so nothing in
 * here can choose where a file lands. It is still cleaned, because it is shown to people and sent
 * back in a header: Unicode look-alikes folded (NFKC: fullwidth "．ｅｘｅ" is ".exe"), direction and
 * invisible controls removed (an RTL override makes "cod.exe" look like "exe.doc"), any folder part
 * dropped, Windows device names (CON, NUL, COM1...) defused. Executable extensions are refused.
 */
export const MAX_FILE_NAME_LENGTH = 255;

/** Extensions of things that run when opened, on Windows, macOS, Linux or in a browser. */
const EXECUTABLE_EXTENSIONS = new Set([
  'exe', 'com', 'bat', 'cmd', 'msi', 'msp', 'mst', 'scr', 'pif', 'cpl', 'dll', 'sys', 'drv', 'ocx', 'lnk', 'reg', 'inf', 'hta', 'chm', 'gadget', 'application', 'appx', 'msix', 'appref-ms',
  'js', 'mjs', 'cjs', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ws', 'wsc', 'sct', 'ps1', 'psm1', 'psd1', 'ps1xml', 'psc1', 'msh', 'msh1', 'msh2',
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'fish', 'command', 'run', 'bin', 'elf', 'out', 'so', 'dylib', 'app', 'pkg', 'dmg', 'deb', 'rpm', 'appimage', 'snap', 'flatpak',
  'jar', 'class', 'apk', 'xap', 'py', 'pyc', 'pyw', 'pl', 'rb', 'php', 'phtml', 'asp', 'aspx', 'jsp', 'cgi', 'lua', 'tcl',
  'html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'xsl', 'xslt', 'mht', 'mhtml', 'url', 'website', 'desktop', 'iso', 'img', 'vhd', 'vhdx',
  'docm', 'xlsm', 'pptm', 'dotm', 'xlam', 'ppam', 'wasm',
]);

const RESERVED_WINDOWS_NAMES = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

/** C0/C1 controls, bidi embeddings and overrides, isolates, marks, zero-width and BOM characters. */
// The class lists invisible code points one by one, combining ones among them, on purpose.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/gu;

/** The cleaned name to keep as metadata; a 400 for a name that cannot be kept or names a program. */
export function cleanFileName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('Give the document a file name (fileName)', 'fileName');
  if (raw.length > MAX_FILE_NAME_LENGTH) throw badRequest(`The file name is longer than ${MAX_FILE_NAME_LENGTH} characters`, 'fileName');
  if (raw.includes('\u0000')) throw badRequest('The file name contains a NUL character', 'fileName');
  if (/\p{Cs}/u.test(raw.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) throw badRequest('The file name is not valid Unicode', 'fileName');
  const folded = raw.normalize('NFKC').replace(INVISIBLE, '');
  // Only the last part of a path is a name (old browsers send "C:\Users\x\scan.pdf").
  const base = folded.split(/[/\\]/).pop() ?? '';
  let name = base.replace(/[<>:"|?*]/g, '_').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '').replace(/\s+/g, ' ');
  if (name === '') throw badRequest('The file name has nothing left once folders, dots and control characters are taken out', 'fileName');
  const extensions = name.toLowerCase().split('.').slice(1);
  const executable = extensions.map((ext) => /^[\p{L}\p{N}-]+/u.exec(ext.trim())?.[0] ?? '').find((ext) => EXECUTABLE_EXTENSIONS.has(ext));
  // Any executable extension counts, not just the last: "scan.exe.pdf" is refused too, since some
  // systems hide the last one.
  if (executable) throw badRequest(`Files of type .${executable} are programs or web pages and are not stored`, 'fileName');
  const stem = name.split('.')[0]!;
  if (RESERVED_WINDOWS_NAMES.test(stem.trim())) name = `_${name}`;
  return name;
}

/** The file name's extension in lower case ('' when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * A Content-Disposition that always downloads and can carry no header injection: an ASCII
 * fallback with quotes, backslashes and anything outside printable ASCII replaced, and the real
 * name percent-encoded in filename* (RFC 6266, RFC 8187).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_').slice(0, 150) || 'document';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
