import type { Slot } from '@medplum/fhirtypes';
import type { Queryable } from '../db/database.js';
import type { WriteOperation } from '../fhir/write.js';
import { readOne } from './store.js';

/**
 * What becomes of a slot an appointment let go of: free again, or, when it had already left its
 * schedule and was kept only for that booking, gone. `released` is the slot whose ledger row was
 * just released; `named` the slot the appointment names, for bookings older than the ledger.
 */
export async function freedSlotWrites(tx: Queryable, released: string | undefined, named: string | null): Promise<WriteOperation[]> {
  const slotId = released ?? named;
  if (!slotId) return [];
  if (!released) {
    // No ledger row: free the slot only if no other booking holds it.
    const { rows: found } = await tx.query(`SELECT 1 FROM slot_booking WHERE slot_id = $1 AND released_at IS NULL`, [slotId]);
    if (found.length > 0) return [];
  }
  const slot = await readOne<Slot>(tx, 'Slot', slotId, true);
  if (!slot) return [];
  const { rows } = await tx.query<{ planned: boolean }>(`SELECT planned FROM schedule_slot WHERE slot_id = $1`, [slotId]);
  if (rows[0]?.planned === false) {
    await tx.query(`DELETE FROM schedule_slot WHERE slot_id = $1`, [slotId]);
    return [{ kind: 'delete', resourceType: 'Slot', id: slotId }];
  }
  return slot.status === 'busy' ? [{ kind: 'update', resource: { ...slot, status: 'free' } }] : [];
}
