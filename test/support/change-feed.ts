import { readChanges } from '../../src-server/fhir/changes.js';
import type { TestCentral } from './central.js';

/**
 * Waits until Central's change feed shows a patient's writes. The feed holds back rows of
 * transactions newer than the oldest one still running on the PostgreSQL server (changes.ts), and
 * on a shared server that may be another test file's, in another database: a test that expects
 * the feed to hold what it wrote waits for that first (read directly, so nothing is audited).
 */
export async function feedHolds(central: TestCentral, patientId: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await readChanges(central.ctx.db, undefined, 1, { patientIds: [patientId], withoutResources: true })).changes.length === 0) {
    if (Date.now() > until) throw new Error(`The change feed did not show Patient/${patientId}'s writes within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
