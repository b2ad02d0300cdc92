/**
 * `npx tsx test/e2e/harness/dev-ui.ts`: the built renderer (dist/renderer) in browser mode over
 * the in-memory DEVELOPMENT ports, for building and looking at screens. Users doctor/demo and
 * registrar/demo. Not the product: `npm run web` is.
 */
import { fileURLToPath } from 'node:url';
import { createHandlerMap } from '../../../src-main/services/handler-map.js';
import { startBrowserHost } from '../../../src-main/transport/http.js';
import { memoryPorts } from './memory-ports.js';

const rendererDir = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
const host = await startBrowserHost({ handlers: createHandlerMap(memoryPorts(), (m, e) => console.error(m, e)), rendererDir, port: Number(process.env.PORT ?? 0) });
console.log(`development UI at ${host.url}`);
