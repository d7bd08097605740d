/** The languages the recognizers have word lists for; everything else falls back to English. */
export type Language = 'en' | 'zh' | 'es' | 'other';

// Same result as String.prototype.toWellFormed, which the es2023 lib does not type yet.
// Lone surrogates would otherwise make `u`-flag regexes behave unpredictably.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Line breaks and tabs separate words, so they become spaces instead of disappearing.
const SPACE_LIKE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Controls, format characters (zero-width spaces, joiners, BOM, bidi marks, soft hyphen) and
// variation selectors: invisible, so customers never mean them. ZWJ and U+FE0F go too because
// only single emoji are matched and "❤️" should equal "❤".
const INVISIBLE = /[\p{Cc}\p{Cf}\uFE00-\uFE0F]/gu;
// Only accents on Latin letters are dropped: marks on kana or other scripts change meaning.
const LATIN_ACCENT = /(\p{Script=Latin})\p{M}+/gu;
const SURROUNDING_PUNCTUATION = /^[\p{P}\s]+|[\p{P}\s]+$/gu;
// Phones type curly apostrophes; word lists use the ASCII one.
const APOSTROPHES = /[\u2018\u2019\u02BC`]/g;

/** Makes any chat input safe and canonical: well-formed, NFKC, no invisible characters, single spaces. */
export function normalizeInput(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFKC')
    .replace(SPACE_LIKE_CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** normalizeInput plus lowercase and no Latin accents, keeping punctuation (needed for "4.5", "8/10", "100%"). */
export function foldText(text: string, locale: string): string {
  return lowerCase(normalizeInput(text), locale)
    .normalize('NFD')
    .replace(LATIN_ACCENT, '$1')
    .normalize('NFC')
    .replace(APOSTROPHES, "'");
}

/** The form used to compare words and labels: folded and without surrounding punctuation. */
export function foldForMatch(text: string, locale: string): string {
  return foldText(text, locale).replace(SURROUNDING_PUNCTUATION, '');
}

/** The primary language of a BCP 47 tag ("zh-Hans" -> zh, "EN-us" -> en, "es_MX" -> es). */
export function language(locale: string): Language {
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'zh' || primary === 'es' ? primary : 'other';
}

function lowerCase(text: string, locale: string): string {
  try {
    return text.toLocaleLowerCase(locale);
  } catch {
    // A malformed tag from a channel must not break recognition.
    return text.toLowerCase();
  }
}
