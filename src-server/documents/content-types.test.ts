import { describe, expect, it } from 'vitest';
import { contentRefusal, type DocumentType } from './content-types.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const PDF = bytes('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const DICOM = Buffer.concat([Buffer.alloc(128), bytes('DICM'), Buffer.alloc(16)]);

describe('document content', () => {
  it('accepts each type whose bytes start the way it does', () => {
    const good: [DocumentType, Buffer][] = [
      ['application/pdf', PDF],
      ['image/png', PNG],
      ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
      ['image/tiff', bytes('II*\0\x08\0\0\0')],
      ['application/dicom', DICOM],
      ['text/plain', Buffer.from('Жалобы: кашель 3 дня.\nonset = 3 days; REM sleep normal\n', 'utf8')],
    ];
    for (const [type, content] of good) expect(contentRefusal(type, content), type).toBeUndefined();
  });

  it('refuses programs whatever they are declared as', () => {
    const programs = [bytes('MZ\x90\0\x03'), bytes('\x7fELF\x02\x01'), bytes('#!/bin/sh\nrm -rf /\n'), Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7]), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), bytes('PK\x03\x04jar'), bytes('\0asm\x01\0\0\0')];
    for (const type of ['application/pdf', 'image/png', 'text/plain', 'application/dicom'] as const) {
      for (const program of programs) expect(contentRefusal(type, program), `${type} ${program.subarray(0, 4).toString('hex')}`).toMatch(/programs|not /);
    }
  });

  it('refuses content that is not what it is declared as', () => {
    expect(contentRefusal('application/pdf', PNG)).toMatch(/not application\/pdf/);
    expect(contentRefusal('image/png', PDF)).toMatch(/not image\/png/);
    expect(contentRefusal('application/dicom', PDF)).toMatch(/not application\/dicom/);
    expect(contentRefusal('text/plain', Buffer.from([0x41, 0, 0x42]))).toMatch(/UTF-8/);
    expect(contentRefusal('text/plain', Buffer.from([0xc3, 0x28]))).toMatch(/UTF-8/);
    expect(contentRefusal('application/pdf', Buffer.alloc(0))).toMatch(/empty/);
  });

  it('refuses markup and scripts in text and in image polyglots', () => {
    for (const text of ['<script>alert(1)</script>', '<!DOCTYPE html><p>x', '<html><body>', 'hello <img src=x onerror=alert(1)>', '<svg onload=alert(1)>', 'see javascript:alert(1)', '@echo off\r\ndel *', 'powershell -enc AAAA', 'On Error Resume Next\nCreateObject("WScript.Shell")']) {
      expect(contentRefusal('text/plain', Buffer.from(text)), text).toBeDefined();
    }
    expect(contentRefusal('image/png', Buffer.concat([PNG, bytes('<script>alert(1)</script>')]))).toMatch(/markup/);
  });
});
