import { chinese } from '../lexicons/chinese.js';
import { english } from '../lexicons/english.js';
import { EMOTICON } from '../lexicons/LanguageRules.js';
import { spanish } from '../lexicons/spanish.js';
import { stopwords } from '../naturalVocabularies.js';
import { lexiconScorer } from '../lexiconScorers.js';
import { once } from '../once.js';
import { wordSegments } from '../wordSegments.js';
import type { ModelLanguage } from './SentimentModel.js';

/** How many tokens after a negator are read as negated ("not very helpful at all"). */
const NEGATION_REACH = 3;
const ASCII = /^[ -~\s]*$/;
const LOCALES: Record<ModelLanguage, string> = { en: 'en', es: 'es', zh: 'zh-CN' };
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** Two Han characters in a row, overlapping (a lookahead keeps the second for the next pair). */
const HAN_PAIR = /(?=(\p{Script=Han}{2}))/gu;
/** Ends a negation scope and a contrast; in Chinese a comma ends a clause too. */
const CLAUSE_END = /^[.!?;。！？；,，、:：\n]+$/u;
const SENTENCE_END = /^[.!?;。！？；\n]+$/u;


interface Words {
  negators: ReadonlySet<string>;
  contrast: ReadonlySet<string>;
  /** Words that never make a driver on their own ("the", "in", "的"). */
  stop: ReadonlySet<string>;
}

/** Spanish answers are often typed without accents: "atencion" and "atención" are one word (ñ kept). */
export function foldAccents(text: string): string {
  if (ASCII.test(text)) return text;
  return text.normalize('NFD').replace(/(?<=[nN])\u0303/gu, '\uE000').replace(/\p{M}/gu, '').replace(/\uE000/gu, '\u0303').normalize('NFC');
}

const words = {
  en: once((): Words => ({ negators: new Set([...english().negators, 'no', 'never', 'nothing']), contrast: english().contrast, stop: stopwords().en })),
  es: once((): Words => ({
    negators: new Set([...spanish().negators].map(foldAccents)),
    contrast: new Set([...spanish().contrast].map(foldAccents)),
    stop: new Set([...stopwords().es].map(foldAccents)),
  })),
  zh: once((): Words => ({ negators: new Set([...chinese().negators, '没什么', '从没', '从来没', '别再']), contrast: new Set([...chinese().contrast, '却']), stop: stopwords().zh })),
};

/**
 * The features of one answer, each with its value (1 for presence), and, when asked for, the
 * words each feature stands for (for drivers).
 *
 * - `w:` a token (lowercase; Spanish accents folded), `n:` a token within a negator's reach,
 *   `c:` a token after a contrast word ("but", "但是", "pero") up to the end of the sentence,
 *   `b:` two adjacent tokens within a clause, `h:` two adjacent Chinese characters (the
 *   segmenter cuts new words badly), `e:` an emoji or emoticon, `p:` "!" or "?".
 * - `L:` the lexicon scorer's own reading, as numbers: its score, and clause by clause (`L:late`,
 *   `L:min`, `L:max`, see addClauseReadings).
 */
