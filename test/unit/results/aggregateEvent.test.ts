import { describe, expect, it } from 'vitest';
import type { SurveyEvent } from '../../../src/core/events.js';
import { aggregateEvent, utcDay, type AggregateUpdate, type ResponseFacts } from '../../../src/core/results/aggregateEvent.js';
import { resolveSegments } from '../../../src/core/results/segments.js';
import { addCounters, coMomentsOf, type Counters } from '../../../src/core/results/fields.js';
import type { Session } from '../../../src/core/session.js';
import { createSentimentScorer } from '../../../src/sentiment/createSentimentScorer.js';
import { compileYaml, EngineDriver } from '../../support/scripts.js';

const sentiment = createSentimentScorer();

const SCRIPT = `
id: shop
title: { en: Shop }
defaultLocale: en
locales: [en]
segments: [brand, customer.tier, order.category]
questions:
  - id: overall
    type: rating
    scale: csat
    text: { en: How satisfied are you? }
  - id: delivery
    type: rating
    scale: csat
    aspect: delivery
    text: { en: And the delivery? }
  - id: price
    type: rating
    scale: nps
    aspect: price
    required: false
    text: { en: The price? }
  - id: topics
    type: choice
    multiple: true
    options:
      - { id: speed, label: { en: Speed } }
      - { id: help, label: { en: Help } }
    text: { en: What mattered? }
  - id: again
    type: yesno
    text: { en: Again? }
  - id: why
    type: text
    required: false
    text: { en: Why? }
endings:
  - id: bye
    text: { en: Thanks }
`;

const facts = (s: Session, channel: string): ResponseFacts => ({ surveyId: s.surveyId, version: s.version, locale: s.locale, channel, segments: s.segments, answers: s.answers });

/** Runs the engine through typed answers and applies every event's update, as a store would. */
function run(answers: string[], start = { customer: { tier: 'gold' }, order: { brand: 'Acme', category: 'kitchen' } }) {
  const script = compileYaml(SCRIPT);
  const driver = new EngineDriver(script);
  Object.assign(driver.deps, { sentiment });
  const events: SurveyEvent[] = [];
  const updates: AggregateUpdate[] = [];
  const apply = () => {
    for (const e of driver.last.events) {
      events.push(e);
      const u = aggregateEvent(e, { script, response: facts(driver.session!, 'directline'), phrases: () => ['late parcel'] });
      if (u) updates.push(u);
    }
  };
  driver.start({ locale: 'en', ...start });
  apply();
  for (const a of answers) {
    driver.say(a);
    apply();
  }
  const totals = updates.reduce<Counters>((c, u) => addCounters(c, u.counts), {});
  return { script, driver, events, updates, totals, session: driver.session as Session };
}

