import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SatisfyError } from '../errors.js';

/** A comparison (hash given) or, for a new password, a hashing (cost given). */
interface Task {
  id: number;
  password: string;
  hash?: string;
  cost?: number;
  resolve(result: boolean | string): void;
  reject(err: Error): void;
}

/**
 * bcrypt comparisons on a few worker threads. bcryptjs is plain JavaScript: on the event loop a
 * cost-12 compare blocks every customer's turn for a few hundred milliseconds, and a flood of
 * sign-ins stacks those up. Here at most `threads` run at once, off the loop; at most `maxQueue`
 * wait, and further sign-ins are refused at once (SIGN_IN_BUSY, 503) instead of piling up.
 */
export class PasswordChecker {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private readonly workers: Worker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly threads: number,
    private readonly maxQueue: number,
  ) {}

  /** Waiting comparisons (not counting the running ones). */
  get queued(): number {
    return this.queue.length;
  }

  check(password: string, hash: string): Promise<boolean> {
    return this.enqueue({ password, hash }) as Promise<boolean>;
  }

  /** A bcrypt hash of a new password (an admin adding an account or resetting a password). */
  hash(password: string, cost: number): Promise<string> {
    return this.enqueue({ password, cost }) as Promise<string>;
  }

  private enqueue(work: { password: string; hash?: string; cost?: number }): Promise<boolean | string> {
    if (this.closed) return Promise.reject(new SatisfyError('SIGN_IN_BUSY', 'The server is shutting down; try again in a moment.'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new SatisfyError('SIGN_IN_BUSY', 'Too many sign-ins at once; try again in a few seconds.'));
    }
    // Started on the first sign-in: most processes (and tests) never need them.
    if (!this.workers.length) for (let i = 0; i < Math.max(1, this.threads); i++) this.spawn();
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, ...work, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = () => new SatisfyError('SIGN_IN_BUSY', 'The server is shutting down; try again in a moment.');
    for (const task of this.queue.splice(0)) task.reject(closing());
    // Comparisons under way end with their workers: their sign-ins are answered, not left hanging.
    for (const task of this.busy.values()) task.reject(closing());
    this.busy.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(): void {
    const worker = import.meta.url.endsWith('.ts') ? typescriptWorker() : new Worker(new URL('./bcryptWorker.js', import.meta.url));
    worker.unref();
    worker.on('message', (result: { id: number; ok?: boolean; hash?: string }) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      if (task?.id === result.id) task.resolve(result.hash ?? result.ok === true);
      this.idle.push(worker);
      this.pump();
    });
    // A worker that fails, or exits without failing, gives its sign-in an answer and is
    // replaced; 'exit' follows 'error', so the replacement happens once.
    worker.on('error', (err) => {
      this.busy.get(worker)?.reject(err);
      this.busy.delete(worker);
    });
    worker.on('exit', () => {
      this.busy.get(worker)?.reject(new SatisfyError('SIGN_IN_BUSY', 'The password check stopped; try again.'));
      this.busy.delete(worker);
      const idle = this.idle.indexOf(worker);
      if (idle >= 0) this.idle.splice(idle, 1);
      const at = this.workers.indexOf(worker);
      if (at >= 0) this.workers.splice(at, 1);
      if (!this.closed) this.spawn();
    });
    this.workers.push(worker);
    this.idle.push(worker);
    this.pump();
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.postMessage({ id: task.id, password: task.password, hash: task.hash, cost: task.cost });
    }
  }
}

/** Under tsx and vitest (development, tests) this module and the worker's file are TypeScript,
 * which a worker thread cannot load by itself: it registers tsx (a devDependency) first. Built
 * (dist/), both are JavaScript and this is not used. */
function typescriptWorker(): Worker {
  // The ESM entry: tsx's CommonJS one cannot register its hooks from a worker.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const file = new URL('./bcryptWorker.ts', import.meta.url).href;
  // Our own constant code, naming two files of this checkout; nothing here comes from a request.
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(file)}); });`, { eval: true });
}