export function extractFeatures(text: string, language: ModelLanguage, display?: Map<string, string>, lexiconHits?: { text: string; value: number }[]): Map<string, number> {
  const features = new Map<string, number>();
  const w = words[language]();
  const add = (name: string, shown?: string) => {
    features.set(name, 1);
    if (display && shown !== undefined && !display.has(name)) display.set(name, shown);
  };
  const joiner = language === 'zh' ? '' : ' ';
  let negatedFor = 0;
  let negator = '';
  let contrasted = false;
  let previous: { key: string; shown: string; content: boolean } | undefined;
  for (const m of text.matchAll(EMOTICON)) add(`e:${m[0]}`, m[0]);
  if (language === 'zh') for (const m of text.matchAll(HAN_PAIR)) add(`h:${m[1]}`, m[1]);
  for (const s of wordSegments(text, language === 'zh')) {
    const raw = s.segment.trim();
    if (!raw) continue;
    if (!s.isWordLike) {
      if (PICTOGRAPH.test(raw)) {
        for (const ch of raw) if (PICTOGRAPH.test(ch)) add(`e:${ch}`, ch);
        continue;
      }
      if (raw.includes('!') || raw.includes('！')) add('p:!');
      if (raw.includes('?') || raw.includes('？')) add('p:?');
      if (CLAUSE_END.test(raw)) {
        negatedFor = 0;
        previous = undefined;
        if (SENTENCE_END.test(raw)) contrasted = false;
      }
      continue;
    }
    // Shown as typed (accents kept), matched folded.
    const written = raw.toLowerCase().replace(/’/g, "'");
    const token = language === 'es' ? foldAccents(written) : written;
    if (w.contrast.has(token)) {
      contrasted = true;
      negatedFor = 0;
    }
    const negated = negatedFor > 0;
    const key = negated ? `¬${token}` : token;
    const negates = w.negators.has(token) || (language === 'en' && token.endsWith("n't")) || (language === 'zh' && /^[不没别]/.test(token) && token.length <= 2 && !w.contrast.has(token));
    // A stopword or a negator alone, or the two together ("not the"), is no reason a customer
    // could recognise; "not helpful" is.
    const content = !w.stop.has(token) && !negates;
    const shown = negated ? `${negator}${joiner}${written}` : written;
    add(negated ? `n:${token}` : `w:${token}`, content ? shown : undefined);
    if (contrasted) add(`c:${key}`, content ? shown : undefined);
    if (previous) add(`b:${previous.key} ${key}`, content || previous.content ? `${previous.shown}${joiner}${written}` : undefined);
    previous = { key, shown, content };
    if (negated) negatedFor--;
    if (negates) {
      negatedFor = NEGATION_REACH;
      negator = written;
    }
  }
  // The lexicon scorer is a feature: the model learns how far to trust it, and so still reads
  // the words of its vocabularies that our own answers never use. Its reading as numbers only:
  // each rises with praise, so featureSide keeps it monotone. (Counts of negative words and
  // thresholds did worse on dev: a negative word makes "neutral" unlikely, more than
  // "positive", which a monotone weight cannot say.)
  const read = lexiconScorer(LOCALES[language]).score(text);
  features.set('L:score', read.score);
  addClauseReadings(read.hits, features);
  // A negated word is shown with its negator, as its own feature is ("not helpful"), never alone.
  if (lexiconHits)
    for (const h of read.hits) {
      const key = language === 'es' ? foldAccents(h.text.toLowerCase()) : h.text.toLowerCase();
      const text = h.negated ? display?.get(`n:${key}`) : h.text;
      if (text !== undefined) lexiconHits.push({ text, value: h.value });
    }
  return features;
}

/** The lexicon's alpha: a sum s reads as s / sqrt(s² + 15), as the scorer's own score. */
const ALPHA = 15;

/**
 * The lexicon's reading clause by clause: "stuck at the depot; one call and it was out the same
 * afternoon" ends well, "cheap, slow" has a low and a high. `L:late` weighs each clause by its
 * place (1, 2, 3, ...: what is told last counts most), `L:min` and `L:max` are the lowest and
 * highest clause, cut at 0. Each only falls when a negative word or clause is added anywhere,
 * even at the end (the last clause's own reading would not: a milder complaint appended would
 * raise it), so featureSide keeps P(negative) monotone in them.
 */
function addClauseReadings(hits: readonly { value: number; clause: number }[], features: Map<string, number>): void {
  const sums = new Map<number, number>();
  let late = 0;
  for (const h of hits) {
    if (h.clause < 0) continue;
    sums.set(h.clause, (sums.get(h.clause) ?? 0) + h.value);
    late += h.value * (1 + h.clause);
  }
  if (sums.size === 0) return;
  const norm = (x: number) => x / Math.sqrt(x * x + ALPHA);
  let low = 0;
  let high = 0;
  for (const v of sums.values()) {
    low = Math.min(low, norm(v));
    high = Math.max(high, norm(v));
  }
  features.set('L:late', norm(late));
  features.set('L:min', low);
  features.set('L:max', high);
}
