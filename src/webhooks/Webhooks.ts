import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock, Deduplicator } from '../core/ports.js';
import { SatisfyError } from '../errors.js';
import type { Job, JobQueue } from '../scheduler/JobQueue.js';
import { JobGiveUp, type JobHandler, type JobRun } from '../scheduler/JobRunner.js';
import { signWebhook } from './signature.js';
import type { EmitOptions, WebhookEmitter, WebhookEventType } from './WebhookEmitter.js';
import type { WebhookDelivery, WebhookDeliveryType, WebhookEndpoint, WebhookStore } from './WebhookStore.js';
import { webhookUrlProblem } from './webhookUrl.js';

/** The job kind of one delivery of one event to one endpoint. */
export const WEBHOOK_DELIVER = 'webhook.deliver';
/** Deliveries kept per endpoint. */
export const DELIVERY_LOG_SIZE = 200;
/** Every event is a job per endpoint: a few endpoints per installation is the expected use. */
export const MAX_ENDPOINTS = 50;
/** A keyed event emitted again within this long is the same event (a turn replayed). */
const KEY_MEMORY_MS = 30 * 86_400_000;
/** Endpoints are read from the store at most this often per process (every turn that ends a
 * survey asks): an endpoint added or removed on another instance takes effect within this long,
 * on this one at once. */
export const ENDPOINTS_CACHE_MS = 5000;

/** What a receiver gets as the JSON body. */
export interface WebhookEvent {
  id: string;
  type: WebhookDeliveryType;
  createdAt: string;
  data: Record<string, unknown>;
}

/** An endpoint as listed (its secret is shown only once, at creation). */
export type WebhookEndpointView = Omit<WebhookEndpoint, 'secret'>;

export interface NewEndpoint {
  url: string;
  events: WebhookEventType[];
  description?: string;
  active?: boolean;
}

export interface WebhooksDeps {
  store: WebhookStore;
  jobs: JobQueue;
  clock: Clock;
  log: Logger;
  /** OUTBOUND_TIMEOUT_MS: a receiver that has not answered by then failed this attempt. */
  timeoutMs: number;
  /** WEBHOOK_ALLOW_HTTP: plain-http endpoints beyond localhost. */
  allowHttp: boolean;
  /** Remembers keyed events (EmitOptions.key) across instances; without it, only while the
   * delivery job waits. */
  seen?: Deduplicator;
}

interface DeliverPayload {
  endpointId: string;
  event: WebhookEvent;
}

interface Attempt {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
}

/**
 * Outbound webhooks: the endpoints admins set up, `emit` (a job per endpoint that wants the
 * event, so delivery is retried by the JobRunner with back-off and survives restarts), the
 * delivery itself (signed POST, docs/webhooks.md), and the per-endpoint delivery log.
 */
export class Webhooks implements WebhookEmitter {
  private readonly pending = new Set<Promise<void>>();
  private endpoints?: { at: number; list: Promise<WebhookEndpoint[]> };

  constructor(private readonly deps: WebhooksDeps) {}

  /** For the JobRunner: `{ 'webhook.deliver': … }`. */
  get handlers(): Record<string, JobHandler> {
    return { [WEBHOOK_DELIVER]: (job, run) => this.deliver(job, run) };
  }

  /** Whether any active endpoint asked for `type`: a caller can skip building the event. */
  async wants(type: WebhookEventType): Promise<boolean> {
    return (await this.listCached()).some((e) => e.active && e.events.includes(type));
  }

  /** The endpoints, read again once ENDPOINTS_CACHE_MS have passed (or after a change here). */
  private listCached(): Promise<WebhookEndpoint[]> {
    const now = this.deps.clock.now();
    const cached = this.endpoints;
    if (cached && now - cached.at < ENDPOINTS_CACHE_MS && now >= cached.at) return cached.list;
    const list = this.deps.store.list();
    const entry = { at: now, list };
    this.endpoints = entry;
    // A failed read is not kept: the next call reads again.
    list.catch(() => {
      if (this.endpoints === entry) this.endpoints = undefined;
    });
    return list;
  }

  /** Returns at once; queueing happens in the background and never throws into the caller. */
  emit(type: WebhookEventType, data: Record<string, unknown>, options: EmitOptions = {}): void {
    const queued = this.enqueue(type, data, options.key)
      .catch((err: unknown) => this.deps.log.error({ type, err: (err as Error).message }, 'webhook event could not be queued; it is not delivered'))
      .finally(() => this.pending.delete(queued));
    this.pending.add(queued);
  }

  /** Resolves once every event emitted so far is queued (or failed to be): for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async create(input: NewEndpoint): Promise<WebhookEndpoint> {
    const problem = webhookUrlProblem(input.url, this.deps.allowHttp);
    if (problem) throw new SatisfyError('BAD_REQUEST', `url: ${problem}`);
    if ((await this.deps.store.list()).length >= MAX_ENDPOINTS) throw new SatisfyError('BAD_REQUEST', `There are already ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      url: input.url,
      events: [...new Set(input.events)],
      secret: `whsec_${randomBytes(32).toString('base64url')}`,
      active: input.active ?? true,
      ...(input.description ? { description: input.description } : {}),
      createdAt: new Date(this.deps.clock.now()).toISOString(),
    };
    await this.deps.store.add(endpoint);
    this.endpoints = undefined;
    this.deps.log.info({ endpointId: endpoint.id, events: endpoint.events, host: new URL(endpoint.url).host }, 'webhook endpoint added');
    return endpoint;
  }

  async list(): Promise<WebhookEndpointView[]> {
    return (await this.deps.store.list()).map(view);
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.deps.store.remove(id);
    this.endpoints = undefined;
    if (removed) this.deps.log.info({ endpointId: id }, 'webhook endpoint removed');
    return removed;
  }

  /** The endpoint's recent deliveries, newest first; undefined when there is no such endpoint. */
  async deliveries(id: string, limit: number): Promise<WebhookDelivery[] | undefined> {
    if (!(await this.deps.store.get(id))) return undefined;
    return this.deps.store.deliveries(id, limit);
  }

