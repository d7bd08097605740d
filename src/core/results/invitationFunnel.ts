import type { InvitationFunnel, InvitationSteps, ResultsScope } from '../api/results.js';
import { INVITATION_CHANNELS } from '../distribution/invitation.js';
import { field, type Counters } from './fields.js';

const STEPS = ['sent', 'opened', 'started', 'completed'] as const;

function stepsOf(c: Readonly<Counters>, channel?: string): InvitationSteps {
  const [sent, opened, started, completed] = STEPS.map((s) => c[field.invitation(s, channel)] ?? 0) as [number, number, number, number];
  return { sent, opened, started, completed, responseRate: sent ? completed / sent : null };
}

/** Invited → opened → started → completed, per channel and per day (days with none left out). */
export function invitationFunnel(days: ReadonlyMap<string, Counters>): Omit<InvitationFunnel, keyof ResultsScope> {
  const total: Counters = {};
  for (const c of days.values()) for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
  const byChannel = (c: Readonly<Counters>) => Object.fromEntries(INVITATION_CHANNELS.flatMap((ch) => (c[field.invitation('sent', ch)] ? [[ch, stepsOf(c, ch)]] : [])));
  return {
    total: stepsOf(total),
    channels: byChannel(total),
    days: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => ({ day, ...stepsOf(c), channels: byChannel(c) })),
  };
}
