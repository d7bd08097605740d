/**
 * Calendar arithmetic on UTC days written YYYY-MM-DD, the keys of the results buckets. Weeks are
 * ISO weeks (starting on Monday); months are calendar months. Pure: "today" is passed in.
 */
export type Interval = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day as ms since the epoch (midnight UTC); undefined for text that is not a real day. */
export function parseDay(text: string): number | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = Date.UTC(y, mo - 1, d);
  const back = new Date(at);
  // Date.UTC rolls 2026-02-31 over into March: such a day does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return at;
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayOf(parseDay(day)! + n * DAY_MS);
}

/** Days from `from` to `to`, both counted (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  return Math.round((parseDay(to)! - parseDay(from)!) / DAY_MS) + 1;
}

/** The first day of the period `day` falls in: itself, its week's Monday, or the 1st. */
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 8)}01`;
  const weekday = (new Date(parseDay(day)!).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The last day of the period that starts on `start`. */
function periodEnd(start: string, interval: Interval): string {
  if (interval === 'day') return start;
  if (interval === 'week') return addDays(start, 6);
  const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  return dayOf(Date.UTC(y, m, 1) - DAY_MS);
}

export interface Period {
  /** The period's own first day (a Monday, a 1st), which may lie before the range. */
  period: string;
  /** The part of the period inside the range. */
  from: string;
  to: string;
}

/** Every period that overlaps [from, to], in order, each clipped to the range. */
export function periods(from: string, to: string, interval: Interval): Period[] {
  const out: Period[] = [];
  for (let start = periodStart(from, interval); start <= to; start = addDays(periodEnd(start, interval), 1)) {
    const end = periodEnd(start, interval);
    out.push({ period: start, from: start < from ? from : start, to: end > to ? to : end });
  }
  return out;
}

/** The range of the same length that ends the day before `from`. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const length = daysInRange(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}