  /** Sends a `ping` event now, once (no retries), and logs it; undefined: no such endpoint. */
  async ping(id: string): Promise<WebhookDelivery | undefined> {
    const endpoint = await this.deps.store.get(id);
    if (!endpoint) return undefined;
    const event: WebhookEvent = { id: randomUUID(), type: 'ping', createdAt: this.isoNow(), data: { endpointId: id, message: 'A test event from Satisfy: your endpoint is reachable.' } };
    const attempt = await this.post(endpoint, event);
    return this.record(endpoint.id, event, 1, attempt.ok ? 'delivered' : 'failed', attempt);
  }

  private async enqueue(type: WebhookEventType, data: Record<string, unknown>, key: string | undefined): Promise<void> {
    const endpoints = (await this.listCached()).filter((e) => e.active && e.events.includes(type));
    if (!endpoints.length) return;
    if (key !== undefined && this.deps.seen && !(await this.deps.seen.firstTime(`webhook:${type}:${key}`, KEY_MEMORY_MS))) return;
    const event: WebhookEvent = { id: key === undefined ? randomUUID() : keyedId(type, key), type, createdAt: this.isoNow(), data };
    const runAt = this.deps.clock.now();
    for (const endpoint of endpoints) {
      const payload: DeliverPayload = { endpointId: endpoint.id, event };
      await this.deps.jobs.schedule({ id: `${event.id}:${endpoint.id}`, kind: WEBHOOK_DELIVER, runAt, payload });
    }
  }

  /** One attempt of one job: throws on failure so the JobRunner retries (or gives up). */
  private async deliver(job: Job, run: JobRun): Promise<void> {
    const { endpointId, event } = (job.payload ?? {}) as Partial<DeliverPayload>;
    if (typeof endpointId !== 'string' || typeof event?.id !== 'string') throw new JobGiveUp('not a webhook delivery (payload without endpointId and event)');
    const fields = { endpointId, eventId: event.id, type: event.type, attempt: run.attempt };
    const endpoint = await this.deps.store.get(endpointId);
    if (!endpoint || !endpoint.active) {
      this.deps.log.info(fields, `webhook delivery dropped: the endpoint was ${endpoint ? 'deactivated' : 'removed'}`);
      return;
    }
    const attempt = await this.post(endpoint, event);
    const status = attempt.ok ? 'delivered' : run.final ? 'gave_up' : 'retrying';
    await this.record(endpointId, event, run.attempt, status, attempt);
    if (attempt.ok) return;
    if (run.final) this.deps.log.warn({ ...fields, httpStatus: attempt.httpStatus, err: attempt.error }, 'webhook delivery gave_up after its last attempt');
    throw new Error(attempt.error);
  }

  private async post(endpoint: WebhookEndpoint, event: WebhookEvent): Promise<Attempt> {
    const body = JSON.stringify(event);
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Satisfy-Webhooks/1',
          'Satisfy-Event': event.type,
          'Satisfy-Delivery': event.id,
          'Satisfy-Signature': signWebhook(endpoint.secret, body, Math.floor(this.deps.clock.now() / 1000)),
        },
        body,
        // A redirect is an answer, not a delivery: following it would send the event elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status, durationMs: took() };
      return { ok: false, httpStatus: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, durationMs: took() };
    } catch (err) {
      return { ok: false, error: this.networkError(err), durationMs: took() };
    }
  }

  private networkError(err: unknown): string {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${this.deps.timeoutMs} ms`;
    const cause = e?.cause?.code ?? e?.cause?.message;
    return cause ? `${e.message}: ${cause}` : (e?.message ?? String(err));
  }

  /** Logs the attempt; a store that is away costs the log line, never the delivery. */
  private async record(endpointId: string, event: WebhookEvent, attempt: number, status: WebhookDelivery['status'], result: Attempt): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      eventId: event.id,
      type: event.type,
      at: this.isoNow(),
      attempt,
      status,
      ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
      durationMs: result.durationMs,
    };
    await this.deps.store.logDelivery(endpointId, delivery, DELIVERY_LOG_SIZE).catch((err: unknown) => this.deps.log.warn({ endpointId, err: (err as Error).message }, 'could not log a webhook delivery'));
    return delivery;
  }

  private isoNow(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function view({ secret: _secret, ...endpoint }: WebhookEndpoint): WebhookEndpointView {
  return endpoint;
}

/** The same event id whenever the same keyed event is emitted (UUID-shaped, version 8). */
function keyedId(type: string, key: string): string {
  const h = createHash('sha256').update(`${type}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
