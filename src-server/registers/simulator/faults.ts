import { createRandom, type Random } from '../../demo/random.js';

/**
 * The ways a real register misbehaves, as a simulator's settings. Rates are shares of requests
 * (0..1); which requests are hit is decided by a seeded random sequence, so a test run with the
 * same seed and the same requests meets the same faults.
 */
export interface SimulatorFaults {
  /** Every answer waits this long (ms). */
  latencyMs?: number;
  /** Share of answers delayed by `slowMs` on top. */
  slowRate?: number;
  slowMs?: number;
  /** Share of requests answered 500/503 without doing anything. */
  errorRate?: number;
  /** Share of requests never answered (the caller's deadline passes); nothing is done. */
  timeoutRate?: number;
  /** Share of requests done but whose answer is lost (the caller times out after the work took effect). */
  lostAnswerRate?: number;
  /** The register is down: every request is answered 503. */
  down?: boolean;
}

export type FaultDecision =
  | { kind: 'answer'; delayMs: number }
  | { kind: 'error'; status: 500 | 503; delayMs: number }
  | { kind: 'hang' }
  | { kind: 'lose-answer' };

/** Decides, request by request, what fault (if any) the simulator plays. */
export class FaultPlan {
  private random: Random;
  private faults: SimulatorFaults;

  constructor(seed: number, faults: SimulatorFaults = {}) {
    this.random = createRandom(seed, 0xfa17);
    this.faults = { ...faults };
  }

  set(faults: SimulatorFaults): void {
    this.faults = { ...faults };
  }

  get current(): SimulatorFaults {
    return { ...this.faults };
  }

  next(): FaultDecision {
    const f = this.faults;
    // Draw every number every time, so changing one rate does not shift the others' sequence.
    const [error, timeout, lost, slow, which] = [this.random.next(), this.random.next(), this.random.next(), this.random.next(), this.random.next()];
    const delayMs = (f.latencyMs ?? 0) + (slow < (f.slowRate ?? 0) ? (f.slowMs ?? 0) : 0);
    if (f.down) return { kind: 'error', status: 503, delayMs };
    if (timeout < (f.timeoutRate ?? 0)) return { kind: 'hang' };
    if (error < (f.errorRate ?? 0)) return { kind: 'error', status: which < 0.5 ? 500 : 503, delayMs };
    if (lost < (f.lostAnswerRate ?? 0)) return { kind: 'lose-answer' };
    return { kind: 'answer', delayMs };
  }
}
