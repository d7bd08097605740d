import type { Agent, EscalationCase } from '../../core/cases.js';
import { maskCase } from '../../core/privacy/maskRecords.js';
import { escapeMrkdwn, type Block, type SlackMessage } from './blocks.js';

export const ACTION_CASE_CLAIM = 'satisfy_case:claim';
export const ACTION_CASE_RESOLVE = 'satisfy_case:resolve';

const PRIORITY_MARK: Record<EscalationCase['priority'], string> = { urgent: '🔴 Urgent', high: '🟠 High', normal: '🟡 Normal', low: '⚪ Low' };
const QUOTES = 3;
const QUOTE_CHARS = 300;

/** A time every reader sees in their own time zone, with a plain fallback. */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^${format}|${iso.replace('T', ' ').slice(0, 16)} UTC>`;
}

export function agentLabel(agent: Agent): string {
  return agent.via === 'slack' ? `<@${agent.id.replace(/^slack:/, '')}>` : `${escapeMrkdwn(agent.name)} (console)`;
}

function customerLabel(c: EscalationCase): string {
  const { name, id, email } = c.customer as { name?: unknown; id?: unknown; email?: unknown };
  const parts = [name, id, email].filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => escapeMrkdwn(String(v)));
  return parts.length ? [...new Set(parts)].join(' · ') : '(not given)';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The card support staff see in the support channel: who, what they said, how urgent, and
 * what has happened to the case so far. Every customer text is masked and escaped. */
export function renderCaseCard(stored: EscalationCase): SlackMessage {
  const c = maskCase(stored);
  const order = (c.order as { id?: unknown }).id;
  const scores = c.scores.map((s) => `${escapeMrkdwn(s.questionId)} *${s.value}*/${s.max}`).join(' · ') || '—';
  const triggers = c.triggers.map((t) => (t.ruleId === '@customer' ? 'asked for a person' : escapeMrkdwn(t.ruleId) + (t.matched ? ` (“${escapeMrkdwn(t.matched)}”)` : ''))).join(', ');
  const fields = [
    `*Customer*\n${customerLabel(c)}`,
    `*Order*\n${order === undefined ? '—' : escapeMrkdwn(String(order))}`,
    `*Scores*\n${scores}`,
    `*Why*\n${triggers}`,
    `*Survey*\n${escapeMrkdwn(c.surveyId)} · ${escapeMrkdwn(c.locale)} · ${escapeMrkdwn(c.address.channelId)}`,
    `*Claim by*\n${slackDate(c.slaDeadline)}${c.overdue ? ` (missed ${c.overdue}×)` : ''}`,
  ];
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: `${PRIORITY_MARK[c.priority]} · unhappy customer`, emoji: true } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  const quotes = c.quotes.slice(0, QUOTES);
  if (quotes.length) {
    const lines = quotes.map((q) => {
      const sure = q.confidence !== undefined ? `, ${Math.round(q.confidence * 100)}% sure` : '';
      const drivers = q.drivers?.length ? `; read from ${q.drivers.slice(0, 3).map((d) => `“${escapeMrkdwn(d)}”`).join(', ')}` : '';
      const label = q.label ? ` _(${q.label}${q.sentiment !== undefined ? ` ${q.sentiment.toFixed(2)}` : ''}${sure}${drivers})_` : '';
      return `> ${escapeMrkdwn(clip(q.text, QUOTE_CHARS)).replace(/\n/g, '\n> ')}${label}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(c) }] });
  const buttons: Block[] = [];
  if (c.status === 'open') buttons.push({ type: 'button', action_id: ACTION_CASE_CLAIM, text: { type: 'plain_text', text: 'Claim' }, style: 'primary', value: c.id });
  if (c.status === 'open' || c.status === 'claimed') buttons.push({ type: 'button', action_id: ACTION_CASE_RESOLVE, text: { type: 'plain_text', text: 'Resolve' }, value: c.id });
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'satisfy_case', elements: buttons });
  const who = customerLabel(c);
  return { text: `${PRIORITY_MARK[c.priority]} case: ${who} — ${triggers}`, blocks };
}

function statusLine(c: EscalationCase): string {
  const parts: string[] = [];
  if (c.noContact) parts.push('*No contact wanted* — the customer asked not to be contacted; follow up without writing to them.');
  else if (c.status === 'open') parts.push('*Open* — nobody has claimed it yet. Claim it, then reply in this thread to talk to the customer.');
  if (c.assignee && c.claimedAt) parts.push(`Claimed by ${agentLabel(c.assignee)} ${slackDate(c.claimedAt)}`);
  if (c.status === 'resolved' && c.resolvedBy && c.resolvedAt) {
    parts.push(`*Resolved* by ${agentLabel(c.resolvedBy)} ${slackDate(c.resolvedAt)}${c.resolutionNote ? `: ${escapeMrkdwn(clip(c.resolutionNote, 500))}` : ''}`);
  }
  if (c.status === 'expired') parts.push('*Expired* — nobody claimed it in time.');
  if (c.recovery) {
    const resolved = c.recovery.resolved === null ? 'no answer' : c.recovery.resolved ? 'yes' : 'no';
    parts.push(`Customer says resolved: *${resolved}*, new rating: *${c.recovery.rating ?? '—'}*`);
  }
  return parts.join(' · ');
}
