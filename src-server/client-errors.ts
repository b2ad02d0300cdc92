import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { outcome } from '../shared/fhir/outcomes.js';

/**
 * Answers requests Node's HTTP parser refuses before Fastify sees them (broken framing, smuggling
 * attempts, heads over the size limit, bad characters in headers) with an OperationOutcome like
 * every other refusal, instead of Fastify's own JSON. Nothing of the request is echoed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const text = status === 431 ? 'The request head (URL and headers) is larger than the limit' : status === 408 ? 'The request took too long to arrive' : 'The request is not well-formed HTTP';
  const body = JSON.stringify(outcome('error', status === 408 ? 'timeout' : status === 431 ? 'too-costly' : 'structure', text));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
