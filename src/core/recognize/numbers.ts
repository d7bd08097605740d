import type { Language } from './normalize.js';

/** A whole number found in folded text, with its position so callers can look around it. */
export interface NumberHit {
  value: number;
  start: number;
  end: number;
}

/** decimal: the text holds a fraction of a unit ("4.5", "4 and a half", "四点五"), never a whole answer. */
export interface NumberScan {
  hits: NumberHit[];
  decimal: boolean;
}

const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ES_WORDS = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez'];
const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10,
};

const DIGITS = /\d+(?:[.,]\d+)?/g;
const EN_WORD = wordPattern(EN_WORDS);
const ES_WORD = wordPattern(ES_WORDS);
const ZH_RUN = /[零〇一二两三四五六七八九十]+/g;

// "the best one", "which one", "no one": a pronoun, not a rating.
const EN_ONE_AFTER =
  /(?:^|[^\p{L}])(?:the|this|that|best|worst|good|great|bad|no|any|every|which|another|only|last|first|next|other|each|some|right|wrong|little|new|old|favorite|favourite)\s+$/u;
// "one of the best", "one thing", "in one word": a member of a group or a counted noun.
const EN_ONE_BEFORE =
  /^\s+(?:of\s+(?:the|my|our|your|their|his|her|its|them|those|these|us|a|an)|words?|thing|more|day|time|question|issue|problem|person)(?![\p{L}])/u;
const ES_UNO_AFTER = /(?:^|[^\p{L}])(?:cada|otro|ese|este|aquel|cualquier|el)\s+$/u;
const ES_UNO_BEFORE = /^\s+de\s+(?:los|las|mis|tus|sus|nuestros|nuestras|ellos|ellas)(?![\p{L}])/u;
// Spanish articles only rate when they are the whole answer or count stars/points ("una estrella").
const ES_ARTICLE = /(?<![\p{L}\p{N}])(un|una)(?=\s+(?:estrellas?|puntos?)(?![\p{L}]))/gu;
const HALF_AFTER = /^\s*(?:and a half|y medi[oa](?![\p{L}])|(?:分|星|颗星|个星|颗|个)?半)/u;

// Chinese numerals hide inside ordinary words (一般, 一点, 一直), so a run only counts with a
// rating marker after it, a giving verb before it, or as the whole answer.
const ZH_SUFFIX = /^(?:颗星|个星|分|星|颗)/u;
const ZH_PREFIX = /(?:给|打|评|选|满分|总分|分之)(?:是|为)?\s*$/u;
const ZH_WHOLE_TAIL = /^(?:颗星|个星|分|星|颗)?[吧啊呀哦]?$/u;
// "十分满意" is "very satisfied", not "10 points satisfied".
const ZH_ADVERB_SHIFEN = /^分[\p{Script=Han}]/u;
const ZH_SHIFEN_STILL_POINTS = /^分[吧啦了呢啊呀哦嘛的制之]/u;
// A run joined to a counted run by "to/or" is part of the same range ("三到四分").
const ZH_JOIN = /^(?:到|至|或者?|还是|或是|[-~、,，])$/u;

/** Every whole number a rating answer states, in order; percentages are left out. */
export function scanNumbers(folded: string, lang: Language): NumberScan {
  const hits = [...digitHits(folded), ...wordHits(folded, lang)].sort((a, b) => a.start - b.start);
  const decimal =
    /\d[.,]\d/.test(folded) ||
    folded.includes('\u2044') || // NFKC turns "½" into "1⁄2"
    /[零〇一二两三四五六七八九十\d]点[零〇一二两三四五六七八九\d]/u.test(folded) ||
    hits.some((hit) => HALF_AFTER.test(after(folded, hit.end)));
  return { hits, decimal };
}

/** The value of an answer that is nothing but a number ("3", "three", "tres", "三"), if it is one. */
export function standaloneNumber(folded: string, lang: Language): number | undefined {
  if (/^\d+$/.test(folded)) return Number(folded);
  const english = EN_WORDS.indexOf(folded);
  if (english >= 0 && lang !== 'es') return english;
  if (lang === 'es') {
    if (folded === 'un' || folded === 'una') return 1;
    const spanish = ES_WORDS.indexOf(folded);
    if (spanish >= 0) return spanish;
  }
  const chinese = /^[零〇一二两三四五六七八九十]+$/u.test(folded) ? chineseValues(folded) : [];
  return chinese.length === 1 ? chinese[0] : undefined;
}

