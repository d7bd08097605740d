import { describe, it, expect } from 'vitest';
import { recognizeYesNo } from '../../src/core/recognize/yesNo.js';
import type { NotRecognized, Recognized } from '../../src/core/recognize/types.js';

type Reason = NotRecognized['reason'];

function result(expected: boolean | Reason): Recognized<boolean> {
  return typeof expected === 'boolean' ? { ok: true, value: expected } : { ok: false, reason: expected };
}

// Yes/no questions have no range or options, so the third column is always null.
const rows: Array<[locale: string, input: string, options: null, expected: boolean | Reason]> = [
  ['en', 'yes', null, true],
  ['en', 'Yes!', null, true],
  ['en', 'y', null, true],
  ['en', 'yes please', null, true],
  ['en', 'yeah', null, true],
  ['en', 'yep', null, true],
  ['en', 'yup', null, true],
  ['en', 'Sure', null, true],
  ['en', 'of course', null, true],
  ['en', 'ok', null, true],
  ['en', 'okay', null, true],
  ['en', 'absolutely', null, true],
  ['en', 'definitely', null, true],
  ['en', 'please do', null, true],
  ['en', '👍', null, true],
  ['en', 'no problem', null, true],
  ['en', 'well, yes', null, true],
  ['en', 'no', null, false],
  ['en', 'n', null, false],
  ['en', 'nope', null, false],
  ['en', 'nah', null, false],
  ['en', 'not really', null, false],
  ['en', 'no thanks', null, false],
  ['en', 'No, thanks.', null, false],
  ['en', 'never', null, false],
  ['en', '👎', null, false],
  ['en', 'definitely not', null, false],
  ['en', 'of course not', null, false],
  ['en', 'yes no', null, 'ambiguous'],
  ['en', 'yes and no', null, 'ambiguous'],
  ['en', 'nothing', null, 'not_understood'],
  ['en', 'maybe', null, 'not_understood'],
  ['en', 'I think so', null, 'not_understood'],
  ['en', '', null, 'empty'],
  ['en', '\u200B\u200F', null, 'empty'],
  ['zh-CN', '是', null, true],
  ['zh-CN', '是的', null, true],
  ['zh-CN', '对', null, true],
  ['zh-CN', '好', null, true],
  ['zh-CN', '好的', null, true],
  ['zh-CN', '可以', null, true],
  ['zh-CN', '行', null, true],
  ['zh-CN', '嗯', null, true],
  ['zh-CN', '要', null, true],
  ['zh-CN', '愿意', null, true],
  ['zh-CN', '当然', null, true],
  ['zh-CN', '是的，可以', null, true],
  ['zh-CN', '没问题', null, true],
  ['zh-CN', 'yes', null, true],
  ['zh-CN', '不', null, false],
  ['zh-CN', '不是', null, false],
  ['zh-CN', '否', null, false],
  ['zh-CN', '没有', null, false],
  ['zh-CN', '不要', null, false],
  ['zh-CN', '不用了', null, false],
  ['zh-CN', '不愿意', null, false],
  ['zh-CN', '不行', null, false],
  ['zh-CN', '算了', null, false],
  ['zh-CN', '是不是', null, 'ambiguous'],
  ['zh-CN', '天气', null, 'not_understood'],
  ['es', 'sí', null, true],
  ['es', 'si', null, true],
  ['es', 'Sí, claro', null, true],
  ['es', 'claro', null, true],
  ['es', 'vale', null, true],
  ['es', 'por supuesto', null, true],
  ['es', 'de acuerdo', null, true],
  ['es', 'desde luego', null, true],
  ['es', 'ok', null, true],
  ['es', 'si, no hay problema', null, true],
  ['es', 'no', null, false],
  ['es', 'para nada', null, false],
  ['es', 'nunca', null, false],
  ['es', 'no gracias', null, false],
  ['es', 'No, gracias', null, false],
  ['es', 'ni hablar', null, false],
  ['es', 'claro que no', null, false],
  ['es', 'sí, no', null, 'ambiguous'],
  ['es', 'y luego qué', null, 'not_understood'],
];

describe('recognizeYesNo', () => {
  it.each(rows)('[%s] %j %s -> %j', (locale, input, _options, expected) => {
    expect(recognizeYesNo(input, locale)).toEqual(result(expected));
  });
});
