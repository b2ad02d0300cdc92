import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { provablyValid } from './validation-fast.js';
import { loadDefinitions } from './validation.js';

/**
 * Validating against the R4 definitions is most of the CPU a write costs (a fifth of a millisecond
 * per resource, four fifths of Central's own work on a bundle), and the event loop is one thread.
 * This pool runs it in worker threads, one per core, so a 2-core machine validates two bundles at
 * once while the main thread parses, stores and answers. The issues come back keyed by the very
 * object sent; validation.ts uses them instead of validating again. Anything the pool cannot do
 * (a worker failed to start or died) is left to in-process validation, so nothing depends on it.
 */
const structural = new WeakMap<object, OperationOutcomeIssue[]>();
const workers: Worker[] = [];
const pending = new Map<number, { resolve: (issues: OperationOutcomeIssue[][]) => void; reject: (error: unknown) => void }>();
let nextId = 0;
let nextWorker = 0;
let broken = false;

function pool(): Worker[] {
  if (workers.length > 0 || broken) return workers;
  for (let i = 0; i < Math.max(1, availableParallelism()); i++) {
    const worker = new Worker(new URL('./validation-worker.mjs', import.meta.url));
    worker.on('message', ({ id, issues }: { id: number; issues: OperationOutcomeIssue[][] }) => {
      pending.get(id)?.resolve(issues);
      pending.delete(id);
    });
    worker.on('error', (error) => {
      broken = true;
      for (const [id, waiting] of pending) {
        waiting.reject(error);
        pending.delete(id);
      }
    });
    // Never what keeps a process alive. After the listeners: adding a 'message' listener refs the
    // worker again (Node 20), and a script or benchmark would then never exit.
    worker.unref();
    workers.push(worker);
  }
  return workers;
}

/**
 * Validates these objects in the pool, split across its workers, and remembers their issues.
 * Objects that are not resources are skipped; a failure leaves them to in-process validation.
 */
export async function validateInPool(values: readonly unknown[]): Promise<void> {
  loadDefinitions();
  const resources = values.filter((v): v is object => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { resourceType?: unknown }).resourceType === 'string' && !structural.has(v) && !provedHere(v));
  if (resources.length === 0) return; // the workers start only once a resource needs medplum's walk
  const available = pool();
  if (available.length === 0) return;
  const share = Math.ceil(resources.length / available.length);
  const chunks = Array.from({ length: Math.ceil(resources.length / share) }, (_, i) => resources.slice(i * share, (i + 1) * share));
  await Promise.all(chunks.map((chunk) => validateChunk(chunk, available[nextWorker++ % available.length]!)));
}

/**
 * A resource validation-fast.ts proves free of errors is done with here: that costs the main
 * thread less than copying it to a worker would (a tenth of medplum's walk).
 */
function provedHere(resource: object): boolean {
  if (process.env['MEDKARTA_VALIDATION_FAST'] === '0' || !provablyValid(resource as { resourceType: string })) return false;
  structural.set(resource, []);
  return true;
}

async function validateChunk(resources: readonly object[], worker: Worker): Promise<void> {
  const id = nextId++;
  try {
    const issues = await new Promise<OperationOutcomeIssue[][]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, resources });
    });
    resources.forEach((resource, i) => structural.set(resource, issues[i] ?? []));
  } catch {
    // Left to in-process validation.
  }
}

/** The issues the pool found for this object, if it validated it. */
export function structuralIssuesOf(resource: object): OperationOutcomeIssue[] | undefined {
  return structural.get(resource);
}