function digitHits(folded: string): NumberHit[] {
  const hits: NumberHit[] = [];
  for (const match of folded.matchAll(DIGITS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (/^\s*%/.test(after(folded, end))) continue;
    const negative = folded.charAt(start - 1) === '-' && (start === 1 || /\s/.test(folded.charAt(start - 2)));
    const value = Number.parseInt(match[0], 10);
    hits.push({ value: negative ? -value : value, start: negative ? start - 1 : start, end });
  }
  return hits;
}

function wordHits(folded: string, lang: Language): NumberHit[] {
  if (lang === 'es') return spanishHits(folded);
  if (lang === 'zh') return [...chineseHits(folded), ...englishHits(folded)];
  return englishHits(folded);
}

function englishHits(folded: string): NumberHit[] {
  return wordMatches(folded, EN_WORD, EN_WORDS).filter(
    (hit) => hit.value !== 1 || !(EN_ONE_AFTER.test(before(folded, hit.start)) || EN_ONE_BEFORE.test(after(folded, hit.end))),
  );
}

function spanishHits(folded: string): NumberHit[] {
  const words = wordMatches(folded, ES_WORD, ES_WORDS).filter(
    (hit) => hit.value !== 1 || !(ES_UNO_AFTER.test(before(folded, hit.start)) || ES_UNO_BEFORE.test(after(folded, hit.end))),
  );
  const articles = [...folded.matchAll(ES_ARTICLE)].map((m) => ({ value: 1, start: m.index, end: m.index + m[0].length }));
  const bare = folded.replace(/[\p{P}\s]+/gu, '');
  const alone = bare === 'un' || bare === 'una' ? [{ value: 1, start: folded.indexOf(bare), end: folded.indexOf(bare) + bare.length }] : [];
  return [...words, ...articles, ...alone];
}

function chineseHits(folded: string): NumberHit[] {
  const runs = [...folded.matchAll(ZH_RUN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const bare = folded.replace(/[\p{P}\s]+/gu, '');
  const counted = runs.map((run) => chineseRunCounts(folded, bare, run));
  // Runs joined by "到/或" belong to the same answer ("三到四分", "给三到四"): pass the mark both ways.
  const joined = runs.map((run, i) => {
    const next = runs[i + 1];
    return next !== undefined && ZH_JOIN.test(folded.slice(run.end, next.start).trim());
  });
  for (let i = 1; i < runs.length; i++) if (counted[i - 1] && joined[i - 1]) counted[i] = true;
  for (let i = runs.length - 2; i >= 0; i--) if (counted[i + 1] && joined[i]) counted[i] = true;
  return runs.filter((_, i) => counted[i]).flatMap((run) => runHits(run.text, run.start));
}

function chineseRunCounts(folded: string, bare: string, run: { text: string; start: number; end: number }): boolean {
  const next = after(folded, run.end);
  if (ZH_PREFIX.test(before(folded, run.start))) return true;
  if (run.text === '十' && ZH_ADVERB_SHIFEN.test(next) && !ZH_SHIFEN_STILL_POINTS.test(next)) return false;
  if (ZH_SUFFIX.test(next)) return true;
  return bare.startsWith(run.text) && ZH_WHOLE_TAIL.test(bare.slice(run.text.length));
}

function runHits(run: string, start: number): NumberHit[] {
  const values = chineseValues(run);
  // A compound like 十五 is one number; anything else ("三四") lists several.
  if (values.length === 1) return values.map((value) => ({ value, start, end: start + run.length }));
  return values.map((value, i) => ({ value, start: start + i, end: start + i + 1 }));
}

function chineseValues(run: string): number[] {
  const tens = /^([二两三四五六七八九])?十([一二三四五六七八九])?$/u.exec(run);
  if (tens) return [digit(tens[1] ?? '一') * 10 + (tens[2] ? digit(tens[2]) : 0)];
  return [...run].map(digit);
}

function digit(ch: string): number {
  return ZH_DIGITS[ch] ?? Number.NaN;
}

function wordMatches(folded: string, pattern: RegExp, words: readonly string[]): NumberHit[] {
  return [...folded.matchAll(pattern)].map((m) => ({ value: words.indexOf(m[0]), start: m.index, end: m.index + m[0].length }));
}

function wordPattern(words: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

// Context checks only look a few words around a number, which keeps long answers linear.
const CONTEXT = 30;

/** The text just before a position, short enough for `$`-anchored patterns. */
export function before(text: string, at: number): string {
  return text.slice(Math.max(0, at - CONTEXT), at);
}

/** The text just after a position, for `^`-anchored patterns. */
export function after(text: string, at: number): string {
  return text.slice(at, at + CONTEXT);
}
