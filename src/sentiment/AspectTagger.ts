import type { AspectSentiment, SentimentResult } from '../core/ports.js';
import { language } from '../core/recognize/normalize.js';
import { ASPECT_KEYWORDS } from './aspectKeywords.js';

/** Where a mixed answer turns: sentence ends, commas and contrast words. */
const CLAUSE = /[.!?;。！？；，,\n]+|\s(?:but|however|although|though|yet|pero|aunque|sino|sin embargo)\s|但是|但|可是|不过|然而/iu;

/**
 * Finds the aspects an answer talks about and how each fares: "good product but delivery took
 * three weeks" is positive about product quality and negative about delivery.
 */
export class AspectTagger {
  constructor(private readonly score: (text: string, locale: string) => SentimentResult) {}

  tag(text: string, locale: string, extra: Readonly<Record<string, readonly string[]>> = {}): AspectSentiment[] {
    const lang = language(locale);
    const builtIn = ASPECT_KEYWORDS[lang === 'other' ? 'en' : lang];
    const keywords: Record<string, readonly string[]> = { ...builtIn };
    for (const [aspect, words] of Object.entries(extra)) keywords[aspect] = [...(keywords[aspect] ?? []), ...words];
    const clauses = text.split(CLAUSE).map((c) => c.trim()).filter(Boolean);
    const found = new Map<string, { scores: number[]; mentions: Set<string> }>();
    for (const clause of clauses) {
      const folded = clause.toLocaleLowerCase();
      const clauseScore = this.score(clause, locale).score;
      for (const [aspect, words] of Object.entries(keywords)) {
        const hits = words.filter((w) => mentions(folded, w.toLocaleLowerCase(), lang === 'zh'));
        if (hits.length === 0) continue;
        const entry = found.get(aspect) ?? { scores: [], mentions: new Set<string>() };
        entry.scores.push(clauseScore);
        hits.forEach((h) => entry.mentions.add(h));
        found.set(aspect, entry);
      }
    }
    return [...found].map(([aspect, { scores, mentions: m }]) => ({
      aspect,
      score: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000,
      mentions: [...m],
    }));
  }
}

function mentions(text: string, word: string, substring: boolean): boolean {
  if (substring) return text.includes(word);
  const at = text.indexOf(word);
  if (at < 0) return false;
  const before = text[at - 1];
  const after = text[at + word.length];
  const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  return (!isLetter(before) && !isLetter(after)) || mentions(text.slice(at + 1), word, false);
}
