/** Whom the Assign panel offers: the server's list of agents (GET /console/api/agents), without
 * the case's owner (handing it to them changes nothing), those online first, then by name. */
import type { AgentView } from '../api.js';

export type AgentChoice = AgentView & { me: boolean };

export function agentChoices(agents: readonly AgentView[], ctx: { me: string; assignee?: string | undefined }): AgentChoice[] {
  return agents
    .filter((a) => a.id !== ctx.assignee)
    .map((a) => ({ ...a, me: a.id === ctx.me }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
