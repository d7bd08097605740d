/** The three languages Satisfy's own pages and widget speak. */
export type UiLocale = 'en' | 'es' | 'zh-CN';

/**
 * The first preference (navigator.languages order) our strings can serve: the same language
 * (es-MX → es, en-GB → en) and, for Chinese, the same script: zh, zh-CN, zh-SG and zh-Hans-HK
 * are Simplified; zh-TW, zh-HK, zh-MO and zh-Hant are Traditional and are skipped, since English
 * serves them better than the other script. English when none can be served.
 */
export function pickLocale(preferred: readonly (string | null | undefined)[] | undefined): UiLocale {
  for (const raw of preferred ?? []) {
    const parts = String(raw ?? '').toLowerCase().replace(/_/g, '-').split('-');
    if (parts[0] === 'en') return 'en';
    if (parts[0] === 'es') return 'es';
    if (parts[0] !== 'zh') continue;
    const script = parts.slice(1).find((p) => /^[a-z]{4}$/.test(p));
    const region = parts.slice(1).find((p) => /^[a-z]{2}$/.test(p));
    if (script ? script === 'hans' : !['tw', 'hk', 'mo'].includes(region ?? '')) return 'zh-CN';
  }
  return 'en';
}
