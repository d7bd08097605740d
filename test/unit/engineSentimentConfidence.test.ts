import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SurveyEvent } from '../../src/core/events.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { modelFile } from '../../src/sentiment/learned/loadSentimentModel.js';
import { compileYaml, EngineDriver } from '../support/scripts.js';

const ANGRY = 'It arrived broken and nobody answers my emails';
const scorer = createSentimentScorer();

/** The committed models, but unsure of everything: real scoring, every label "unsure". */
const unsureDir = mkdtempSync(join(tmpdir(), 'satisfy-unsure-'));
for (const lang of ['en', 'es', 'zh'] as const) {
  const model = JSON.parse(readFileSync(modelFile(lang), 'utf8')) as { unsureBelow: number };
  writeFileSync(join(unsureDir, `${lang}.json`), JSON.stringify({ ...model, unsureBelow: 1.01 }));
}
afterAll(() => rmSync(unsureDir, { recursive: true, force: true }));

function script(rules: string) {
  return compileYaml(`
id: sure
title: { en: S }
defaultLocale: en
locales: [en]
questions:
  - { id: csat, type: rating, scale: csat, text: { en: Rate us } }
  - { id: why, type: text, text: { en: Why? } }
endings:
  - { id: e, text: { en: Thanks } }
escalation:
${rules}
`);
}

function answer(rules: string, csat: string, text: string, modelsDir?: string): SurveyEvent[] {
  const d = new EngineDriver(script(rules));
  (d.deps as { sentiment?: unknown }).sentiment = createSentimentScorer(modelsDir ? { modelsDir } : {});
  d.start();
  d.say(csat);
  return d.say(text).events;
}

const raised = (events: SurveyEvent[]) => events.flatMap((e) => (e.type === 'escalation.requested' ? [e.ruleId] : []));

describe('escalation rules that require a minimum confidence', () => {
  const read = scorer.score(ANGRY, 'en');

  it('the angry answer is read negative, surely enough to test against', () => {
    expect(read).toMatchObject({ label: 'negative' });
    expect(read.score).toBeLessThan(-0.4);
    // Sure, but not entirely: a rule asking for a little more must not hold.
    expect(read.confidence).toBeGreaterThan(0.5);
    expect(read.confidence).toBeLessThan(0.995);
  });

  it('raises the rule when the scorer is at least as sure as the rule asks, and not when less', () => {
    const rule = (min: number) => `  - { id: angry, when: "sentiment(why) < -0.4", minConfidence: ${min} }`;
    expect(raised(answer(rule(read.confidence), '3', ANGRY))).toEqual(['angry']);
    expect(raised(answer(rule(read.confidence + 0.001), '3', ANGRY))).toEqual([]);
  });

  it('lets a condition read the label and the confidence itself', () => {
    const rule = (min: number) => `  - { id: angry, when: "sentimentLabel(why) == 'negative' and confidence(why) >= ${min}" }`;
    expect(raised(answer(rule(read.confidence), '3', ANGRY))).toEqual(['angry']);
    expect(raised(answer(rule(read.confidence + 0.001), '3', ANGRY))).toEqual([]);
  });

  it('stores the label, the confidence and the drivers with the answer', () => {
    const recorded = answer('  - { id: angry, when: "sentiment(why) < -0.4" }', '3', ANGRY).find((e) => e.type === 'answer.recorded');
    expect(recorded).toMatchObject({ sentimentLabel: 'negative', sentimentConfidence: read.confidence, drivers: read.drivers });
  });

  it('an unsure answer: labelled "unsure", raises no mismatch with the rating, and no rule on its label', () => {
    const rules = `  - { id: mixed_signals, when: "mismatch(why)" }\n  - { id: by_label, when: "sentimentLabel(why) == 'negative'" }`;
    const sure = answer(rules, '5', ANGRY);
    expect(sure.some((e) => e.type === 'answer.mismatch')).toBe(true);
    expect(raised(sure)).toEqual(['mixed_signals', 'by_label']);
    const unsure = answer(rules, '5', ANGRY, unsureDir);
    expect(unsure.find((e) => e.type === 'answer.recorded')).toMatchObject({ sentimentLabel: 'unsure', sentimentConfidence: read.confidence });
    expect(unsure.some((e) => e.type === 'answer.mismatch')).toBe(false);
    expect(raised(unsure)).toEqual([]);
  });

  it('refuses a minimum confidence outside 0-1', () => {
    expect(() => script('  - { id: angry, when: "sentiment(why) < -0.4", minConfidence: 1.5 }')).toThrow(/minConfidence/);
  });
});

describe('a models directory without the models', () => {
  it('is refused when the scorer is built, naming the missing file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'satisfy-nomodels-'));
    try {
      expect(() => createSentimentScorer({ modelsDir: empty })).toThrow(/no sentiment model en\.json/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
