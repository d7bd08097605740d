import type { EscalationCase } from '../core/cases.js';

/** A line for the case's thread where support staff work it. */
export interface ThreadLine {
  from: 'customer' | 'agent';
  name?: string;
  text: string;
}

/** Where support staff hear about cases (a Slack channel). The console needs none of this: it
 * reads the case feed. */
export interface CaseNotifier {
  /** Posts the card for a new case; returns where, so the thread can be found again. */
  announce(c: EscalationCase): Promise<{ channel: string; ts: string }>;
  /** Redraws the card (claimed, resolved, priority raised). */
  refresh(c: EscalationCase): Promise<void>;
  /** A missed deadline: said again where people will see it. */
  overdue(c: EscalationCase): Promise<void>;
  thread(c: EscalationCase, line: ThreadLine): Promise<void>;
}
