import { describe, expect, it } from 'vitest';
import { deferStart } from '../../src/bot/deferStart.js';
import type { SurveyEvent } from '../../src/core/events.js';

const started = (responseId: string): Extract<SurveyEvent, { type: 'survey.started' }> => ({
  type: 'survey.started',
  responseId,
  surveyId: 's',
  version: 1,
  locale: 'en',
  customer: {},
  order: {},
  at: 1,
});
const answer = (responseId: string): SurveyEvent => ({ type: 'answer.recorded', responseId, questionId: 'q', value: 4, raw: '4', attempts: 1, at: 2 });
const skipped = (responseId: string): SurveyEvent => ({ type: 'answer.skipped', responseId, questionId: 'q', reason: 'customer', raw: 'skip', attempts: 1, at: 2 });
const person = (responseId: string): SurveyEvent => ({ type: 'escalation.requested', responseId, reason: 'customer', priority: 'high', then: 'pause', at: 2 });
const completed = (responseId: string): SurveyEvent => ({ type: 'survey.completed', responseId, endingId: 'e', at: 3 });
const optedOut = (responseId: string): SurveyEvent => ({ type: 'survey.opted_out', responseId, questionId: 'q', at: 3 });
const abandoned = (responseId: string): SurveyEvent => ({ type: 'survey.abandoned', responseId, questionId: null, at: 3 });
const types = (events: SurveyEvent[]) => events.map((e) => `${e.type}:${e.responseId}`);

describe('deferStart: a response starts with the first answer, not when the chat opens', () => {
  it.each([
    ['a chat opened: nothing recorded, the start held', [started('r1')], undefined, [], 'r1'],
    ['the first answer releases the held start before it', [answer('r1')], started('r1'), ['survey.started:r1', 'answer.recorded:r1'], undefined],
    ['a skip engages too', [skipped('r1')], started('r1'), ['survey.started:r1', 'answer.skipped:r1'], undefined],
    ['asking for a person engages too', [person('r1')], started('r1'), ['survey.started:r1', 'escalation.requested:r1'], undefined],
    ['start and answer in one turn', [started('r1'), answer('r1')], undefined, ['survey.started:r1', 'answer.recorded:r1'], undefined],
    ['stopped before answering: nothing recorded', [optedOut('r1')], started('r1'), [], 'r1'],
    ['replaced before answering: the old start dropped, the new held', [abandoned('r1'), started('r2')], started('r1'), [], 'r2'],
    ['an answered survey replaced: its end recorded, the new one held', [abandoned('r1'), started('r2')], undefined, ['survey.abandoned:r1'], 'r2'],
    ['a completed survey with answers records its completion', [answer('r1'), completed('r1')], undefined, ['answer.recorded:r1', 'survey.completed:r1'], undefined],
  ] as const)('%s', (_name, events, held, record, stillHeld) => {
    const result = deferStart(events as unknown as SurveyEvent[], held as Extract<SurveyEvent, { type: 'survey.started' }> | undefined);
    expect(types(result.record)).toEqual(record);
    expect(result.held?.responseId).toBe(stillHeld);
  });
});
