import { describe, expect, it } from 'vitest';
import { defaultSample, sameSample, sampleStartData, sampleSummary, type PreviewSample } from '../../../web/staff/surveys/previewSample.js';

const blank: PreviewSample = { name: '', customerId: '', orderId: '', product: '', amount: '', more: '' };

describe('the preview sample: a customer and order per language, as start data', () => {
  it.each([
    ['zh-CN', '王芳'],
    ['zh-TW', '王芳'],
    ['es', 'Lucía García'],
    ['es-MX', 'Lucía García'],
    ['en', 'Alex Morgan'],
    ['en-GB', 'Alex Morgan'],
    ['ko', 'Alex Morgan'],
    ['', 'Alex Morgan'],
  ])('a survey in %s greets %s', (locale, name) => {
    expect(defaultSample(locale).name).toBe(name);
  });

  it('turns the default sample into the customer and order a shop would send', () => {
    expect(sampleStartData(defaultSample('zh-CN'))).toEqual({
      ok: true,
      data: { customer: { name: '王芳', id: 'C-1042' }, order: { id: 'A-10482', items: ['越野跑鞋'], total: 599 } },
    });
    expect(sampleSummary(defaultSample('zh-CN'))).toBe('王芳 · A-10482');
  });

  it('leaves out empty fields (the template fallbacks show), and sends nothing for an empty form', () => {
    expect(sampleStartData(blank)).toEqual({ ok: true, data: {} });
    expect(sampleStartData({ ...blank, name: '  Ana ' })).toEqual({ ok: true, data: { customer: { name: 'Ana' } } });
  });

  it('reads products as a list and amounts as numbers, decimal comma included', () => {
    const r = sampleStartData({ ...blank, product: 'Shoes, Socks，帽子、 ', amount: '1 299,50' });
    expect(r).toEqual({ ok: true, data: { order: { items: ['Shoes', 'Socks', '帽子'], total: 1299.5 } } });
    expect(sampleStartData({ ...blank, amount: 'lots' })).toEqual({ ok: false, problems: [{ field: 'amount', kind: 'notNumber' }] });
  });

  it('reads more fields a line each, typed as a shop would send them, nested where dotted', () => {
    const more = ['customer.tier = gold', '# a comment', '', 'order.total: 120', 'customer.vip = true', "order.code = '007'", 'order.tags = [a, b]', 'customer.address.city = Madrid'].join('\n');
    expect(sampleStartData({ ...blank, amount: '5', more })).toEqual({
      ok: true,
      data: { customer: { tier: 'gold', vip: true, address: { city: 'Madrid' } }, order: { total: 120, code: '007', tags: ['a', 'b'] } },
    });
  });

  it('says which line of more fields is wrong, and why', () => {
    const more = ['just text', 'tier = gold', 'customer.bad name = x', 'order.__proto__ = x', 'customer.ok = 1'].join('\n');
    expect(sampleStartData({ ...blank, more })).toEqual({
      ok: false,
      problems: [
        { field: 'more', line: 1, kind: 'format' },
        { field: 'more', line: 2, kind: 'where' },
        { field: 'more', line: 3, kind: 'name' },
        { field: 'more', line: 4, kind: 'name' },
      ],
    });
  });

  it('knows an untouched sample', () => {
    expect(sameSample(defaultSample('es'), defaultSample('es-ES'))).toBe(true);
    expect(sameSample(defaultSample('es'), { ...defaultSample('es'), more: 'customer.tier = gold' })).toBe(false);
  });
});
