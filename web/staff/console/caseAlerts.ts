/**
 * Never miss a case: what is new since the agent last looked (the count in the navigation and
 * the tab title) and alerts for new, urgent and overdue cases, worked out from the active
 * cases each time the live socket says one changed. The alerts sound and show a desktop
 * notification only when the agent turned them on (remembered in localStorage).
 */
import type { CaseSummary } from '../api.js';

export type CaseAlertKind = 'new' | 'urgent' | 'overdue' | 'assigned';
export interface CaseAlert {
  kind: CaseAlertKind;
  c: CaseSummary;
}

type Seen = Pick<CaseSummary, 'status' | 'priority' | 'overdue'> & { assignee?: string };
const snap = (c: CaseSummary): Seen => ({ status: c.status, priority: c.priority, overdue: c.overdue, ...(c.assignee ? { assignee: c.assignee.id } : {}) });

/** The alerts between two looks at the active cases: a case in the queue not there before, one
 * that became urgent, one that missed a deadline, one handed to `me`. */
export function diffAlerts(before: ReadonlyMap<string, Seen>, after: readonly CaseSummary[], me: string): CaseAlert[] {
  const out: CaseAlert[] = [];
  for (const c of after) {
    const was = before.get(c.id);
    if (!was) {
      if (c.status === 'open') out.push({ kind: c.priority === 'urgent' ? 'urgent' : 'new', c });
      else if (c.assignee?.id === me) out.push({ kind: 'assigned', c });
    } else if (c.overdue > was.overdue) out.push({ kind: 'overdue', c });
    else if (c.priority === 'urgent' && was.priority !== 'urgent') out.push({ kind: 'urgent', c });
    else if (c.status === 'claimed' && c.assignee?.id === me && was.assignee !== me) out.push({ kind: 'assigned', c });
  }
  return out;
}

/** Cases waiting for this agent they have not opened yet: the queue, and their own. */
export function unread(cases: readonly CaseSummary[], seen: ReadonlySet<string>, me: string): number {
  return cases.filter((c) => !seen.has(c.id) && (c.status === 'open' || (c.status === 'claimed' && c.assignee?.id === me))).length;
}

const OPT_IN_KEY = 'satisfy.staff.caseAlerts';
const SEEN_KEY = 'satisfy.staff.seenCases';

export interface AlertSink {
  /** The unread count changed. */
  count(n: number): void;
  /** Words for a desktop notification. */
  describe(alert: CaseAlert): { title: string; body: string };
  /** The agent clicked a notification. */
  open(caseId: string): void;
}

export class CaseAlerts {
  private known = new Map<string, Seen>();
  private seen: Set<string>;
  private cases: CaseSummary[] = [];
  private timer = 0;
  private loaded = false;
  private seq = 0;

  constructor(
    private readonly load: () => Promise<CaseSummary[]>,
    private readonly me: () => string | undefined,
    private readonly sink: AlertSink,
  ) {
    this.seen = new Set(readJson<string[]>(SEEN_KEY) ?? []);
  }

  get enabled(): boolean {
    return localStorage.getItem(OPT_IN_KEY) === '1';
  }

  /** Turns alerts on (asking for the desktop permission, which needs this click) or off. */
  async setEnabled(on: boolean): Promise<void> {
    localStorage.setItem(OPT_IN_KEY, on ? '1' : '0');
    if (on && 'Notification' in window && Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied');
  }

  get unread(): number {
    return unread(this.cases, this.seen, this.me() ?? '');
  }

  start(): void {
    this.loaded = false;
    this.known.clear();
    this.refresh(0);
  }

  stop(): void {
    window.clearTimeout(this.timer);
    this.seq++;
    this.cases = [];
    this.known.clear();
    this.sink.count(0);
  }

  /** A case changed (the live socket), or the socket came back. */
  refresh(delay = 250): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.reload(), delay);
  }

  markSeen(caseId: string): void {
    if (this.seen.has(caseId)) return;
    this.seen.add(caseId);
    // Only the newest few hundred are worth remembering.
    localStorage.setItem(SEEN_KEY, JSON.stringify([...this.seen].slice(-500)));
    this.sink.count(this.unread);
  }

  private async reload(): Promise<void> {
    const seq = ++this.seq;
    let cases: CaseSummary[];
    try {
      cases = await this.load();
    } catch {
      return;
    }
    if (seq !== this.seq) return;
    const alerts = this.loaded ? diffAlerts(this.known, cases, this.me() ?? '') : [];
    this.loaded = true;
    this.cases = cases;
    this.known = new Map(cases.map((c) => [c.id, snap(c)]));
    this.sink.count(this.unread);
    if (alerts.length && this.enabled) this.ring(alerts);
  }

  private ring(alerts: CaseAlert[]): void {
    beep(alerts.some((a) => a.kind !== 'new'));
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    for (const alert of alerts.slice(0, 3)) {
      const { title, body } = this.sink.describe(alert);
      const n = new Notification(title, { body, tag: `${alert.kind}:${alert.c.id}` });
      n.onclick = () => {
        window.focus();
        this.sink.open(alert.c.id);
        n.close();
      };
    }
  }
}

function readJson<T>(key: string): T | undefined {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T;
  } catch {
    return undefined;
  }
}

let audio: AudioContext | undefined;
/** A short tone (two for urgent and overdue), made on the spot: no sound file to load. */
function beep(twice: boolean): void {
  try {
    audio ??= new AudioContext();
    const at = audio.currentTime;
    for (const start of twice ? [0, 0.25] : [0]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, at + start);
      gain.gain.exponentialRampToValueAtTime(0.001, at + start + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(at + start);
      osc.stop(at + start + 0.2);
    }
  } catch {
    // No audio (a policy, or no device): the notification and the count still tell.
  }
}
