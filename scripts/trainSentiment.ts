// Trains the learned sentiment layer, one model per language, into models/sentiment/<lang>.json
// (npm run train:sentiment [-- en|es|zh ...] [--no-extra]). Deterministic: the same data give the
// same files. English also learns from the UCI sentences (CC BY 4.0, see NOTICE) when
// ../shared/datasets/sentiment holds them; our own data alone still trains every model (CI has
// no ../shared). The Chinese and Spanish review sets are never read here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { MODELS_DIR } from '../src/sentiment/learned/loadSentimentModel.js';
import { readLabelledAnswers } from '../src/sentiment/learned/readLabelledAnswers.js';
import type { ModelLanguage, SentimentModel } from '../src/sentiment/learned/SentimentModel.js';
import { trainSentimentModel, type ExtraSource } from '../src/sentiment/learned/trainSentimentModel.js';

const args = process.argv.slice(2);
const noExtra = args.includes('--no-extra');
const languages = (args.filter((a) => !a.startsWith('--')) as ModelLanguage[]).length ? (args.filter((a) => !a.startsWith('--')) as ModelLanguage[]) : (['en', 'es', 'zh'] as const);
const SHARED = new URL('../../shared/datasets/sentiment/', import.meta.url);
export const UCI_FILES = ['en_uci_amazon.csv', 'en_uci_imdb.csv', 'en_uci_yelp.csv'];

export function readUci(file: string): ExtraSource {
  const rows = parse(readFileSync(new URL(file, SHARED), 'utf8'), { columns: true, skip_empty_lines: true }) as { text: string; label: string }[];
  return { name: `UCI Sentiment Labelled Sentences, ${file} (Kotzias et al. 2015, CC BY 4.0)`, answers: rows.map((r) => ({ text: r.text, label: r.label === '1' ? 'positive' : 'negative' })) };
}

/** One feature per line: readable, and a retrain shows as a small diff. */
export function formatModel(model: SentimentModel): string {
  const { weights, ...meta } = model;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const rows = Object.entries(weights).map(([name, w]) => `    ${JSON.stringify(name)}: ${JSON.stringify(w)}`);
  return `${head},\n  "weights": {\n${rows.join(',\n')}\n  }\n}\n`;
}

if (import.meta.url === new URL(process.argv[1]!, 'file://').href || process.argv[1]?.endsWith('trainSentiment.ts')) {
  for (const language of languages) {
    const started = performance.now();
    const extra = language === 'en' && !noExtra && UCI_FILES.every((f) => existsSync(new URL(f, SHARED))) ? UCI_FILES.map(readUci) : [];
    const model = trainSentimentModel(language, readLabelledAnswers(language), extra);
    const text = formatModel(model);
    writeFileSync(new URL(`${language}.json`, MODELS_DIR), text);
    console.log(
      `${language}: ${Object.keys(model.weights).length} features, ${(text.length / 1024).toFixed(0)} KB, l2 ${model.hyperparameters.l2}, extra weight ${model.hyperparameters.extraWeight}, T ${model.temperature}, dev ${JSON.stringify(model.figures.dev)}, test ${JSON.stringify(model.figures.test)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
}
