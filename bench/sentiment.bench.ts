// Sentiment quality and speed (npm run bench:sentiment [-- <dir>] [--half dev|test|all]).
// Figures, not pass/fail.
// 1. Our own labelled answers (data/sentiment), test split (splitOf): the lexicon scorer,
//    natural's plain analyzer and the learned models (models/sentiment), four classes.
// 2. The labelled review sets in ../shared/datasets/sentiment. Each file is split once, by a hash
//    of the text, into a development half (for looking at errors while changing rules) and a test
//    half (only ever reported); `all` is both. Nothing learns from the Chinese and Spanish files;
//    when the English model learned from the UCI files, each UCI file is scored by a model
//    retrained without it (leave-one-file-out).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SentimentLabel } from '../src/core/ports.js';
import { createSentimentScorer } from '../src/sentiment/createSentimentScorer.js';
import { scoreLongText } from '../src/sentiment/learned/scoreLongText.js';
import { lexiconScorer } from '../src/sentiment/lexiconScorers.js';
import { LearnedScorer } from '../src/sentiment/learned/LearnedScorer.js';
import { loadSentimentModel } from '../src/sentiment/learned/loadSentimentModel.js';
import { measureFigures } from '../src/sentiment/learned/measureFigures.js';
import { readLabelledAnswers } from '../src/sentiment/learned/readLabelledAnswers.js';
import type { LearnedLabel, ModelLanguage } from '../src/sentiment/learned/SentimentModel.js';
import { splitOf } from '../src/sentiment/learned/splitOf.js';
import { trainSentimentModel } from '../src/sentiment/learned/trainSentimentModel.js';
import { naturalAnalyzer, naturalWordTokenizer } from '../src/sentiment/naturalVocabularies.js';
import { readUci, UCI_FILES } from '../scripts/trainSentiment.js';

const args = process.argv.slice(2);
const halfAt = args.indexOf('--half');
const half = halfAt >= 0 ? args.splice(halfAt, 2)[1] : 'test';
if (!['dev', 'test', 'all'].includes(half ?? '')) throw new Error('--half must be dev, test or all');
const dir = resolve(args[0] ?? process.env.SENTIMENT_DATA_DIR ?? new URL('../../shared/datasets/sentiment', import.meta.url).pathname);
const inHalf = (text: string) => half === 'all' || (createHash('sha1').update(text).digest()[0]! % 2 === 0 ? 'dev' : 'test') === half;
const ours = createSentimentScorer();
const natural = { en: naturalAnalyzer('English'), es: naturalAnalyzer('Spanish') };

interface Metrics {
  accuracy: number;
  neutral: number;
  precision: number;
  recall: number;
  f1: number;
  perSecond: number;
}

/** Predictions: 1 positive, 0 negative, null neutral (a neutral answer counts as a miss). */
function measure(rows: { text: string; label: number }[], predict: (text: string) => number | null): Metrics {
  const started = performance.now();
  const predicted = rows.map((r) => predict(r.text));
  const seconds = (performance.now() - started) / 1000;
  let right = 0;
  let neutral = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  rows.forEach((r, i) => {
    const p = predicted[i];
    if (p === null) neutral++;
    if (p === r.label) right++;
    if (p === 0 && r.label === 0) tp++;
    if (p === 0 && r.label === 1) fp++;
    if (p !== 0 && r.label === 0) fn++;
  });
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { accuracy: right / rows.length, neutral: neutral / rows.length, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), perSecond: rows.length / seconds };
}

const sign = (score: number): number | null => (score > 0 ? 1 : score < 0 ? 0 : null);
const threeWay = (score: number, band: number): LearnedLabel => (score > band ? 'positive' : score < -band ? 'negative' : 'neutral');
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const f = (n: number) => n.toFixed(2);

