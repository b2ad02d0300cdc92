import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { between, pick } from './random.js';

/** One booking a patient tried in the cabinet, and the last answer they got for it. */
export interface CabinetBooking {
  patientId: string;
  slotId: string;
  appointmentId: string;
  /** `booked` (201), a refusal code, `exists` (a retry found its own earlier attempt), or `no-answer (why)`. */
  answer: string;
}

export interface CabinetCancel {
  patientId: string;
  appointmentId: string;
  answer: string;
}

interface Answer {
  status: number;
  body: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A patient retries a few times when the page shows no answer, then gives up. */
const TRIES = 4;

/**
 * Patients at home booking and cancelling their own visits through Central's cabinet API
 * (/cabinet/*), through a faulty network of their own, while the clinic's workstations book the
 * same slots offline. Each booking names its appointment id, so a retry after a lost answer is
 * recognised; every attempt and its last answer is kept for the invariants.
 */
export class CabinetPatients {
  readonly bookings: CabinetBooking[] = [];
  readonly cancels: CabinetCancel[] = [];
  private readonly tokens = new Map<string, string>();
  private counter = 0;
  /** Why the last request got no usable answer: `network`, `login 429`, `502`... */
  private lastFailure = '';

  constructor(
    private readonly url: string,
    private readonly accounts: readonly { patientId: string; personalNumber: string; password: string }[],
    private readonly slotIds: readonly string[],
    private readonly random: () => number,
    private readonly runTag: string,
  ) {}

  private running: Promise<void> | undefined;
  private stopping = false;

  /**
   * Each patient, at home and all at once, makes up to `steps` random bookings and cancellations
   * while the clinic works, until `stop()`: their pace is their own, it never holds up the
   * workstations' phases. One patient is one session: logged in once (`logIn`) and the token
   * kept, since Central throttles logins per address.
   */
  start(steps: number): void {
    this.stopping = false;
    this.running = Promise.all(this.accounts.map((account) => this.home(account, steps))).then(() => undefined);
  }

  /** Lets each patient finish the request in hand, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Every patient logs in (tokens last a quarter of an hour, across Central's restarts). */
  async logIn(): Promise<void> {
    await Promise.all(
      this.accounts.map(async (account) => {
        for (let attempt = 0; attempt < 10 && !this.tokens.has(account.patientId); attempt++) if (!(await this.login(account))) await this.pause();
      }),
    );
  }

  private async home(account: (typeof this.accounts)[number], steps: number): Promise<void> {
    for (let i = 0; i < steps && !this.stopping; i++) {
      const own = this.bookings.filter((b) => b.patientId === account.patientId && (b.answer === 'booked' || b.answer === 'exists')).map((b) => b.appointmentId);
      const cancelled = new Set(this.cancels.filter((c) => c.answer === 'cancelled').map((c) => c.appointmentId));
      const open = own.filter((id) => !cancelled.has(id));
      const answer = open.length > 0 && this.random() < 0.25 ? await this.cancel(account, pick(this.random, open)!) : await this.book(account, pick(this.random, this.slotIds)!);
      // The site did not answer: the patient comes back some seconds later.
      await sleep(answer.startsWith('no-answer') ? between(this.random, 3000, 6000) : between(this.random, 200, 1500));
    }
  }

  private async book(account: (typeof this.accounts)[number], slotId: string): Promise<string> {
    const booking: CabinetBooking = { patientId: account.patientId, slotId, appointmentId: `${this.runTag}-cab-${++this.counter}`, answer: 'no-answer' };
    this.bookings.push(booking);
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const answer = await this.call(account, 'POST', '/cabinet/appointments', { slotId, appointmentId: booking.appointmentId });
      if (!answer) {
        booking.answer = `no-answer (${this.lastFailure})`;
        continue;
      }
      const refusal = readBookingRefusal(answer.body);
      // 409 "already exists" on a retry: our own earlier attempt got in and its answer was lost.
      const ours = answer.status === 409 && !refusal && attempt > 0 && /already exists/.test(JSON.stringify(answer.body));
      booking.answer = answer.status === 201 ? 'booked' : ours ? 'exists' : (refusal?.code ?? `http-${answer.status}`);
      break;
    }
    return booking.answer;
  }

  private async cancel(account: (typeof this.accounts)[number], appointmentId: string): Promise<string> {
    const cancel: CabinetCancel = { patientId: account.patientId, appointmentId, answer: 'no-answer' };
    this.cancels.push(cancel);
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const answer = await this.call(account, 'POST', `/cabinet/appointments/${appointmentId}/cancel`, { reason: 'Не смогу прийти' });
      if (!answer) {
        cancel.answer = `no-answer (${this.lastFailure})`;
        continue;
      }
      cancel.answer = answer.status === 200 ? 'cancelled' : `http-${answer.status}`;
      break;
    }
    return cancel.answer;
  }

  /** The appointments a patient sees in the cabinet (after healing, for the invariants). */
  async appointmentsOf(patientId: string): Promise<{ appointmentId: string; status: string }[]> {
    const account = this.accounts.find((a) => a.patientId === patientId)!;
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await this.call(account, 'GET', '/cabinet/appointments');
      if (answer?.status === 200) return (answer.body as { appointments: { appointmentId: string; status: string }[] }).appointments.map((a) => ({ appointmentId: a.appointmentId, status: a.status }));
      await sleep(200);
    }
    throw new Error(`The cabinet of ${patientId} did not answer after healing`);
  }

  /**
   * One request with the patient's token (logging in first when there is none); undefined when no
   * usable answer came: the network dropped it, Central was down, or the login was throttled.
   */
  private async call(account: (typeof this.accounts)[number], method: string, path: string, body?: unknown): Promise<Answer | undefined> {
    const token = this.tokens.get(account.patientId) ?? (await this.login(account));
    if (!token) return this.pause();
    const answer = await this.request(method, path, body, token);
    if (answer?.status === 401) this.tokens.delete(account.patientId);
    if (!answer || answer.status >= 500 || answer.status === 401) {
      this.lastFailure = answer ? String(answer.status) : 'network';
      return this.pause();
    }
    return answer;
  }

  private async login(account: (typeof this.accounts)[number]): Promise<string | undefined> {
    const answer = await this.request('POST', '/auth/patient-login', { personalNumber: account.personalNumber, password: account.password });
    const token = answer?.status === 200 ? (answer.body as { access_token: string }).access_token : undefined;
    if (token) this.tokens.set(account.patientId, token);
    else this.lastFailure = `login ${answer?.status ?? 'network'}`;
    return token;
  }

  private async pause(): Promise<undefined> {
    await sleep(between(this.random, 100, 400));
    return undefined;
  }

  private async request(method: string, path: string, body: unknown, token?: string): Promise<Answer | undefined> {
    const started = performance.now();
    const slow = (what: string) => process.env.SIM_VERBOSE && performance.now() - started > 1000 && console.error(`[cabinet] ${method} ${path} ${what} after ${Math.round(performance.now() - started)} ms`);
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // Central on a busy machine can take seconds over a login (scrypt): a patient waits that long.
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      slow(String(response.status));
      // A proxy's 502 is plain text; Central answers JSON.
      const isJson = response.headers.get('content-type')?.includes('json') === true;
      return { status: response.status, body: isJson && text ? (JSON.parse(text) as unknown) : text };
    } catch (error) {
      slow(String(error));
      return undefined;
    }
  }
}
