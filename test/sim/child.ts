import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A child process running one of the simulation's TypeScript entry points (through tsx), with
 * request/answer messaging over IPC. Killing it is the point: `kill()` is SIGKILL, nothing is
 * flushed, exactly as a power cut or a crashed process would leave things.
 */
export class Child {
  private process: ChildProcess | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited: Promise<void> = Promise.resolve();
  private readyWaiter: ((message: Record<string, unknown>) => void) | undefined;

  constructor(
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly name: string,
    /** Messages the child sends of its own accord (not answers), such as `{type: 'action'}`. */
    private readonly onEvent: (message: Record<string, unknown>) => void = () => undefined,
  ) {}

  get alive(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Starts the process and waits for its `{type: 'ready'}` message. */
  start(): Promise<Record<string, unknown>> {
    const child = fork(fileURLToPath(new URL(this.entry, import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.readyWaiter = resolve;
      child.once('exit', (code, signal) => reject(new Error(`${this.name} exited before it was ready (${code ?? signal})`)));
    });
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') return this.readyWaiter?.(message);
      if (message.type) return this.onEvent(message);
      const waiter = this.waiting.get(message.id as number);
      if (!waiter) return;
      this.waiting.delete(message.id as number);
      if (message.error) waiter.reject(new Error(`${this.name}: ${String(message.error)}`));
      else waiter.resolve(message.result);
    });
    child.once('exit', (code, signal) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`${this.name} died (${code ?? signal})`));
      this.waiting.clear();
    });
    return ready;
  }

  /** Sends a command and waits for its answer (rejected if the process dies meanwhile). */
  call<T>(command: Record<string, unknown>): Promise<T> {
    if (!this.alive) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process!.send({ ...command, id });
    });
  }

  async kill(): Promise<void> {
    if (this.alive) this.process!.kill('SIGKILL');
    await this.exited;
  }

  /** Asks it to shut down cleanly (SIGTERM) and waits. */
  async stop(): Promise<void> {
    if (this.alive) this.process!.kill('SIGTERM');
    await this.exited;
  }
}
