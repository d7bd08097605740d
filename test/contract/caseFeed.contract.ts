import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseFeed } from '../../src/core/ports.js';

export interface CaseFeedSetup {
  feed: CaseFeed;
  /** The same feed as another instance sees it (its own connection), or the same object when
   * there is only one process. */
  another(): Promise<CaseFeed> | CaseFeed;
}

/** Waits (polling, as pub/sub delivers asynchronously) until `check` passes, or fails with its
 * last error. */
async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function caseId(): string {
  return `case_${randomUUID().slice(0, 8)}`;
}

/** What every CaseFeed must do: every subscriber, on every instance, hears each change. */
export function caseFeedContract(name: string, make: () => Promise<CaseFeedSetup> | CaseFeedSetup): void {
  describe(`CaseFeed contract: ${name}`, () => {
    it('tells a subscriber the id of a case that changed', async () => {
      const { feed } = await make();
      const heard: string[] = [];
      const unsubscribe = await feed.subscribe((id) => heard.push(id));
      const [one, two] = [caseId(), caseId()];
      await feed.publish(one);
      await feed.publish(two);
      // Not in order: in a Redis Cluster each PUBLISH may enter through another node.
      await eventually(() => expect([...heard].sort()).toEqual([one, two].sort()));
      await unsubscribe();
    });

    it('tells nothing more after unsubscribing', async () => {
      const { feed } = await make();
      const gone: string[] = [];
      const staying: string[] = [];
      const unsubscribeGone = await feed.subscribe((id) => gone.push(id));
      const unsubscribeStaying = await feed.subscribe((id) => staying.push(id));
      const before = caseId();
      await feed.publish(before);
      await eventually(() => expect(gone).toEqual([before]));

      await unsubscribeGone();
      const after = caseId();
      await feed.publish(after);
      // The listener still subscribed hears it, so it was delivered; the other one must not.
      await eventually(() => expect(staying).toEqual([before, after]));
      await new Promise((r) => setTimeout(r, 100));
      expect(gone).toEqual([before]);
      await unsubscribeStaying();
    });

    it('tells every subscriber, on this instance and on another', async () => {
      const setup = await make();
      const other = await setup.another();
      const first: string[] = [];
      const second: string[] = [];
      const elsewhere: string[] = [];
      const unsubscribes = [
        await setup.feed.subscribe((id) => first.push(id)),
        await setup.feed.subscribe((id) => second.push(id)),
        await other.subscribe((id) => elsewhere.push(id)),
      ];
      const fromHere = caseId();
      await setup.feed.publish(fromHere);
      await eventually(() => {
        expect(first).toEqual([fromHere]);
        expect(second).toEqual([fromHere]);
        expect(elsewhere).toEqual([fromHere]);
      });
      const fromThere = caseId();
      await other.publish(fromThere);
      await eventually(() => {
        expect(first).toEqual([fromHere, fromThere]);
        expect(second).toEqual([fromHere, fromThere]);
        expect(elsewhere).toEqual([fromHere, fromThere]);
      });
      for (const unsubscribe of unsubscribes) await unsubscribe();
    });

    it('lets the last subscriber go without stopping a later one from hearing', async () => {
      const { feed } = await make();
      const early: string[] = [];
      await (await feed.subscribe((id) => early.push(id)))();
      const late: string[] = [];
      const unsubscribe = await feed.subscribe((id) => late.push(id));
      const id = caseId();
      await feed.publish(id);
      await eventually(() => expect(late).toEqual([id]));
      expect(early).toEqual([]);
      await unsubscribe();
    });
  });
}
