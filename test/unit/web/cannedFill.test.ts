import { describe, expect, it } from 'vitest';
import { cannedText, cannedTitle, fillCanned } from '../../../web/staff/console/cannedFill.js';

const reply = { id: 'sorry', title: { en: 'Apologise', es: 'Disculparse' }, text: { en: 'Hi {name}, about order {orderId}.', 'zh-CN': '{name}您好，订单 {orderId}。', es: 'Hola {name}.' } };

describe('canned replies in the reply box', () => {
  it.each([
    ['en', 'Hi {name}, about order {orderId}.'],
    ['zh-CN', '{name}您好，订单 {orderId}。'],
    ['es-MX', 'Hola {name}.'],
    ['fr', 'Hi {name}, about order {orderId}.'],
  ])('the text for a %s customer', (locale, text) => {
    expect(cannedText(reply, locale)).toBe(text);
  });

  it('the title in the UI language, else another', () => {
    expect(cannedTitle(reply, 'es')).toBe('Disculparse');
    expect(cannedTitle(reply, 'zh-CN')).toBe('Apologise');
  });

  it('fills placeholders, and leaves the unknown ones showing', () => {
    expect(fillCanned('Hi {name}, about order {orderId}.', { name: 'Zoë', orderId: 'A-1' })).toEqual({ text: 'Hi Zoë, about order A-1.', missing: [] });
    expect(fillCanned('Hi {name}, order {orderId} {orderId}.', { name: ' ' })).toEqual({ text: 'Hi {name}, order {orderId} {orderId}.', missing: ['name', 'orderId'] });
    expect(fillCanned('{other} stays', { name: 'x' })).toEqual({ text: '{other} stays', missing: [] });
  });
});
