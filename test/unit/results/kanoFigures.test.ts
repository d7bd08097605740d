import { describe, expect, it } from 'vitest';
import type { SurveyEvent } from '../../../src/core/events.js';
import { aggregateEvent, type ResponseFacts } from '../../../src/core/results/aggregateEvent.js';
import { addCounters, distributionOf, type Counters } from '../../../src/core/results/fields.js';
import { kanoFigures } from '../../../src/core/results/kanoFigures.js';
import type { Session } from '../../../src/core/session.js';
import { compileYaml, EngineDriver } from '../../support/scripts.js';

const SCRIPT = compileYaml(`
id: ideas
title: { en: Ideas }
defaultLocale: en
locales: [en]
questions:
  - id: wrap
    type: kano
    required: false
    feature: { en: gift wrapping }
  - id: csat
    type: rating
    scale: csat
    text: { en: How was it? }
endings:
  - { id: bye, text: { en: Bye } }
`);

const facts = (s: Session): ResponseFacts => ({ surveyId: s.surveyId, version: s.version, locale: s.locale, channel: 'directline', segments: s.segments, answers: s.answers });

/** Runs one response through the engine (typed answers) and returns its events. */
function respond(answers: string[]): { events: SurveyEvent[]; session: Session } {
  const driver = new EngineDriver(SCRIPT);
  const events: SurveyEvent[] = [...driver.start({ locale: 'en' }).events];
  for (const a of answers) events.push(...driver.say(a).events);
  return { events, session: driver.session! };
}

function totalsOf(responses: string[][]): Counters {
  const totals: Counters = {};
  for (const answers of responses) {
    const { events, session } = respond(answers);
    for (const e of events) {
      const u = aggregateEvent(e, { script: SCRIPT, response: facts(session) });
      if (u) addCounters(totals, u.counts);
    }
  }
  return totals;
}

const times = (n: number, answers: string[]) => Array.from({ length: n }, () => answers);

/** Ten pairs with known categories, and one customer who skipped the question. */
const RESPONSES = [
  ...times(4, ["I'm neutral", "I'd dislike it", '4']), // must-be
  ...times(3, ['I love it', "I'd hate that", '5']), // one-dimensional
  ...times(2, ['1', '3', '5']), // attractive
  ...times(1, ["I'd dislike it", "I don't like it", '2']), // questionable
  ['skip', '3'],
];

describe('Kano answers in the results', () => {
  it('counts each pair into its category and each half into its answers, never into values', () => {
    const { events, session } = respond(['I love it', "I'd hate that"]);
    const recorded = events.find((e) => e.type === 'answer.recorded')!;
    expect(aggregateEvent(recorded, { script: SCRIPT, response: facts(session) })!.counts).toEqual({
      'q:wrap:n': 1,
      'q:wrap:kano:one_dimensional': 1,
      'q:wrap:kf:like': 1,
      'q:wrap:kd:dislike': 1,
    });
  });

  it('counts the answered, the skipped and where a survey was left, as for any question', () => {
    const totals = totalsOf(RESPONSES);
    expect(totals).toMatchObject({ started: 11, completed: 11, 'q:wrap:n': 10, 'q:wrap:skip': 1 });
    expect(distributionOf(totals, 'wrap')).toEqual({});
    const { session } = respond(['I love it']);
    const left: SurveyEvent = { type: 'survey.abandoned', responseId: session.responseId, questionId: 'wrap', at: 0 };
    expect(aggregateEvent(left, { script: SCRIPT, response: facts(session) })!.counts).toEqual({ abandoned: 1, 'q:wrap:drop': 1 });
  });

  it('counts nothing but the answer for a value that is not a Kano pair (a record from before a script change)', () => {
    const { session } = respond([]);
    const odd: SurveyEvent = { type: 'answer.recorded', responseId: session.responseId, questionId: 'wrap', value: 'like', raw: 'like', attempts: 1, at: 0 };
    expect(aggregateEvent(odd, { script: SCRIPT, response: facts(session) })!.counts).toEqual({ 'q:wrap:n': 1 });
  });
});

describe('kanoFigures', () => {
  it('gives the shares of each category, the category most answers fall in, each half\'s answers and the coefficients', () => {
    const figures = kanoFigures(totalsOf(RESPONSES), 'wrap', 'gift wrapping');
    expect(figures).toEqual({
      questionId: 'wrap',
      feature: 'gift wrapping',
      n: 10,
      shares: { must_be: 0.4, one_dimensional: 0.3, attractive: 0.2, indifferent: 0, reverse: 0, questionable: 0.1 },
      category: 'must_be',
      counts: { must_be: 4, one_dimensional: 3, attractive: 2, indifferent: 0, reverse: 0, questionable: 1 },
      functional: { like: 5, expect: 0, neutral: 4, tolerate: 0, dislike: 1 },
      dysfunctional: { like: 0, expect: 0, neutral: 2, tolerate: 0, dislike: 8 },
      better: 5 / 9,
      worse: -7 / 9,
    });
  });

  it('has no category and no coefficients without answers, and shares of 0', () => {
    const figures = kanoFigures({ started: 3, 'q:other:kano:must_be': 2 }, 'wrap');
    expect(figures).toMatchObject({ questionId: 'wrap', n: 0, category: undefined, better: undefined, worse: undefined });
    expect(Object.values(figures.shares)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(figures).not.toHaveProperty('feature');
  });

  it('breaks a tie by must-be, one-dimensional, attractive, indifferent', () => {
    expect(kanoFigures({ 'q:w:kano:attractive': 2, 'q:w:kano:one_dimensional': 2, 'q:w:kano:indifferent': 2 }, 'w').category).toBe('one_dimensional');
    expect(kanoFigures({ 'q:w:kano:indifferent': 2, 'q:w:kano:must_be': 2 }, 'w').category).toBe('must_be');
  });

  it('leaves the coefficients out when every pair is reverse or questionable, and never gives -0', () => {
    const figures = kanoFigures({ 'q:w:kano:reverse': 3, 'q:w:kano:questionable': 1 }, 'w');
    expect(figures).toMatchObject({ n: 4, category: 'reverse', better: undefined, worse: undefined });
    expect(Object.is(kanoFigures({ 'q:w:kano:attractive': 1 }, 'w').worse, 0)).toBe(true);
  });
});
