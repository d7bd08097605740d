const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A query's date bound as an ISO timestamp: a day (2026-11-01, the whole day, so `to` means its
 * last millisecond) or a full ISO 8601 time with a zone. Undefined for anything else, including
 * days that do not exist: Date.parse reads 2026-02-31 as March 3, which would silently widen or
 * narrow what the caller asked for.
 */
export function parseDateBound(text: string, endOfDay: boolean): string | undefined {
  const day = DATE.exec(text);
  const time = day ? undefined : DATE_TIME.exec(text);
  const parts = day ?? time;
  if (!parts) return undefined;
  const [year, month, date] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(year, month - 1, date));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== date) return undefined;
  if (time) {
    const [hours, minutes, seconds, zoneHours, zoneMinutes] = [4, 5, 6, 7, 8].map((i) => Number(time[i] ?? 0));
    if (hours! > 23 || minutes! > 59 || seconds! > 59 || zoneHours! > 23 || zoneMinutes! > 59) return undefined;
    return new Date(text).toISOString();
  }
  if (endOfDay) calendar.setUTCHours(23, 59, 59, 999);
  return calendar.toISOString();
}
