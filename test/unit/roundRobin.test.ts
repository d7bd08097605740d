import { describe, expect, it } from 'vitest';
import type { Agent, EscalationCase } from '../../src/core/cases.js';
import { autoAssignable, openCasesByAgent, pickRoundRobin } from '../../src/core/cases/roundRobin.js';

const agent = (id: string): Agent => ({ id, name: id.toUpperCase(), via: 'console' });
const [ANA, BEN, CARL] = [agent('ana'), agent('ben'), agent('carl')];
const none = new Map<string, number>();

describe('pickRoundRobin', () => {
  it('takes turns in id order whatever order the agents came in, the same on every instance', () => {
    const picks = [1, 2, 3, 4, 5, 6].map((turn) => pickRoundRobin([CARL, ANA, BEN], turn, none, 0)?.id);
    expect(picks).toEqual(['ben', 'carl', 'ana', 'ben', 'carl', 'ana']);
    expect([1, 2, 3].map((turn) => pickRoundRobin([BEN, ANA, CARL], turn, none, 0)?.id)).toEqual(['ben', 'carl', 'ana']);
  });

  it('shares cases evenly over many turns', () => {
    const counts = new Map<string, number>();
    for (let turn = 1; turn <= 300; turn++) {
      const id = pickRoundRobin([ANA, BEN, CARL], turn, none, 0)!.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100]);
  });

  it('nobody online: nobody (the case stays in the queue)', () => {
    expect(pickRoundRobin([], 7, none, 0)).toBeUndefined();
  });

  it('goes on past an agent at the cap, and finds nobody when everyone is full', () => {
    const held = new Map([['ben', 3], ['carl', 1]]);
    expect(pickRoundRobin([ANA, BEN, CARL], 1, held, 3)?.id).toBe('carl');
    expect(pickRoundRobin([ANA, BEN, CARL], 1, new Map([['ana', 2], ['ben', 2], ['carl', 2]]), 2)).toBeUndefined();
    // No cap (0): a busy agent still gets their turn.
    expect(pickRoundRobin([ANA, BEN, CARL], 1, held, 0)?.id).toBe('ben');
  });

  it('an agent online twice (two tabs) counts once; odd turn numbers still land on someone', () => {
    expect([0, 1, 2, 3].map((turn) => pickRoundRobin([ANA, ANA, BEN], turn, none, 0)?.id)).toEqual(['ana', 'ben', 'ana', 'ben']);
    expect(pickRoundRobin([ANA, BEN], -3, none, 0)?.id).toBe('ben');
    expect(pickRoundRobin([ANA, BEN], 2 ** 53, none, 0)).toBeDefined();
  });
});

describe('openCasesByAgent and autoAssignable', () => {
  const c = (status: EscalationCase['status'], assignee?: Agent): Pick<EscalationCase, 'status' | 'assignee'> => ({ status, ...(assignee ? { assignee } : {}) });

  it('counts only the cases each agent holds now', () => {
    const held = openCasesByAgent([c('claimed', ANA), c('claimed', ANA), c('claimed', BEN), c('resolved', BEN), c('open'), c('expired')]);
    expect(Object.fromEntries(held)).toEqual({ ana: 2, ben: 1 });
  });

  it('only a case waiting in the queue that no person put back', () => {
    expect(autoAssignable({ status: 'open' })).toBe(true);
    expect(autoAssignable({ status: 'open', unclaimedAt: '2026-01-01T00:00:00.000Z' })).toBe(false);
    for (const status of ['claimed', 'resolved', 'expired'] as const) expect(autoAssignable({ status })).toBe(false);
  });
});
