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

  it('gives back any JSON made of token-like names, values and escapes exactly (a seeded fuzz)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const bits = ['id', 'status', 'active', 'satisfy.survey', '"', '\\', ':', '\u0001', '\u001c', 'A', 'x', '"id":', '', ' ', '四'];
    const text = () => Array.from({ length: Math.floor(random() * 4) }, () => bits[Math.floor(random() * bits.length)]).join('');
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return text();
      if (r < 0.4) return Math.floor(random() * 100);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const json = JSON.stringify({ data: value(0) });
      expect(decodeState(encodeState(json))).toBe(json);
    }
  });

  it('reads a body stored as plain JSON (before the coding) as it is', () => {
    const json = JSON.stringify(state);
    expect(decodeState(json)).toBe(json);
  });
});
