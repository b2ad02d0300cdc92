import { describe, expect, it } from 'vitest';
import { frame, MllpDecoder } from './mllp.js';

describe('MLLP framing', () => {
  it('finds whole messages across chunks, skipping bytes outside frames', () => {
    const decoder = new MllpDecoder();
    const bytes = Buffer.concat([Buffer.from('noise'), frame('MSH|1\rPID|1'), frame('MSH|2 — Ковалёва')]);
    const messages: string[] = [];
    for (let i = 0; i < bytes.length; i += 7) messages.push(...decoder.push(bytes.subarray(i, i + 7)));
    expect(messages).toEqual(['MSH|1\rPID|1', 'MSH|2 — Ковалёва']);
    expect(decoder.push(Buffer.from([0x0b]))).toEqual([]);
  });

  it('gives up on a frame that never ends', () => {
    const decoder = new MllpDecoder();
    decoder.push(Buffer.from([0x0b]));
    expect(() => decoder.push(Buffer.alloc(5 * 1024 * 1024, 0x41))).toThrow(/too large/);
  });
});
