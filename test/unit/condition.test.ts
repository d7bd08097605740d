import { describe, expect, it } from 'vitest';
import { evaluateCondition, parseCondition, type ConditionScope } from '../../src/core/condition.js';

const scope: ConditionScope = {
  answers: { csat: 2, nps: 9, reason: 'price', tags: ['fast', 'cheap'], improve: 'I want a REFUND now', skipped_q: null, ok: true },
  sentiment: { improve: -0.7 },
  customer: { tier: 'gold', name: 'Ana', address: { city: 'Madrid' } },
  order: { total: 120.5, items: ['mug'] },
};

function evaluate(source: string): boolean {
  const parsed = parseCondition(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateCondition(parsed.condition, scope);
}

describe('condition evaluation', () => {
  it.each([
    ['csat <= 2', true],
    ['csat < 2', false],
    ['csat == 2 and nps >= 9', true],
    ['csat == 2 && nps < 9', false],
    ['csat > 3 or nps >= 9', true],
    ['csat > 3 || nps < 9', false],
    ['not answered(skipped_q)', true],
    ['!answered(csat)', false],
    ['skipped(skipped_q)', true],
    ['skipped(csat)', false],
    ['skipped(never_asked)', false],
    ['answered(never_asked)', false],
    ['never_asked <= 2', false],
    ['never_asked > 2', false],
    ['never_asked != 2', false],
    ['customer.missing != "x"', false],
    ['csat != 3', true],
    ['reason == "PRICE"', true],
    ["reason in ['price', 'delivery']", true],
    ['csat in [4, 5]', false],
    ['contains(tags, "fast")', true],
    ['contains(improve, "refund")', true],
    ['contains(improve, "cancel")', false],
    ['count(tags) == 2', true],
    ['sentiment(improve) < -0.4', true],
    ['sentiment(csat) < 0', false],
    ['customer.tier == "gold"', true],
    ['customer.address.city == "Madrid"', true],
    ['customer["tier"] == "gold"', true],
    ['customer.missing.deeper == 1', false],
    ['order.total > 100', true],
    ['ok == true', true],
    ['reason < 3', false],
    ['-1 < csat', true],
  ])('%s -> %s', (source, expected) => {
    expect(evaluate(source)).toBe(expected);
  });
});

describe('condition parsing refuses what is not data', () => {
  it.each([
    ['csat <=', 'cannot be parsed'],
    ['csat = 2', 'cannot be parsed'],
    ['process.exit(1)', 'calls'],
    ['process.env == 1', 'only customer.* and order.* have fields'],
    ['customer.constructor == null', 'forbidden property'],
    ['constructor.constructor("return 1")()', 'calls'],
    ['eval("1")', 'calls "eval"'],
    ['this', 'ThisExpression'],
    ['csat ? 1 : 2', 'ConditionalExpression'],
    ['csat + 1 > 2', 'operator "+"'],
    ['answered(1)', 'not a question id'],
    ['contains(csat)', 'takes 2'],
    ['customer', 'name a field'],
    ['customer.__proto__.x == 1', 'forbidden property'],
    ['customer[csat] == 1', 'not a plain name'],
    ['/abc/.test(x)', 'cannot be parsed'],
    ['a; b', 'Compound'],
    [`${'not '.repeat(30)}csat`, 'nests deeper'],
    ['x'.repeat(600), 'longer than'],
  ])('%s is refused (%s)', (source, fragment) => {
    const parsed = parseCondition(source);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });

  it('lists the question ids a condition reads', () => {
    const parsed = parseCondition('csat <= 2 and (answered(nps) or contains(improve, "x")) and customer.tier == "a"');
    expect(parsed.ok && parsed.condition.questionRefs.sort()).toEqual(['csat', 'improve', 'nps']);
  });
});