describe('what one response adds to the results', () => {
  it('counts starts, answers by value, multiple choices, yes/no, completion and sentiment', () => {
    const { totals } = run(['4', '2', '9', '1, 2', 'yes', 'the parcel was late and the box broken']);
    expect(totals).toMatchObject({
      started: 1,
      completed: 1,
      'q:overall:n': 1,
      'q:overall:v:4': 1,
      'q:delivery:v:2': 1,
      'q:price:v:9': 1,
      'q:topics:n': 1,
      'q:topics:v:speed': 1,
      'q:topics:v:help': 1,
      'q:again:v:yes': 1,
      'q:why:n': 1,
      'q:why:s:negative': 1,
      't:negative:late parcel': 1,
    });
    expect(totals['a:delivery:negative']).toBeGreaterThanOrEqual(1);
    // The text of an open answer is never a counter.
    expect(Object.keys(totals).filter((k) => k.startsWith('q:why:v:') || k.includes('parcel was late'))).toEqual([]);
  });

  it('never counts an open answer by its words (they are the customer\'s, and unbounded)', () => {
    const { totals } = run(['4', '2', '9', '1', 'yes', 'write to lee.private@example.org please']);
    expect(Object.keys(totals).filter((k) => k.startsWith('q:why:v:'))).toEqual([]);
    expect(totals['q:why:n']).toBe(1);
  });

  it('pairs each aspect rating with the outcome once, for driver analysis', () => {
    const { totals } = run(['4', '2', '9', '1', 'no', 'skip']);
    // delivery 2 and price 9, each with the outcome's 4: one counter per pair of values.
    expect(Object.fromEntries(Object.entries(totals).filter(([k]) => k.startsWith('co:')))).toEqual({ 'co:delivery:2:4': 1, 'co:price:9:4': 1 });
    expect(coMomentsOf(totals, 'delivery')).toEqual({ n: 1, sumX: 2, sumY: 4, sumXX: 4, sumYY: 16, sumXY: 8 });
    expect(coMomentsOf(totals, 'overall').n).toBe(0);
  });

  it('gives the same update for an event replayed from a later session (exactly-once keys, same pairs)', () => {
    const { script, events, updates, session } = run(['4', '2', '9', '1', 'no', 'skip']);
    const replayed = events.map((e) => aggregateEvent(e, { script, response: facts(session, 'directline'), phrases: () => ['late parcel'] })).filter((u) => u);
    expect(replayed).toEqual(updates);
    expect(new Set(updates.map((u) => u.key)).size).toBe(updates.length);
  });

  it('puts every update of the response in its segment groups, channel, locale and version included', () => {
    const { updates } = run(['5']);
    for (const u of updates) expect(u.segments).toEqual({ brand: 'Acme', 'customer.tier': 'gold', 'order.category': 'kitchen', channel: 'directline', locale: 'en', version: '1' });
    expect(updates[0]!.day).toBe('2026-11-23');
  });

  it('counts a skipped question and where a survey was left', () => {
    const { script, driver, totals } = run(['4', '3', 'skip']);
    expect(totals['q:price:skip']).toBe(1);
    const stop = driver.say('stop');
    const optedOut = stop.events.find((e) => e.type === 'survey.opted_out')!;
    const u = aggregateEvent(optedOut, { script, response: facts(driver.session!, 'slack') })!;
    expect(u.counts).toEqual({ opted_out: 1, 'q:topics:drop': 1 });
    const abandoned: SurveyEvent = { type: 'survey.abandoned', responseId: 'r', questionId: 'again', at: Date.UTC(2026, 0, 1, 23, 59, 59) };
    expect(aggregateEvent(abandoned, { script, response: facts(driver.session!, 'slack') })).toMatchObject({ day: '2026-01-01', counts: { abandoned: 1, 'q:again:drop': 1 } });
  });

  it('counts escalations by rule, and the customer asking for a person as @customer', () => {
    const { script, session } = run(['4']);
    const e = (ruleId?: string): SurveyEvent => ({ type: 'escalation.requested', responseId: 'r', reason: ruleId ? 'rule' : 'customer', ...(ruleId ? { ruleId } : {}), priority: 'high', then: 'continue', at: 0 });
    expect(aggregateEvent(e('low_csat'), { script, response: facts(session, 'x') })!.counts).toEqual({ esc: 1, 'esc:low_csat': 1 });
    expect(aggregateEvent(e(), { script, response: facts(session, 'x') })!.counts).toEqual({ esc: 1, 'esc:@customer': 1 });
  });
});

describe('segments and days', () => {
  it.each([
    [['brand'], { order: { brand: 'Acme' }, customer: { brand: 'ignored' } }, { brand: 'Acme' }],
    [['brand'], { order: {}, customer: { brand: 'FromCustomer' } }, { brand: 'FromCustomer' }],
    [['customer.tier', 'order.total'], { customer: { tier: 'gold' }, order: { total: 42 } }, { 'customer.tier': 'gold', 'order.total': '42' }],
    [['region'], { customer: { region: '  ' }, order: {} }, {}],
    [['region'], { customer: { region: { nested: true } }, order: {} }, {}],
    [['brand'], { customer: {}, order: { brand: 'x'.repeat(100) } }, { brand: 'x'.repeat(64) }],
  ])('%o of %o → %o', (paths, context, expected) => {
    expect(resolveSegments(paths, context as never)).toEqual(expected);
  });

  it.each([
    [Date.UTC(2026, 10, 30, 23, 59, 59, 999), '2026-11-30'],
    [Date.UTC(2026, 11, 1), '2026-12-01'],
  ])('%i is day %s (UTC)', (at, day) => {
    expect(utcDay(at)).toBe(day);
  });
});
