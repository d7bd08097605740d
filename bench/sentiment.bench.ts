// Sentiment quality and speed on the labelled review sets in ../shared/datasets/sentiment
// (npm run bench:sentiment [-- <dir>] [--half dev|test|all]). Figures, not pass/fail.
// Each file is split once, by a hash of the text, into a development half (for looking at
// errors while changing rules) and a test half (only ever reported); `all` is both, for figures
// from before any change was made by looking at the data. Nothing here learns from the data.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createSentimentScorer } from '../src/sentiment/createSentimentScorer.js';
import { naturalAnalyzer, naturalWordTokenizer } from '../src/sentiment/naturalVocabularies.js';

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
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const f = (n: number) => n.toFixed(2);

const files = (await readdir(dir)).filter((name) => name.endsWith('.csv')).sort();
if (files.length === 0) throw new Error(`no *.csv in ${dir}`);
console.log(`Sentiment on ${dir}, ${half === 'all' ? 'all rows' : `the ${half} half of each file`} (neutral counts as a miss; negative class = label 0)\n`);
console.log('| file | rows | scorer | accuracy | neutral | neg. precision | neg. recall | neg. F1 | answers/s |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of files) {
  const rows = (parse(await readFile(join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as { text: string; label: string }[]).map((r) => ({ text: r.text, label: Number(r.label) })).filter((r) => inHalf(r.text));
  const locale = name.startsWith('zh') ? 'zh-CN' : name.startsWith('es') ? 'es' : 'en';
  const results: [string, Metrics | undefined][] = [['satisfy', measure(rows, (t) => sign(ours.score(t, locale).score))]];
  const plain = locale === 'zh-CN' ? undefined : natural[locale as 'en' | 'es'];
  results.push(['natural', plain ? measure(rows, (t) => sign(plain.getSentiment(naturalWordTokenizer().tokenize(t.toLowerCase())))) : undefined]);
  for (const [scorer, m] of results) {
    if (!m) console.log(`| ${name} | ${rows.length} | ${scorer} | n/a (no ${locale} vocabulary) | | | | | |`);
    else console.log(`| ${name} | ${rows.length} | ${scorer} | ${pct(m.accuracy)} | ${pct(m.neutral)} | ${f(m.precision)} | ${f(m.recall)} | ${f(m.f1)} | ${Math.round(m.perSecond).toLocaleString('en')} |`);
  }
}

// Start-up cost in a fresh process: loading natural's vocabularies and building the scorers.
const probe = `const t = performance.now(); const m = await import(${JSON.stringify(new URL('../src/sentiment/createSentimentScorer.ts', import.meta.url).href)}); const s = m.createSentimentScorer(); s.score('ok', 'en'); s.score('bien', 'es'); s.score('好', 'zh-CN'); console.log(Math.round(performance.now() - t));`;
const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
console.log(`\nLoading and building the scorers in a fresh process: ${run.stdout.trim()} ms (through tsx, so an upper bound for the built code)`);
