import { describe, expect, it } from 'vitest';
import { copyJson } from '../../../src/storage/memory/copyJson.js';

const viaJson = (v: unknown): unknown => {
  const json = JSON.stringify(v);
  return json === undefined ? undefined : JSON.parse(json);
};

class Money {
  constructor(readonly amount: number) {}
}

describe('copyJson', () => {
  const cases: Record<string, unknown> = {
    'plain data': { dialogs: { dialogStack: [{ id: 'survey', state: { answers: { csat: 5 }, asked: ['csat'] } }] }, seen: ['a', 'b'], text: '四 ⭐ ñ', n: 1.5, ok: true, none: null },
    'undefined, functions and symbols in objects are left out': { a: undefined, f: () => 1, s: Symbol('x'), kept: 1 },
    'undefined, functions and symbols in arrays become null': [undefined, () => 1, Symbol('x'), 2],
    'a sparse array': [1, , 3], // eslint-disable-line no-sparse-arrays
    'non-finite numbers become null': { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, list: [Number.NEGATIVE_INFINITY] },
    'a Date becomes its ISO string': { at: new Date('2026-11-30T10:00:00.000Z') },
    'toJSON is called': { money: { toJSON: () => 'EUR 5' } },
    'a class instance, a Map and a Set become what JSON makes of them': { money: new Money(5), map: new Map([['a', 1]]), set: new Set([1]) },
    'a "__proto__" key stays a key': JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'),
    'integer-like keys keep JSON\'s order': { b: 1, 2: 'two', a: 2, 1: 'one' },
    'a top-level primitive': 'text',
    'top-level undefined': undefined,
    // Wide objects are copied another way (Object.fromEntries, so they stay fast objects).
    'a wide object, with left-out values, integer-like keys and a "__proto__" key': JSON.parse(
      JSON.stringify({ ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, { i, list: [i] }])), 7: 'seven', 3: 'three' }).replace('{', '{"__proto__": {"polluted": true},'),
    ),
    'a wide object with undefined and functions in it': { ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i % 3 === 0 ? undefined : i % 3 === 1 ? () => i : i])), last: 'x' },
    'nesting deeper than the fast path goes': Array.from({ length: 200 }).reduce<unknown>((inner) => ({ inner }), { leaf: 1 }),
  };

  for (const [name, value] of Object.entries(cases)) {
    it(`gives what a JSON round trip gives: ${name}`, () => {
      const copy = copyJson(value);
      expect(copy).toStrictEqual(viaJson(value));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    });
  }

  it('turns -0 into 0, as JSON does', () => {
    expect(Object.is(copyJson({ z: -0 }).z, 0)).toBe(true);
  });

  it('shares no object or array with what it copied', () => {
    const value = { a: { b: [{ c: 1 }] } };
    const copy = copyJson(value);
    copy.a.b[0]!.c = 2;
    copy.a.b.push({ c: 3 });
    expect(value).toEqual({ a: { b: [{ c: 1 }] } });
  });

  it('refuses what JSON refuses: a cycle, a BigInt', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => copyJson(cyclic)).toThrow(TypeError);
    expect(() => copyJson({ n: 1n })).toThrow(TypeError);
  });
});