const learned = { en: new LearnedScorer(loadSentimentModel('en')), es: new LearnedScorer(loadSentimentModel('es')), zh: new LearnedScorer(loadSentimentModel('zh')) };
const LOCALE: Record<ModelLanguage, string> = { en: 'en', es: 'es', zh: 'zh-CN' };

console.log('Our own labelled answers (data/sentiment), test split; four classes, so a scorer without "mixed" misses those; "unsure" counts as a miss\n');
console.log('| language | answers | scorer | accuracy | neg. recall | positive labelled negative | unsure | answers/s |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const language of ['en', 'es', 'zh'] as const) {
  const rows = readLabelledAnswers(language).filter((a) => splitOf(a.text) === 'test');
  const plain = language === 'zh' ? undefined : natural[language];
  const scorers: [string, ((t: string) => SentimentLabel) | undefined][] = [
    ['satisfy lexicon (rules alone)', (t) => lexiconScorer(LOCALE[language]).score(t).label],
    ['natural', plain && ((t) => threeWay(plain.getSentiment(naturalWordTokenizer().tokenize(t.toLowerCase())), 0))],
    ['satisfy learned, argmax', (t) => learned[language].score(t).label],
    ['satisfy (the product: learned, unsure below its threshold)', (t) => ours.score(t, LOCALE[language]).label],
  ];
  for (const [name, predict] of scorers) {
    if (!predict) {
      console.log(`| ${language} | ${rows.length} | ${name} | n/a | | | | |`);
      continue;
    }
    // Best of five passes over the split: short answers take microseconds, one pass is noisy.
    let perSecond = 0;
    let predicted: SentimentLabel[] = [];
    for (let pass = 0; pass < 5; pass++) {
      const started = performance.now();
      predicted = rows.map((r) => predict(r.text));
      perSecond = Math.max(perSecond, rows.length / ((performance.now() - started) / 1000));
    }
    const m = measureFigures(
      rows.map((r) => r.label),
      predicted,
    );
    const unsure = predicted.filter((p) => p === 'unsure').length / rows.length;
    console.log(`| ${language} | ${rows.length} | ${name} | ${pct(m.accuracy)} | ${pct(m.negativeRecall)} | ${pct(m.positiveAsNegative)} | ${pct(unsure)} | ${Math.round(perSecond).toLocaleString('en')} |`);
  }
}

