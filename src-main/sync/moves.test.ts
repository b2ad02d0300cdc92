import type { Appointment } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { LocalStore } from '../db/local-store.js';
import { openEncryptedDatabase } from '../db/open.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { settleMove } from './moves.js';

/**
 * Moves queued before sync protocol 3 (a `book` of the new slot with the old booking waiting in
 * pending_move), as an upgraded workstation may still hold them: Central's answer to the `book`
 * settles them as it always did. Nothing makes such a row any more, so the test writes it into a
 * real encrypted store the way the old version did.
 */
const now = new Date('2030-03-04T05:00:00.000Z');
let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;

const booking = (id: string, slotId: string, versionId?: string): Appointment & { id: string } => ({
  resourceType: 'Appointment',
  id,
  status: 'booked',
  slot: [{ reference: `Slot/${slotId}` }],
  participant: [{ actor: { reference: 'Patient/p-1' }, status: 'accepted' }],
  ...(versionId ? { meta: { versionId } } : {}),
});

beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  store.resources.upsertMany([booking('old', 's-1', '1')]);
  const args = { slotId: 's-2', appointment: booking('new', 's-2') };
  store.resources.writeLocal(args.appointment);
  store.outbox.enqueue('book', args, null, now);
  const legacy = openEncryptedDatabase(join(dir.path, 'store.db'), key);
  legacy.prepare('INSERT INTO pending_move (appointment_id, replaces, reason, created_at) VALUES (?, ?, ?, ?)').run('new', 'old', 'Просьба пациента', now.toISOString());
  legacy.close();
});
afterEach(() => {
  store.close();
  dir.remove();
});

const wire = () => {
  const [row] = store.outbox.pending();
  return { mutationId: row!.mutationId, kind: row!.kind, args: row!.args };
};

describe('a move queued before protocol 3', () => {
  it('cancels the old booking once Central confirms the new one, queued behind it and shown at once', () => {
    expect(store.scheduling.movesInProgress()).toEqual(new Map([['old', 'new']]));
    const book = wire();
    store.transaction(() => {
      store.outbox.markStatus([book.mutationId], 'applied');
      settleMove(store, book, true, now);
    });
    expect(store.outbox.pending().map((m) => [m.kind, m.args])).toEqual([['cancel', { appointmentId: 'old', reason: 'Просьба пациента' }]]);
    expect(store.resources.get<Appointment>('Appointment', 'old')).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Просьба пациента' } });
    expect(store.scheduling.movesInProgress().size).toBe(0);
  });

  it('is forgotten when Central refuses the new booking: the patient keeps the old time', () => {
    const book = wire();
    store.transaction(() => {
      store.outbox.markStatus([book.mutationId], 'rejected');
      settleMove(store, book, false, now);
    });
    expect(store.outbox.pending()).toEqual([]);
    expect(store.resources.get<Appointment>('Appointment', 'old')).toMatchObject({ status: 'booked' });
    expect(store.scheduling.movesInProgress().size).toBe(0);
  });
});
