import { describe, expect, it } from 'vitest';
import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { attachmentDisposition, cleanFileName } from './file-names.js';

const refusal = (name: unknown) => {
  try {
    cleanFileName(name);
    return undefined;
  } catch (error) {
    if (!isOperationOutcomeError(error)) throw error;
    return error.status;
  }
};

describe('document file names', () => {
  it('keeps only the last part of a path, whatever the separators', () => {
    expect(cleanFileName('../../etc/passwd.pdf')).toBe('passwd.pdf');
    expect(cleanFileName('/etc/shadow')).toBe('shadow');
    expect(cleanFileName('C:\\Windows\\System32\\scan.pdf')).toBe('scan.pdf');
    expect(cleanFileName('\\\\server\\share\\x.png')).toBe('x.png');
    expect(cleanFileName('..\\..\\boot.ini.pdf')).toBe('boot.ini.pdf');
  });

  it('defuses Windows device names with or without an extension', () => {
    for (const name of ['CON', 'nul.pdf', 'COM1.txt', 'lpt9.png', 'Aux.jpg', 'PRN', 'COM¹.pdf']) expect(cleanFileName(name)).toBe(`_${name.normalize('NFKC')}`);
    expect(cleanFileName('console.pdf')).toBe('console.pdf');
  });

  it('folds look-alikes and drops direction overrides and invisible characters before checking the extension', () => {
    expect(refusal('ｅｖｉｌ．ｅｘｅ')).toBe(400);
    expect(refusal('photo\u202Egnp.exe')).toBe(400);
    expect(refusal('report.e\u200Bxe')).toBe(400);
    expect(cleanFileName('выписка\u202E.pdf')).toBe('выписка.pdf');
    expect(cleanFileName('a\r\nSet-Cookie: x=1.pdf')).toBe('aSet-Cookie_ x=1.pdf');
  });

  it('refuses programs and web pages by any of their extensions', () => {
    for (const ext of ['exe', 'bat', 'cmd', 'js', 'sh', 'msi', 'scr', 'ps1', 'vbs', 'jar', 'html', 'svg', 'lnk', 'hta', 'docm']) {
      expect(refusal(`scan.${ext}`), ext).toBe(400);
      expect(refusal(`scan.${ext.toUpperCase()}`), ext).toBe(400);
    }
    expect(refusal('scan.exe.pdf')).toBe(400);
    expect(refusal('scan.exe ')).toBe(400);
    expect(refusal('scan.exe::$DATA')).toBe(400);
    expect(cleanFileName('анализ крови.pdf')).toBe('анализ крови.pdf');
  });

  it('refuses names that are empty, too long, carry NUL or broken Unicode', () => {
    for (const name of [undefined, '', '   ', '.', '..', '../', 'a\u0000.pdf', 'x'.repeat(256), 'a\ud800.pdf', ['a.pdf'], 5]) expect(refusal(name), String(name)).toBe(400);
    expect(cleanFileName('x'.repeat(251) + '.pdf')).toHaveLength(255);
  });

  it('sends names back in a Content-Disposition that always downloads and cannot break the header', () => {
    const header = attachmentDisposition('выписка "1"; x\\y.pdf');
    expect(header).toBe(`attachment; filename="_______ _1__ x_y.pdf"; filename*=UTF-8''%D0%B2%D1%8B%D0%BF%D0%B8%D1%81%D0%BA%D0%B0%20%221%22%3B%20x%5Cy.pdf`);
    expect(attachmentDisposition('a\r\nb')).not.toMatch(/[\r\n]/);
  });
});