// What an escalation rule on sentiment catches and costs, on the same test split: the share of
// negative answers it escalates, and of positive ones (a happy customer escalated).
console.log('\nEscalation rules on our own test split: the share of negative answers each escalates, and of positive ones\n');
const RULES: [string, (r: { label: string; score: number; confidence: number }) => boolean][] = [
  ["sentiment(q) < -0.5", (r) => r.score < -0.5],
  ["sentimentLabel(q) == 'negative'", (r) => r.label === 'negative'],
  ...[0.6, 0.7, 0.8, 0.9].map((min): [string, (r: { label: string; confidence: number }) => boolean] => [`… with minConfidence ${min}`, (r) => r.label === 'negative' && r.confidence >= min]),
];
console.log('| rule | en negatives | en positives | es negatives | es positives | zh negatives | zh positives |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const scoredTest = Object.fromEntries((['en', 'es', 'zh'] as const).map((language) => [language, readLabelledAnswers(language).filter((a) => splitOf(a.text) === 'test').map((a) => ({ gold: a.label, r: ours.score(a.text, LOCALE[language]) }))]));
for (const [name, holds] of RULES) {
  const cells = (['en', 'es', 'zh'] as const).map((language) => {
    const rows = scoredTest[language]!;
    const share = (label: string) => rows.filter((x) => x.gold === label && holds(x.r)).length / rows.filter((x) => x.gold === label).length;
    return `${pct(share('negative'))} | ${pct(share('positive'))}`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}

// Leave-one-file-out: the English model, retrained without the UCI file it is scored on.
const enModel = learned.en.model;
const heldOut = new Map<string, LearnedScorer>();
if (enModel.hyperparameters.extraWeight > 0) {
  for (const file of UCI_FILES) {
    const others = UCI_FILES.filter((f) => f !== file).map(readUci);
    heldOut.set(file, new LearnedScorer(trainSentimentModel('en', readLabelledAnswers('en'), others)));
  }
}

console.log('');
const files = (await readdir(dir)).filter((name) => name.endsWith('.csv')).sort();
if (files.length === 0) throw new Error(`no *.csv in ${dir}`);
console.log(`Sentiment on ${dir}, ${half === 'all' ? 'all rows' : `the ${half} half of each file`} (neutral counts as a miss; negative class = label 0)\n`);
console.log('| file | rows | scorer | accuracy | neutral | neg. precision | neg. recall | neg. F1 | answers/s |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of files) {
  const rows = (parse(await readFile(join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as { text: string; label: string }[]).map((r) => ({ text: r.text, label: Number(r.label) })).filter((r) => inHalf(r.text));
  const locale = name.startsWith('zh') ? 'zh-CN' : name.startsWith('es') ? 'es' : 'en';
  // The product's score is P(positive) - P(negative), read sentence group by sentence group in
  // a long review: its sign. The rules alone are shown for comparison.
  const results: [string, Metrics | undefined][] = [['satisfy lexicon (rules alone)', measure(rows, (t) => sign(lexiconScorer(locale).score(t).score))]];
  const plain = locale === 'zh-CN' ? undefined : natural[locale as 'en' | 'es'];
  results.push(['natural', plain ? measure(rows, (t) => sign(plain.getSentiment(naturalWordTokenizer().tokenize(t.toLowerCase())))) : undefined]);
  // The learned score is P(positive) - P(negative): its sign, as for the lexicon's score.
  const model = heldOut.get(name);
  results.push([model ? 'satisfy (a model trained without this file)' : 'satisfy', measure(rows, (t) => sign(model ? scoreLongText(model, t).score : ours.score(t, locale).score))]);
  for (const [scorer, m] of results) {
    if (!m) console.log(`| ${name} | ${rows.length} | ${scorer} | n/a (no ${locale} vocabulary) | | | | | |`);
    else console.log(`| ${name} | ${rows.length} | ${scorer} | ${pct(m.accuracy)} | ${pct(m.neutral)} | ${f(m.precision)} | ${f(m.recall)} | ${f(m.f1)} | ${Math.round(m.perSecond).toLocaleString('en')} |`);
  }
}

// Start-up cost in a fresh process: loading natural's vocabularies and building the scorers.
const probe = `const t = performance.now(); const m = await import(${JSON.stringify(new URL('../src/sentiment/createSentimentScorer.ts', import.meta.url).href)}); const s = m.createSentimentScorer(); s.score('ok', 'en'); s.score('bien', 'es'); s.score('好', 'zh-CN'); console.log(Math.round(performance.now() - t));`;
const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
console.log(`\nLoading and building the scorers in a fresh process: ${run.stdout.trim()} ms (through tsx, so an upper bound for the built code)`);
const probeLearned = `const t = performance.now(); const L = await import(${JSON.stringify(new URL('../src/sentiment/learned/LearnedScorer.ts', import.meta.url).href)}); const M = await import(${JSON.stringify(new URL('../src/sentiment/learned/loadSentimentModel.ts', import.meta.url).href)}); const s = ['en', 'es', 'zh'].map((l) => new L.LearnedScorer(M.loadSentimentModel(l))); const loaded = performance.now() - t; s[0].score('ok'); s[1].score('bien'); s[2].score('好'); console.log(Math.round(loaded) + ' ms to load the three models, ' + Math.round(performance.now() - t) + ' ms with their first answers (which build the lexicon scorers)');`;
const runLearned = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probeLearned], { encoding: 'utf8' });
console.log(`Learned layer in a fresh process: ${runLearned.stdout.trim()}${runLearned.stderr.trim() ? ` (${runLearned.stderr.trim()})` : ''}`);
