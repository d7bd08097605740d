import type { AgentPresence } from '../../core/ports.js';

/** Console sockets of this one process (the laptop default). */
export class MemoryAgentPresence implements AgentPresence {
  private readonly sockets = new Map<string, { agentId: string; until: number }>();
  private turn = 0;

  async beat(agentId: string, socketId: string, until: number): Promise<void> {
    this.sockets.set(socketId, { agentId, until });
  }

  async leave(_agentId: string, socketId: string): Promise<void> {
    this.sockets.delete(socketId);
  }

  async online(now: number): Promise<string[]> {
    const ids = new Set<string>();
    for (const [socketId, s] of this.sockets) {
      if (s.until > now) ids.add(s.agentId);
      else this.sockets.delete(socketId);
    }
    return [...ids].sort();
  }

  async nextTurn(): Promise<number> {
    return ++this.turn;
  }
}
