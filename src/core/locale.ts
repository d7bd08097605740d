/** A BCP 47-ish tag: letters first, then letter/digit subtags; "_" is accepted as "-". */
const TAG = /^[a-z]{2,8}(-[a-z0-9]{1,8}){0,7}$/;

/** Regions that write Chinese in Traditional characters; every other Chinese is read as Simplified. */
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

interface Parsed {
  tag: string;
  language: string;
  /** Only where readers of one script cannot be served the other (Chinese), or the tag names one. */
  script: string | undefined;
}

function parse(raw: string): Parsed | undefined {
  const tag = raw.trim().replace(/_/g, '-').toLowerCase();
  if (!TAG.test(tag)) return undefined;
  const [language, ...rest] = tag.split('-') as [string, ...string[]];
  let script = rest.find((s) => /^[a-z]{4}$/.test(s));
  if (!script && language === 'zh') {
    const region = rest.find((s) => /^[a-z]{2}$|^\d{3}$/.test(s));
    script = region && TRADITIONAL_REGIONS.has(region) ? 'hant' : 'hans';
  }
  return { tag, language, script };
}

/** Same language and, where a script is known on both sides, the same script. */
function sameLanguage(a: Parsed, b: Parsed): boolean {
  return a.language === b.language && (a.script === undefined || b.script === undefined || a.script === b.script);
}

/**
 * Picks the available locale that best serves the customer's preferences, tried in order (an
 * invitation's locale, an explicit choice, then the browser's `navigator.languages`): the exact
 * tag, else the same language in the same script ("es-MX" -> "es", "zh-Hans-CN" / "zh-SG" ->
 * "zh-CN"); a preference with no match falls through to the next one, then to the fallback.
 * Traditional Chinese ("zh-TW", "zh-Hant") is never served Simplified: it is a different script.
 * Case-insensitive, "_" read as "-", malformed tags skipped.
 */
export function negotiateLocale(preferences: readonly (string | undefined)[], available: readonly string[], fallback: string): string {
  const offered = available.map((l) => ({ locale: l, parsed: parse(l) }));
  for (const raw of preferences) {
    const wanted = raw ? parse(raw) : undefined;
    if (!wanted) continue;
    const exact = offered.find((o) => o.parsed?.tag === wanted.tag);
    if (exact) return exact.locale;
    const close = offered.filter((o) => o.parsed && sameLanguage(wanted, o.parsed));
    // The bare language ("es") serves every region better than another region does ("es-ES").
    const best = close.find((o) => o.parsed!.tag === wanted.language) ?? close[0];
    if (best) return best.locale;
  }
  return fallback;
}

/**
 * Picks the script locale that best serves one requested locale (see negotiateLocale): exact
 * tag, then same language and script ("es-MX" -> "es", "zh-Hans" -> "zh-CN"), then the
 * fallback. Case-insensitive because channels disagree on casing ("zh-cn" from some browsers,
 * "zh-CN" from Slack).
 */
export function matchLocale(requested: unknown, available: readonly string[], fallback: string): string {
  // Channels hand over whatever the client sent: an object or array here is not a locale.
  return negotiateLocale([typeof requested === 'string' ? requested : undefined], available, fallback);
}
