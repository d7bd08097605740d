import { describe, expect, it } from 'vitest';
import { luhn, maskPersonalData, maskStrings } from '../../src/core/privacy/maskPersonalData.js';

/** [what the customer typed, what staff, Slack, exports and logs show]. */
const masked: Record<string, [string, string][]> = {
  en: [
    ['mail me at jane.doe+shop@example.co.uk please', 'mail me at [email] please'],
    ['Call (415) 555-0100 or +1 415 555 0100.', 'Call [phone] or [phone].'],
    ['my card 4111 1111 1111 1111 was charged twice', 'my card [card] was charged twice'],
    ['card 4111-1111-1111-1111, exp 12/28', 'card [card], exp 12/28'],
    ['amex 378282246310005!', 'amex [card]!'],
    ['UK: +44 20 7946 0958', 'UK: [phone]'],
    ['tel:+34612345678', 'tel:[phone]'],
    ['JANE@EXAMPLE.COM', '[email]'],
  ],
  'zh-CN': [
    ['我的邮箱是 li.wei@example.cn，电话 138 0013 8000', '我的邮箱是 [email]，电话 [phone]'],
    ['我的邮箱是li.wei@example.cn谢谢', '我的邮箱是[email]谢谢'],
    ['电话13800138000，请尽快联系', '电话[phone]，请尽快联系'],
    ['手机号：１３８００１３８０００', '手机号：[phone]'],
    ['邮箱：ｌｉ＠example.cn', '邮箱：[email]'],
    ['联系我 wang＠example.com。', '联系我 [email]。'],
    ['座机 010-6552 9988', '座机 [phone]'],
    ['卡号 6225 8888 8888 8888 被扣了两次', '卡号 6225 8888 8888 8888 被扣了两次'],
    ['卡号 4111　1111　1111　1111 被扣了两次', '卡号 [card] 被扣了两次'],
  ],
  es: [
    ['mi correo es ana@ejemplo.es y mi teléfono +34 612 345 678', 'mi correo es [email] y mi teléfono [phone]'],
    ['llámame al 612 34 56 78, gracias', 'llámame al [phone], gracias'],
    ['tarjeta 5555-5555-5555-4444 cobrada dos veces', 'tarjeta [card] cobrada dos veces'],
    ['escríbeme: josé.garcía@correo.es', 'escríbeme: [email]'],
  ],
};

/** Ordinary numbers customers write: ratings, order numbers, dates, prices, quantities. */
const untouched: Record<string, string[]> = {
  en: [
    '4',
    'I give it a 9 out of 10',
    'order #10234 arrived late',
    'order #1023456789 arrived late',
    'delivered on 2026-11-30, ordered 2026-11-21',
    'it cost €19.99, now $1,299.00',
    'waited 3 weeks and 2 days',
    'see https://shop.example.com/orders/123456789',
    'ref A-77-123456789',
    'open 9:00-17:30',
    'request 550e8400-e29b-41d4-a716-446655440000',
    '',
  ],
  'zh-CN': ['四星', '订单号 #10234 还没到', '２０２６-１１-３０ 才送到', '花了 ¥199.00', '等了 12 天'],
  es: ['le doy un 4', 'pedido #10234', 'llegó el 30.11.2026', 'costó 19,99 €', 'el 30-11-2026'],
};

describe('maskPersonalData', () => {
  for (const [locale, rows] of Object.entries(masked)) {
    it.each(rows)(`${locale}: masks "%s"`, (input, expected) => {
      expect(maskPersonalData(input)).toBe(expected);
    });
  }
  for (const [locale, rows] of Object.entries(untouched)) {
    it.each(rows)(`${locale}: leaves "%s" alone`, (input) => {
      expect(maskPersonalData(input)).toBe(input);
    });
  }

  it('tells card numbers by their check digit', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(maskPersonalData('4111 1111 1111 1112')).toBe('4111 1111 1111 1112');
  });

  it('masks every string in a value and keeps its shape', () => {
    expect(maskStrings({ a: ['x@y.io', 4], b: { c: '138 0013 8000' }, d: true })).toEqual({ a: ['[email]', 4], b: { c: '[phone]' }, d: true });
  });
});
