import type { SentimentLabel, SentimentScorer, ThemeLabel } from '../core/ports.js';
import { language } from '../core/recognize/normalize.js';
import { isThemeLabel, rankThemes, THEME_LABELS } from '../core/results/rankThemes.js';
import { bigrams, stopwords } from './naturalVocabularies.js';

export interface ThemeAnswer {
  text: string;
  locale: string;
  /** Taken from the stored answer when known; scored otherwise. */
  sentiment?: SentimentLabel;
}

export interface Theme {
  phrase: string;
  /** How many answers mention it. */
  count: number;
  examples: string[];
}

export type Themes = Record<ThemeLabel, Theme[]>;

const SEGMENTER = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/**
 * The phrases that recur in many open answers, per sentiment, for reports: "delivery late" in
 * the negative ones, "friendly staff" in the positive. Candidates are words and pairs of
 * neighbouring words that are not stopwords; they are ranked as the results rank the themes
 * they count (rankThemes), with the shortest answers that use each as examples.
 */
export function findThemes(answers: readonly ThemeAnswer[], scorer: SentimentScorer, options: { top?: number; examples?: number; minCount?: number } = {}): Themes {
  const { examples = 2 } = options;
  const groups: Record<ThemeLabel, { text: string; phrases: Set<string> }[]> = { negative: [], neutral: [], positive: [] };
  for (const answer of answers) {
    const label = answer.sentiment ?? scorer.score(answer.text, answer.locale).label;
    if (!isThemeLabel(label)) continue;
    groups[label].push({ text: answer.text, phrases: phrasesOf(answer.text, answer.locale) });
  }
  const counts = { negative: new Map<string, number>(), neutral: new Map<string, number>(), positive: new Map<string, number>() };
  for (const label of THEME_LABELS) for (const a of groups[label]) for (const p of a.phrases) counts[label].set(p, (counts[label].get(p) ?? 0) + 1);
  const ranked = rankThemes(counts, options);
  const result = { negative: [], neutral: [], positive: [] } as Themes;
  for (const label of THEME_LABELS) {
    result[label] = ranked[label].map(({ phrase, count }) => {
      const users = groups[label].filter((a) => a.phrases.has(phrase)).map((a) => a.text);
      return { phrase, count, examples: [...users].sort((x, y) => x.length - y.length).slice(0, examples) };
    });
  }
  return result;
}

/** The candidate theme phrases of one answer: content words and pairs of neighbouring words. */
export function phrasesOf(text: string, locale: string): Set<string> {
  const lang = language(locale);
  const stop = lang === 'zh' ? stopwords().zh : lang === 'es' ? stopwords().es : stopwords().en;
  const tokens =
    lang === 'zh'
      ? [...SEGMENTER.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment)
      : (text.toLocaleLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []);
  const content = (t: string) => !stop.has(t) && (lang === 'zh' ? t.length >= 2 : t.length >= 3);
  const phrases = new Set(tokens.filter(content));
  for (const [a, b] of bigrams(tokens) as [string, string][]) {
    // The segmenter cuts some Chinese words into single characters (送|餐): pairs rejoin them.
    if (lang === 'zh' ? !stop.has(a) && !stop.has(b) : content(a) && content(b)) phrases.add(lang === 'zh' ? `${a}${b}` : `${a} ${b}`);
  }
  return phrases;
}
