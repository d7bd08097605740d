import { describe, expect, it } from 'vitest';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { compileYaml, EngineDriver } from '../support/scripts.js';

const SCRIPT = compileYaml(`
id: feelings
title: { en: F, zh-CN: F, es: F }
defaultLocale: en
locales: [en, zh-CN, es]
questions:
  - id: csat
    type: rating
    scale: csat
    text: { en: Rate us, zh-CN: 打分, es: Puntúa }
  - id: why
    type: text
    text: { en: Why?, zh-CN: 为什么？, es: ¿Por qué? }
  - id: sorry
    type: yesno
    if: mismatch(why)
    text: { en: "It sounds like something went wrong. Did we misread your score?", zh-CN: 是不是哪里出了问题？, es: ¿Algo salió mal? }
  - id: delivery_detail
    type: text
    if: mentions(why, "delivery") and sentiment(why) < 0
    required: false
    text: { en: What happened with the delivery?, zh-CN: 配送出了什么问题？, es: ¿Qué pasó con la entrega? }
  - id: wrap
    type: text
    if: mentions(why, "gift_wrap")
    required: false
    text: { en: Tell us about the wrapping, zh-CN: 包装怎么样？, es: ¿Y el envoltorio? }
endings:
  - { id: e, text: { en: Thanks, zh-CN: 谢谢, es: Gracias } }
escalation:
  - id: angry_comment
    when: sentiment(why) < -0.4
    priority: high
  - id: mixed_signals
    when: mismatch(why)
aspects:
  gift_wrap: { en: [wrapping, gift wrap], zh-CN: [礼品包装], es: [envoltorio] }
`);

function driver(): EngineDriver {
  const d = new EngineDriver(SCRIPT);
  (d.deps as { sentiment?: unknown }).sentiment = createSentimentScorer();
  return d;
}

describe('engine: sentiment and aspects of open answers', () => {
  it('stores sentiment, label and aspects with the answer', () => {
    const d = driver();
    d.start();
    d.say('4');
    const r = d.say('Good product but the delivery was terribly late');
    const recorded = r.events.find((e) => e.type === 'answer.recorded');
    expect(recorded).toMatchObject({ questionId: 'why', sentimentLabel: expect.any(String), aspects: expect.arrayContaining([expect.objectContaining({ aspect: 'delivery' }), expect.objectContaining({ aspect: 'product_quality' })]) });
    const delivery = (recorded as { aspects: { aspect: string; score: number }[] }).aspects.find((a) => a.aspect === 'delivery')!;
    const product = (recorded as { aspects: { aspect: string; score: number }[] }).aspects.find((a) => a.aspect === 'product_quality')!;
    expect(delivery.score).toBeLessThan(0);
    expect(product.score).toBeGreaterThan(0);
    expect(d.session?.mentioned?.why).toEqual(expect.arrayContaining(['delivery', 'product_quality']));
  });

  it('lets conditions read the sentiment and the aspects: a follow-up on a bad delivery', () => {
    const d = driver();
    d.start();
    d.say('2');
    d.say('The delivery was awful, two weeks late');
    expect(d.current).toBe('delivery_detail');
    const happy = driver();
    happy.start();
    happy.say('5');
    happy.say('Lovely teapot, fast delivery');
    expect(happy.session?.status).toBe('completed');
  });

  it("uses the script's own aspects in the customer's locale", () => {
    const d = driver();
    d.start({ locale: 'zh-CN' });
    d.say('5');
    d.say('礼品包装很漂亮');
    expect(d.session?.mentioned?.why).toContain('gift_wrap');
    expect(d.current).toBe('wrap');
  });

  it('raises a mismatch for a top rating with an angry comment, and the script reacts', () => {
    const d = driver();
    d.start();
    d.say('5');
    const r = d.say('Terrible, the worst purchase ever, never again');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.mismatch', questionId: 'why', ratingQuestionId: 'csat', kind: 'high_rating_negative_text' }));
    expect(r.events.filter((e) => e.type === 'escalation.requested').map((e) => (e.type === 'escalation.requested' ? e.ruleId : ''))).toEqual(['angry_comment', 'mixed_signals']);
    expect(d.current).toBe('sorry');
  });

  it('raises the reverse mismatch in Spanish, and none when words and score agree', () => {
    const d = driver();
    d.start({ locale: 'es' });
    d.say('1');
    const r = d.say('¡Excelente, me encantó, todo perfecto!');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.mismatch', kind: 'low_rating_positive_text' }));
    const calm = driver();
    calm.start();
    calm.say('2');
    expect(calm.say('It broke after a day, very disappointed').events.some((e) => e.type === 'answer.mismatch')).toBe(false);
  });
});
