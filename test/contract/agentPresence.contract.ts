import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentPresence } from '../../src/core/ports.js';

export function agentPresenceContract(name: string, make: () => Promise<{ presence: AgentPresence; another: () => Promise<AgentPresence> | AgentPresence }>): void {
  describe(`AgentPresence contract: ${name}`, () => {
    const T = Date.UTC(2026, 10, 23, 12, 0, 0);

    it('an agent is online while a socket of theirs beats, once however many tabs, and gone when it lapses', async () => {
      const { presence } = await make();
      expect(await presence.online(T)).toEqual([]);
      await presence.beat('ben', 's1', T + 60_000);
      await presence.beat('ana', 's2', T + 30_000);
      await presence.beat('ana', 's3', T + 45_000);
      expect(await presence.online(T)).toEqual(['ana', 'ben']);
      // Its last socket ran out (its instance stopped without saying so).
      expect(await presence.online(T + 45_000)).toEqual(['ben']);
      expect(await presence.online(T + 60_001)).toEqual([]);
    });

    it('a beat moves a socket\'s time on; leaving drops that socket only', async () => {
      const { presence } = await make();
      await presence.beat('ana', 'a1', T + 10_000);
      await presence.beat('ana', 'a2', T + 10_000);
      await presence.beat('ana', 'a1', T + 90_000);
      await presence.leave('ana', 'a1');
      expect(await presence.online(T)).toEqual(['ana']);
      await presence.leave('ana', 'a2');
      expect(await presence.online(T)).toEqual([]);
      await presence.beat('ana', 'a3', T + 10_000);
      await presence.beat('ana', 'a3', T + 90_000);
      expect(await presence.online(T + 20_000)).toEqual(['ana']);
      await presence.leave('nobody', 'zz');
    });

    it('is shared by every instance', async () => {
      const { presence, another } = await make();
      const other = await another();
      await presence.beat('ana', 'x1', T + 60_000);
      expect(await other.online(T)).toEqual(['ana']);
      await other.leave('ana', 'x1');
      expect(await presence.online(T)).toEqual([]);
    });

    it('hands out every turn once, in order, across instances', async () => {
      const { presence, another } = await make();
      const other = await another();
      const first = await presence.nextTurn();
      const turns = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? presence : other).nextTurn()));
      expect(new Set(turns).size).toBe(40);
      expect(Math.min(...turns)).toBe(first + 1);
      expect(Math.max(...turns)).toBe(first + 40);
    });

    it('names with dots, dashes and @ come back as they went in', async () => {
      const { presence } = await make();
      const odd = `ana.garcía-${randomUUID().slice(0, 4)}@shop`;
      await presence.beat(odd, randomUUID(), T + 1000);
      expect(await presence.online(T)).toEqual([odd]);
    });
  });
}
