import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookEndpoint, WebhookStore } from '../../src/webhooks/WebhookStore.js';

function endpoint(n: number, extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: randomUUID(),
    url: `https://hooks.example.com/${n}`,
    events: ['response.completed', 'case.opened'],
    secret: `whsec_${randomUUID()}`,
    active: true,
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString(),
    ...extra,
  };
}

function delivery(n: number): WebhookDelivery {
  return { id: `d${n}`, eventId: `e${n}`, type: 'case.opened', at: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(), attempt: 1 + (n % 3), status: n % 2 ? 'retrying' : 'delivered', ...(n % 2 ? { httpStatus: 500, error: 'HTTP 500' } : { httpStatus: 204 }), durationMs: n };
}

/** What every WebhookStore must do: keep endpoints with their secrets, and a capped delivery log each. */
export function webhookStoreContract(name: string, make: () => Promise<WebhookStore> | WebhookStore): void {
  describe(`WebhookStore contract: ${name}`, () => {
    it('keeps endpoints as given, lists them oldest first, and removes one', async () => {
      const store = await make();
      const [a, b] = [endpoint(2, { description: 'CRM ⭐' }), endpoint(1, { active: false, events: ['customer.opted_out'] })];
      expect(await store.list()).toEqual([]);
      await store.add(a);
      await store.add(b);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.get('nope')).toBeUndefined();
      expect(await store.list()).toEqual([b, a]);
      expect(await store.remove(b.id)).toBe(true);
      expect(await store.remove(b.id)).toBe(false);
      expect(await store.list()).toEqual([a]);
    });

    it('keeps the newest deliveries of each endpoint, newest first, and forgets them with the endpoint', async () => {
      const store = await make();
      const [a, b] = [endpoint(1), endpoint(2)];
      await store.add(a);
      await store.add(b);
      for (let n = 1; n <= 7; n++) await store.logDelivery(a.id, delivery(n), 5);
      await store.logDelivery(b.id, delivery(100), 5);
      expect(await store.deliveries(a.id, 10)).toEqual([7, 6, 5, 4, 3].map(delivery));
      expect(await store.deliveries(a.id, 2)).toEqual([7, 6].map(delivery));
      expect(await store.deliveries(b.id, 10)).toEqual([delivery(100)]);
      await store.remove(a.id);
      expect(await store.deliveries(a.id, 10)).toEqual([]);
      // A delivery that finishes after its endpoint was removed leaves nothing behind.
      await store.logDelivery(a.id, delivery(8), 5);
      expect(await store.deliveries(a.id, 10)).toEqual([]);
      expect(await store.deliveries(b.id, 10)).toEqual([delivery(100)]);
    });
  });
}
