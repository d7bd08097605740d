import type { AlertQueue, CaseAlert } from '../../core/ports.js';
import type { RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

const GROUP = 'satisfy-notifiers';
/** An alert taken by an instance that died before acknowledging it goes to another after this. */
const RECLAIM_AFTER_MS = 60_000;
const MAX_LEN = 10_000;
const FORGET_PAGE = 1000;

/** A Redis stream read through one consumer group by every instance: each alert goes to one. */
export class RedisAlertQueue implements AlertQueue {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async push(alert: CaseAlert): Promise<void> {
    await this.redis.xAdd(this.keys.caseAlerts(), { caseId: alert.caseId, kind: alert.kind }, MAX_LEN);
  }

  async take(consumer: string, count: number): Promise<{ id: string; alert: CaseAlert }[]> {
    const entries = await this.redis.xTake(this.keys.caseAlerts(), GROUP, consumer, count, RECLAIM_AFTER_MS);
    return entries.flatMap(({ id, fields }) =>
      fields.caseId && (fields.kind === 'new' || fields.kind === 'overdue') ? [{ id, alert: { caseId: fields.caseId, kind: fields.kind } }] : [],
    );
  }

  async ack(id: string): Promise<void> {
    await this.redis.xAck(this.keys.caseAlerts(), GROUP, id);
  }

  /** Reads the whole (capped) stream: erasures are rare, and the stream is the only index. */
  async forget(caseId: string): Promise<void> {
    const key = this.keys.caseAlerts();
    for (let after = '-'; ; ) {
      const page = await this.redis.xRangeAfter(key, after, FORGET_PAGE);
      await this.redis.xDel(key, page.filter((e) => e.fields.caseId === caseId).map((e) => e.id));
      if (page.length < FORGET_PAGE) return;
      after = page.at(-1)!.id;
    }
  }
}
