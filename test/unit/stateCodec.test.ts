import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/storage/redis/stateCodec.js';

describe('stateCodec (the conversation state, written shorter in Redis)', () => {
  const state = {
    data: {
      dialogs: { dialogStack: [{ id: 'satisfy.survey', state: { session: { surveyId: 'post-purchase', responseId: '2a4b468f-bbef-4d6b-a96d-0cf5908b9276', status: 'active', answers: { csat: 5 } } } }] },
      seen: ['0', '1'],
      pending: [{ type: 'answer.recorded', responseId: '2a4b468f-bbef-4d6b-a96d-0cf5908b9276', questionId: 'csat', value: 5, raw: '5', at: 1 }],
    },
  };

  it('codes field names and common values in fewer bytes, and gives back the same JSON', () => {
    const json = JSON.stringify(state);
    const coded = encodeState(json);
    expect(Buffer.byteLength(coded)).toBeLessThan(json.length * 0.75);
    expect(decodeState(coded)).toBe(json);
  });

  it('gives back text that only looks like a token, control characters and any script as they were', () => {
    const tricky = {
      data: { 'say "id"': '"id": and "active" \\"value\\": \u0001\u001c\u001f', 'x\\': '"status":', text: '四 ⭐ ñ', id: ['"turn":'] },
    };
    const json = JSON.stringify(tricky);
    expect(decodeState(encodeState(json))).toBe(json);
    expect(JSON.parse(decodeState(encodeState(json)))).toEqual(tricky);
  });

  it('reads a body stored as plain JSON (before the coding) as it is', () => {
    const json = JSON.stringify(state);
    expect(decodeState(json)).toBe(json);
  });
});
