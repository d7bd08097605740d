import type { Agent, EscalationCase } from '../cases.js';

/**
 * Automatic assignment by round robin (CASES_AUTO_ASSIGN=round-robin): which agent gets the next
 * case. Pure: the desk brings who is online, how many cases each one holds and the turn number,
 * which every instance draws from one shared counter (1, 2, 3, …), so two instances assigning at
 * once get different turns and, with the same agents online, different agents.
 */

/** How many cases each agent holds now (claimed and not yet resolved), by agent id. */
export function openCasesByAgent(cases: readonly Pick<EscalationCase, 'status' | 'assignee'>[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const c of cases) if (c.status === 'claimed' && c.assignee) held.set(c.assignee.id, (held.get(c.assignee.id) ?? 0) + 1);
  return held;
}

/**
 * The agent whose turn it is: the agents in a fixed order (by id, the same on every instance),
 * starting at `turn` and going on past anyone already holding `maxOpen` cases (0: no cap).
 * Undefined when nobody is online or everyone is full: the case stays in the queue.
 */
export function pickRoundRobin(online: readonly Agent[], turn: number, held: ReadonlyMap<string, number>, maxOpen: number): Agent | undefined {
  const agents = [...new Map(online.map((a) => [a.id, a])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!agents.length) return undefined;
  const start = ((Math.trunc(turn) % agents.length) + agents.length) % agents.length;
  for (let i = 0; i < agents.length; i++) {
    const agent = agents[(start + i) % agents.length]!;
    if (maxOpen <= 0 || (held.get(agent.id) ?? 0) < maxOpen) return agent;
  }
  return undefined;
}

/** A case the desk may assign by itself: waiting in the queue, and not put back there by a
 * person (that was a choice; people pick it up again). */
export function autoAssignable(c: Pick<EscalationCase, 'status' | 'unclaimedAt'>): boolean {
  return c.status === 'open' && !c.unclaimedAt;
}
