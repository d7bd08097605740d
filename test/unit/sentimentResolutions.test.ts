import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/sentiment/learned/extractFeatures.js';
import { featureSide } from '../../src/sentiment/learned/featureSide.js';
import { scorer as lexicon } from './sentimentSuite.js';

describe('a trouble told with its resolution', () => {
  it.each([
    ['en', 'My parcel was lost.', 'My parcel was lost, but they sent me a new one the next day.'],
    ['es', 'Me cobraron dos veces.', 'Me cobraron dos veces, pero en una hora me devolvieron el dinero.'],
    ['zh-CN', '衣服洗了一次就掉色。', '衣服洗了一次就掉色，客服二话不说全额退款。'],
    ['zh-CN', '口红颜色和图片不一样。', '口红颜色和图片不一样，七天无理由退了，钱两天就到账了。'],
  ])('reads as praise (%s): "%s" is a complaint, "%s" is not', (locale, complaint, resolved) => {
    expect(lexicon.score(complaint, locale).label).toBe('negative');
    expect(lexicon.score(resolved, locale).label).toBe('positive');
  });

  it.each([
    ['en', 'They never sent a new one.'],
    ['es', 'Nunca me devolvieron el dinero.'],
    ['zh-CN', '钱一直没退回来。'],
  ])('stays a complaint when the resolution is denied (%s: "%s")', (locale, text) => {
    expect(lexicon.score(text, locale).label).toBe('negative');
  });

  it('weighs a complaint told after the resolution in full', () => {
    const after = lexicon.score('They sent a new one, but it was broken too.', 'en');
    expect(after.label).toBe('negative');
  });
});

describe('the lexicon read clause by clause (features)', () => {
  const readings = ['L:late', 'L:min', 'L:max'] as const;

  it('are directed features: each rises with praise', () => {
    for (const name of readings) expect(featureSide(name)).toBe(1);
  });

  it.each([
    ['en', 'The parcel was stuck at the depot; one call and it was fixed the same afternoon.', ' The box was crushed.'],
    ['en', 'Great shoes, terrible delivery.', ' Awful.'],
    ['es', 'El paquete llegó tarde, pero el producto es excelente.', ' Pésimo servicio.'],
    ['zh-CN', '价格便宜，但是质量真的不行。', '太差了。'],
  ])('never rise when a complaint is added at the end (%s: "%s")', (locale, text, complaint) => {
    const language = locale === 'zh-CN' ? 'zh' : (locale as 'en' | 'es');
    const before = extractFeatures(text, language);
    const after = extractFeatures(`${text}${complaint}`, language);
    for (const name of readings) expect(after.get(name) ?? 0, name).toBeLessThanOrEqual(before.get(name) ?? 0);
    expect(after.get('L:min')!).toBeLessThan(0);
  });

  it('weigh what is told last most: a happy ending reads higher than the same words reversed', () => {
    const happyEnd = extractFeatures('The box was crushed. The shoes are lovely.', 'en');
    const sadEnd = extractFeatures('The shoes are lovely. The box was crushed.', 'en');
    expect(happyEnd.get('L:late')!).toBeGreaterThan(sadEnd.get('L:late')!);
    expect(happyEnd.get('L:min')).toBe(sadEnd.get('L:min'));
    expect(happyEnd.get('L:max')).toBe(sadEnd.get('L:max'));
  });
});
