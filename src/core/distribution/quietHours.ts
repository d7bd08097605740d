/** Local hours when nobody is sent a survey, e.g. 21:00 to 09:00 (across midnight). */
export interface QuietHours {
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

const MINUTE = 60_000;

/** "21:00-09:00" → QuietHours; undefined when malformed. "off" or "" means none. */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  const t = text.trim();
  if (t === '' || t === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after local midnight of instant `at` in `zone`. */
function localMinutes(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * The first instant at or after `at` outside the quiet hours of `zone`: a send that falls at
 * night waits until the morning. (Counted in local wall-clock minutes; on a night the clocks
 * change it may be an hour off, which is still morning.)
 */
export function afterQuietHours(at: number, zone: string, quiet: QuietHours | null): number {
  if (!quiet || quiet.start === quiet.end) return at;
  const now = localMinutes(at, zone);
  const inQuiet = quiet.start < quiet.end ? now >= quiet.start && now < quiet.end : now >= quiet.start || now < quiet.end;
  if (!inQuiet) return at;
  const wait = (quiet.end - now + 1440) % 1440;
  // To the start of the minute the quiet hours end.
  return at - (at % MINUTE) + wait * MINUTE;
}
