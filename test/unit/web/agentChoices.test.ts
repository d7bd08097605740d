import { describe, expect, it } from 'vitest';
import type { AgentView } from '../../../src/escalation/AgentRoster.js';
import { agentChoices } from '../../../web/staff/console/agentChoices.js';

const agent = (id: string, name: string, online: boolean, openCases = 0): AgentView => ({ id, name, role: 'agent', online, openCases, source: 'account' });

describe('agentChoices', () => {
  const list = [agent('zed', 'Zed', false), agent('ben', 'Ben', true, 2), agent('ana', 'Ana', false), agent('cy', 'Álvaro', true)];

  it('online first, then by name; the owner left out; me marked', () => {
    const choices = agentChoices(list, { me: 'ana', assignee: 'ben' });
    expect(choices.map((a) => [a.id, a.online, a.me])).toEqual([['cy', true, false], ['ana', false, true], ['zed', false, false]]);
  });

  it('an open case (nobody owns it) offers everyone', () => {
    expect(agentChoices(list, { me: 'x' }).map((a) => a.id)).toEqual(['cy', 'ben', 'ana', 'zed']);
  });
});
