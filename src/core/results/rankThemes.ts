import type { SentimentLabel, ThemeLabel } from '../ports.js';
import type { Counters } from './fields.js';

export const THEME_LABELS: readonly ThemeLabel[] = ['negative', 'neutral', 'positive'];

/** Per sentiment: phrase → how many answers use it. */
export function isThemeLabel(label: SentimentLabel | undefined): label is ThemeLabel {
  return label === 'negative' || label === 'neutral' || label === 'positive';
}

export type PhraseCounts = Record<ThemeLabel, ReadonlyMap<string, number>>;

export interface RankedTheme {
  phrase: string;
  count: number;
}

/**
 * The themes of open answers per sentiment, from how many answers of each sentiment use each
 * phrase: shared by findThemes (a batch of answers) and the results (the `t:` counters), so
 * both rank alike. Phrases used by fewer than `minCount` answers are left out; the rest are
 * ranked by count, then by TF-IDF against the other sentiments (each sentiment one document,
 * a phrase's term frequency its count; natural's formula, idf = 1 + ln(N / (1 + documents with
 * the phrase))), so what is said everywhere ranks below what is typical of the group; then the
 * longer phrase. A phrase inside one already chosen with at least its count is left out: a pair
 * as common as its words says more than either word alone.
 */
export function rankThemes(counts: PhraseCounts, options: { top?: number; minCount?: number } = {}): Record<ThemeLabel, RankedTheme[]> {
  const { top = 5, minCount = 2 } = options;
  const documents = THEME_LABELS.map((l) => counts[l]);
  const idf = (phrase: string) => 1 + Math.log(documents.length / (1 + documents.filter((d) => (d.get(phrase) ?? 0) > 0).length));
  const result = { negative: [], neutral: [], positive: [] } as Record<ThemeLabel, RankedTheme[]>;
  for (const label of THEME_LABELS) {
    const ranked = [...counts[label]]
      .filter(([, n]) => n >= minCount)
      .map(([phrase, count]) => ({ phrase, count, weight: count * idf(phrase) }))
      .sort((a, b) => b.count - a.count || b.weight - a.weight || b.phrase.length - a.phrase.length || a.phrase.localeCompare(b.phrase));
    const chosen: RankedTheme[] = [];
    for (const candidate of ranked) {
      if (chosen.some((c) => c.phrase.includes(candidate.phrase) && c.count >= candidate.count)) continue;
      chosen.push({ phrase: candidate.phrase, count: candidate.count });
      if (chosen.length === top) break;
    }
    result[label] = chosen;
  }
  return result;
}

/** The phrase counts kept in results counters (`t:<label>:<phrase>`). */
export function phraseCountsOf(c: Readonly<Counters>): PhraseCounts {
  const out = { negative: new Map<string, number>(), neutral: new Map<string, number>(), positive: new Map<string, number>() };
  for (const [k, v] of Object.entries(c)) {
    if (!k.startsWith('t:') || !v) continue;
    const rest = k.slice(2);
    const colon = rest.indexOf(':');
    const label = rest.slice(0, colon) as ThemeLabel;
    if (colon > 0 && label in out) out[label].set(rest.slice(colon + 1), v);
  }
  return out;
}
