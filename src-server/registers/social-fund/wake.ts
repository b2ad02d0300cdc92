import type { CentralContext } from '../../context.js';

/**
 * Wakes the sick-leave outbox's worker when something queued an operation outside the REST routes
 * (a workstation's `sick-leave` mutation, applied by sync), so it goes to the Fund at once rather
 * than at the worker's next round. Without a worker (tests that dispatch by hand) nothing happens.
 */
const wakers = new WeakMap<CentralContext, () => void>();

export function setSickLeaveWaker(ctx: CentralContext, wake: () => void): void {
  wakers.set(ctx, wake);
}

export function wakeSickLeaveOutbox(ctx: CentralContext): void {
  wakers.get(ctx)?.();
}
