import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { CentralContext } from '../../context.js';
import { MAX_MESSAGE_LENGTH } from './parse.js';
import { receiveHl7 } from './receive.js';

/**
 * MLLP, the Minimal Lower Layer Protocol HL7 v2 travels on over TCP: each message is framed as
 * <VT> message <FS><CR>, and each is answered, in order, with its ACK framed the same way. Bytes
 * outside a frame are ignored; a frame larger than the limit closes the connection.
 */
const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export function frame(text: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(text, 'utf8'), Buffer.from([FS, CR])]);
}

/** Splits a byte stream into MLLP frames; `push` returns the complete messages received so far. */
export class MllpDecoder {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      const start = this.buffer.indexOf(VT);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return messages;
      }
      const end = this.buffer.indexOf(FS, start + 1);
      if (end < 0) {
        this.buffer = this.buffer.subarray(start);
        if (this.buffer.length > MAX_MESSAGE_LENGTH * 4) throw new RangeError('MLLP frame too large');
        return messages;
      }
      messages.push(this.buffer.subarray(start + 1, end).toString('utf8'));
      this.buffer = this.buffer.subarray(this.buffer[end + 1] === CR ? end + 2 : end + 1);
    }
  }
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
}

export async function startMllpListener(ctx: CentralContext, options: { port: number; host: string }): Promise<MllpListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const decoder = new MllpDecoder();
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) {
        // One at a time per connection: ACKs go back in the order the messages came.
        queue = queue.then(async () => {
          const ack = await receiveHl7(ctx, message, { kind: 'mllp', origin: { ip: socket.remoteAddress ?? 'unknown', userAgent: 'MLLP' } });
          if (!socket.destroyed) socket.write(frame(ack));
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
