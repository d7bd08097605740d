/**
 * Picks the script locale that best serves a requested one: exact tag, then same language
 * ("es-MX" -> "es", "zh-Hans" -> "zh-CN"), then the fallback. Case-insensitive because
 * channels disagree on casing ("zh-cn" from some browsers, "zh-CN" from Slack).
 */
export function matchLocale(requested: unknown, available: readonly string[], fallback: string): string {
  // Channels hand over whatever the client sent: an object or array here is not a locale.
  if (typeof requested !== 'string' || !requested) return fallback;
  const wanted = requested.trim().replace(/_/g, '-').toLowerCase();
  const exact = available.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const lang = wanted.split('-')[0];
  const sameLanguage = available.find((l) => l.toLowerCase().split('-')[0] === lang);
  return sameLanguage ?? fallback;
}
