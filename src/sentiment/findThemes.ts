import type { SentimentLabel, SentimentScorer } from '../core/ports.js';
import { language } from '../core/recognize/normalize.js';
import { bigrams, stopwords, TfIdf } from './naturalVocabularies.js';

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

export type Themes = Record<SentimentLabel, Theme[]>;

const SEGMENTER = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/**
 * The phrases that recur in many open answers, per sentiment, for reports: "delivery late" in
 * the negative ones, "friendly staff" in the positive. Candidates are words and pairs of
 * neighbouring words that are not stopwords; they are ranked by how many answers use them,
 * then by TF-IDF against the other sentiments (natural's TfIdf), so what is said everywhere
 * ranks below what is typical of the group.
 */
export function findThemes(answers: readonly ThemeAnswer[], scorer: SentimentScorer, options: { top?: number; examples?: number; minCount?: number } = {}): Themes {
  const { top = 5, examples = 2, minCount = 2 } = options;
  const groups: Record<SentimentLabel, { text: string; phrases: Set<string> }[]> = { negative: [], neutral: [], positive: [] };
  for (const answer of answers) {
    const label = answer.sentiment ?? scorer.score(answer.text, answer.locale).label;
    groups[label].push({ text: answer.text, phrases: phrasesOf(answer.text, answer.locale) });
  }
  const tfidf = new TfIdf();
  const labels: SentimentLabel[] = ['negative', 'neutral', 'positive'];
  for (const label of labels) tfidf.addDocument(groups[label].flatMap((a) => [...a.phrases]));

  const result = { negative: [], neutral: [], positive: [] } as Themes;
  labels.forEach((label, index) => {
    const counts = new Map<string, number>();
    for (const a of groups[label]) for (const p of a.phrases) counts.set(p, (counts.get(p) ?? 0) + 1);
    const ranked = [...counts]
      .filter(([, n]) => n >= minCount)
      .map(([phrase, count]) => ({ phrase, count, weight: tfidf.tfidf(phrase, index) }))
      .sort((a, b) => b.count - a.count || b.weight - a.weight || b.phrase.length - a.phrase.length);
    const chosen: Theme[] = [];
    for (const candidate of ranked) {
      // A pair that is as common as its words says more than either word alone.
      if (chosen.some((c) => c.phrase.includes(candidate.phrase) && c.count >= candidate.count)) continue;
      const users = groups[label].filter((a) => a.phrases.has(candidate.phrase)).map((a) => a.text);
      chosen.push({ phrase: candidate.phrase, count: candidate.count, examples: [...users].sort((x, y) => x.length - y.length).slice(0, examples) });
      if (chosen.length === top) break;
    }
    result[label] = chosen;
  });
  return result;
}

/** Words and neighbouring pairs of an answer, without stopwords, each counted once. */
/** The candidate theme phrases of one answer: content words and pairs of neighbouring words. */
export function phrasesOf(text: string, locale: string): Set<string> {
  const lang = language(locale);
  const stop = lang === 'zh' ? stopwords.zh : lang === 'es' ? stopwords.es : stopwords.en;
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
