import { describe, it, expect } from 'vitest';
import { recognizeChoice, recognizeChoices } from '../../src/core/recognize/choice.js';
import type { ChoiceCandidate, NotRecognized, Recognized } from '../../src/core/recognize/types.js';

type Reason = NotRecognized['reason'];
const REASONS: ReadonlySet<string> = new Set<Reason>(['empty', 'not_understood', 'out_of_range', 'ambiguous']);

const EN: ChoiceCandidate[] = [
  { value: 'price', names: ['Price', 'cost', 'cheap'] },
  { value: 'quality', names: ['Quality', 'durability'] },
  { value: 'shipping', names: ['Fast shipping', 'delivery'] },
];
const ES: ChoiceCandidate[] = [
  { value: 'envio', names: ['Envío rápido', 'entrega'] },
  { value: 'precio', names: ['Precio bajo', 'precio'] },
  { value: 'atencion', names: ['Atención al cliente', 'soporte'] },
];
const ZH: ChoiceCandidate[] = [
  { value: 'price', names: ['价格', '便宜'] },
  { value: 'quality', names: ['质量'] },
  { value: 'service', names: ['服务', '客服'] },
];
/** Options labelled by numbers: a bare number is a label, never a position. */
const NUMBERED: ChoiceCandidate[] = [
  { value: 'five', names: ['5'] },
  { value: 'ten', names: ['10'] },
  { value: 'twenty', names: ['20'] },
];
const OVERLAPPING: ChoiceCandidate[] = [
  { value: 'price', names: ['Price'] },
  { value: 'low-price', names: ['Low price'] },
];
const TWO: ChoiceCandidate[] = [
  { value: 'email', names: ['Email'] },
  { value: 'phone', names: ['Phone'] },
];

function result<T>(expected: T | Reason): Recognized<T> {
  return typeof expected === 'string' && REASONS.has(expected)
    ? { ok: false, reason: expected as Reason }
    : { ok: true, value: expected as T };
}

const single: Array<[locale: string, input: string, options: ChoiceCandidate[], expected: string]> = [
  ['en', 'Price', EN, 'price'],
  ['en', 'PRICE!', EN, 'price'],
  ['en', 'cost', EN, 'price'],
  ['en', 'Fast shipping', EN, 'shipping'],
  ['en', 'fast delivery please', EN, 'shipping'],
  ['en', 'I care about quality the most', EN, 'quality'],
  ['en', '2', EN, 'quality'],
  ['en', '#2', EN, 'quality'],
  ['en', '２', EN, 'quality'],
  ['en', 'option 3', EN, 'shipping'],
  ['en', 'three', EN, 'shipping'],
  ['en', 'first', EN, 'price'],
  ['en', 'the second one', EN, 'quality'],
  ['en', '2nd', EN, 'quality'],
  ['en', "I'll take the third", EN, 'shipping'],
  ['en', 'last', EN, 'shipping'],
  ['en', 'the last one', EN, 'shipping'],
  ['en', 'price and quality', EN, 'ambiguous'],
  ['en', '7', EN, 'out_of_range'],
  ['en', '0', EN, 'out_of_range'],
  ['en', 'fourth', EN, 'out_of_range'],
  ['en', 'bananas', EN, 'not_understood'],
  ['en', 'pricey', EN, 'not_understood'],
  ['en', '', EN, 'empty'],
  ['en', ' \u200B ', EN, 'empty'],
  ['en', '10', NUMBERED, 'ten'],
  ['en', '1', NUMBERED, 'not_understood'],
  ['en', 'the first one', NUMBERED, 'five'],
  ['en', 'low price', OVERLAPPING, 'low-price'],
  ['en', 'the low price matters', OVERLAPPING, 'low-price'],
  ['es', 'Envio rapido', ES, 'envio'],
  ['es', 'ENVÍO RÁPIDO', ES, 'envio'],
  ['es', 'me importa la entrega', ES, 'envio'],
  ['es', 'el precio', ES, 'precio'],
  ['es', 'primero', ES, 'envio'],
  ['es', 'la segunda', ES, 'precio'],
  ['es', 'tercera', ES, 'atencion'],
  ['es', '2º', ES, 'precio'],
  ['es', 'dos', ES, 'precio'],
  ['es', 'el último', ES, 'atencion'],
  ['es', 'la última opción', ES, 'atencion'],
  ['es', 'la quinta', ES, 'out_of_range'],
  ['es', 'no sé', ES, 'not_understood'],
  ['zh-CN', '价格', ZH, 'price'],
  ['zh-CN', '便宜', ZH, 'price'],
  ['zh-CN', '第二个', ZH, 'quality'],
  ['zh-CN', '第三项', ZH, 'service'],
  ['zh-CN', '最后一个', ZH, 'service'],
  ['zh-CN', '2', ZH, 'quality'],
  ['zh-CN', '二', ZH, 'quality'],
  ['zh-CN', '１', ZH, 'price'],
  ['zh-CN', '我选1', ZH, 'price'],
  ['zh-CN', '我觉得质量最重要', ZH, 'quality'],
  ['zh-CN', '价格和质量', ZH, 'ambiguous'],
  ['zh-CN', '第五个', ZH, 'out_of_range'],
  ['zh-CN', '天气', ZH, 'not_understood'],
];

