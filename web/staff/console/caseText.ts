/**
 * What the case list and the case say about a case, in words: the SLA ("Claim in 12 minutes",
 * "SLA missed 5 minutes ago"), who it is, whose it is. Pure: now, locale and strings come in.
 */
import type { CaseTrigger, EscalationCase, TranscriptEntry } from '../../../src/core/cases.js';
import type { StaffSession } from '../session.js';
import { absoluteTime, capitalize, humanize, relativeTime, str } from '../format.js';
import type { Translate } from '../i18n.js';

type CaseTimes = Pick<EscalationCase, 'status' | 'slaDeadline' | 'overdue' | 'updatedAt' | 'claimedAt' | 'resolvedAt'>;

export interface SlaLabel {
  text: string;
  /** An open case past its deadline. */
  late: boolean;
  title: string;
}

/** Open: when it must be claimed by (or that the deadline passed); else when it changed hands. */
export function slaLabel(c: CaseTimes, now: number, locale: string, t: Translate): SlaLabel {
  const rel = (iso: string | undefined) => relativeTime(iso, now, locale, t);
  if (c.status === 'open') {
    const late = Date.parse(c.slaDeadline) <= now;
    const when = rel(c.slaDeadline);
    const missed = c.overdue > 0 ? t('sla.missedTimes', { count: c.overdue }) : '';
    const text = late ? t('sla.missed', { when }) : when === t('time.now') ? t('sla.claimNow') : t('sla.claimIn', { when });
    return { text: text + missed, late, title: t('sla.claimBy', { time: absoluteTime(c.slaDeadline, locale) }) };
  }
  if (c.status === 'claimed') {
    const at = c.claimedAt ?? c.updatedAt;
    return { text: t('sla.claimed', { when: rel(at) }), late: false, title: absoluteTime(at, locale) };
  }
  const at = c.resolvedAt ?? c.updatedAt;
  return { text: t(`sla.${c.status}`, { when: rel(at) }), late: false, title: absoluteTime(at, locale) };
}

type Who = Pick<EscalationCase, 'customer'>;

export const customerLabel = (c: Who, t: Translate): string => str(c.customer?.name) || str(c.customer?.id) || t('case.anonymous');

export const orderId = (c: Pick<EscalationCase, 'order'>): string => str(c.order?.id);

/** "Bea · order W-42". */
export const caseName = (c: Who & Pick<EscalationCase, 'order'>, t: Translate): string => {
  const order = orderId(c);
  return customerLabel(c, t) + (order ? t('case.orderSuffix', { order }) : '');
};

export const ruleName = (tr: Pick<CaseTrigger, 'ruleId' | 'reason'>, t: Translate): string =>
  tr.ruleId === '@customer' || tr.reason === 'customer' ? t('case.trigger.customer') : humanize(tr.ruleId);

/** Claimed in the console by the person signed in. */
export function isMine(c: Pick<EscalationCase, 'assignee'>, session: Pick<StaffSession, 'user'> | null): boolean {
  const a = c.assignee;
  return !!(a && session && a.via === 'console' && (a.id === session.user.name || a.name === session.user.name));
}

export const assigneeName = (c: Pick<EscalationCase, 'assignee'>): string => (c.assignee ? str(c.assignee.name) || str(c.assignee.id) : '');

/** "Open", "Claimed by you", "Claimed by Ben", "Resolved". */
export function statusText(c: Pick<EscalationCase, 'status' | 'assignee'>, mine: boolean, t: Translate): string {
  if (c.status === 'claimed') return mine ? t('case.status.claimedByYou') : t('case.status.claimedBy', { name: assigneeName(c) });
  return t(`case.status.${c.status}`);
}

export const priorityText = (p: string, t: Translate): string => t(`priority.${p}`);

/** For ids the page has no words for. */
export const label = (s: string): string => capitalize(s);

/** What a transcript line says: a system line in the reader's language when the server gave
 * its facts (older lines, and anything unknown, keep the stored English). */
export function transcriptText(e: Pick<TranscriptEntry, 'text' | 'event'>, t: Translate): string {
  const ev = e.event;
  if (!ev || typeof ev !== 'object') return str(e.text);
  switch (ev.kind) {
    case 'claimed':
    case 'resolved':
    case 'unclaimed':
      return t(`case.system.${ev.kind}`, { by: str(ev.by) });
    case 'transferred':
      // Handing on one's own case reads better without "from herself".
      return ev.from === ev.by ? t('case.system.handedOn', { by: str(ev.by), to: str(ev.to) }) : t('case.system.transferred', { by: str(ev.by), from: str(ev.from), to: str(ev.to) });
    case 'assigned':
      return t('case.system.assigned', { by: str(ev.by), to: str(ev.to) });
    case 'autoAssigned':
      return t('case.system.autoAssigned', { to: str(ev.to) });
    case 'overdue':
      return t('case.system.overdue', { priority: t(`priority.${str(ev.priority)}`) });
    case 'noContact':
      return t('case.system.noContact');
    default:
      return str(e.text);
  }
}
