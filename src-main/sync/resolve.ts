import type { Resource } from '@medplum/fhirtypes';
import type { LocalStore } from '../db/local-store.js';
import { ServiceError } from '../services/errors.js';
import { showCentralVersion, versionOf, type WireMutation } from './refusals.js';

export type Resolution = 'keep-local' | 'keep-central' | 'dismiss';

/**
 * A person's decision on an inbox item, in one transaction with its effect:
 * - keep-central: Central's version stays (it is already shown; written again if the replica lags);
 * - keep-local (conflicts only): this workstation's version is queued again with Central's
 *   version as its base, so it now overwrites knowingly rather than silently;
 * - dismiss: the refusal is acknowledged.
 * Returns true when something was queued for Central (under the original author). Resolving an
 * item twice (two people clicking at once) does nothing the second time.
 */
export function resolveInboxItem(store: LocalStore, id: string, choice: Resolution, now: Date): boolean {
  const item = /^\d{1,15}$/.test(id) ? store.inbox.get(Number(id)) : null;
  if (!item) throw new ServiceError('not-found', `There is no inbox item ${id}`, 'id');
  if (item.resolvedAt) return false;
  if (choice === 'keep-local' && item.kind !== 'conflict') throw new ServiceError('invalid', 'Central refused this change for good; it can only be dismissed (make the change again if it is still needed)', 'choice');
  const local = item.local as WireMutation;
  const server = item.server as (Resource & { id: string }) | null;
  return store.transaction(() => {
    if (!store.inbox.resolve(item.id, choice, now)) return false;
    if (choice === 'keep-central' && server) showCentralVersion(store, server);
    if (choice !== 'keep-local' || !server) return false;
    const base = versionOf(server);
    if (local.kind === 'delete') {
      store.outbox.enqueue('delete', local.args, base, now, local.author ?? null);
      return true;
    }
    const mine = (local.args as { resource: Resource & { id: string } }).resource;
    const resource = { ...mine, meta: { ...mine.meta, versionId: String(base) } };
    store.resources.writeLocal(resource);
    store.outbox.enqueue('update', { resource }, base, now, local.author ?? null);
    return true;
  });
}