const multiple: Array<[locale: string, input: string, options: ChoiceCandidate[], expected: string[] | Reason]> = [
  ['en', 'quality', EN, ['quality']],
  ['en', 'price, quality', EN, ['price', 'quality']],
  ['en', 'quality and price', EN, ['price', 'quality']],
  ['en', 'delivery & cost', EN, ['price', 'shipping']],
  ['en', '1, 3', EN, ['price', 'shipping']],
  ['en', '1 and 3', EN, ['price', 'shipping']],
  ['en', '3 1 3', EN, ['price', 'shipping']],
  ['en', 'the first and the last', EN, ['price', 'shipping']],
  ['en', 'all', EN, ['price', 'quality', 'shipping']],
  ['en', 'All of the above.', EN, ['price', 'quality', 'shipping']],
  ['en', 'both', TWO, ['email', 'phone']],
  ['en', 'none', EN, 'empty'],
  ['en', '', EN, 'empty'],
  ['en', '1, 7', EN, 'out_of_range'],
  ['en', 'bananas', EN, 'not_understood'],
  ['en', '5, 20', NUMBERED, ['five', 'twenty']],
  ['es', 'todos', ES, ['envio', 'precio', 'atencion']],
  ['es', 'envio rapido y precio', ES, ['envio', 'precio']],
  ['es', '1 y 2', ES, ['envio', 'precio']],
  ['es', 'la primera y la tercera', ES, ['envio', 'atencion']],
  ['es', 'ninguno', ES, 'empty'],
  ['zh-CN', '价格和质量', ZH, ['price', 'quality']],
  ['zh-CN', '价格，服务', ZH, ['price', 'service']],
  ['zh-CN', '1、3', ZH, ['price', 'service']],
  ['zh-CN', '第一和第三', ZH, ['price', 'service']],
  ['zh-CN', '全部', ZH, ['price', 'quality', 'service']],
  ['zh-CN', '都', ZH, ['price', 'quality', 'service']],
  ['zh-CN', '没有', ZH, 'empty'],
];

describe('recognizeChoice', () => {
  it.each(single)('[%s] %j -> %j', (locale, input, options, expected) => {
    expect(recognizeChoice(input, options, locale)).toEqual(result(expected));
  });
});

describe('recognizeChoices', () => {
  it.each(multiple)('[%s] %j -> %j', (locale, input, options, expected) => {
    expect(recognizeChoices(input, options, locale)).toEqual(result(expected));
  });
});
