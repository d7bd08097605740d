import { describe, it, expect } from 'vitest';
import { recognizeRating } from '../../src/core/recognize/rating.js';
import type { NotRecognized, RatingRange, Recognized } from '../../src/core/recognize/types.js';

type Reason = NotRecognized['reason'];
type Row = [locale: string, input: string, range: RatingRange, expected: number | Reason];

const CSAT: RatingRange = { min: 1, max: 5 };
const NPS: RatingRange = { min: 0, max: 10 };
const SEVEN: RatingRange = { min: 1, max: 7 };
const TEN: RatingRange = { min: 1, max: 10 };

function result(expected: number | Reason): Recognized<number> {
  return typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, reason: expected };
}

const symbols: Row[] = [
  ['en', '', CSAT, 'empty'],
  ['en', '   \u200B\t\n ', CSAT, 'empty'],
  ['en', '⭐⭐⭐⭐', CSAT, 4],
  ['en', '⭐️⭐️⭐️', CSAT, 3],
  ['en', '****', CSAT, 4],
  ['en', '★★★☆☆', CSAT, 3],
  ['en', '★ ★ ★ ★ ★', CSAT, 5],
  ['en', '＊＊', CSAT, 2],
  ['en', '⭐⭐⭐⭐⭐⭐', CSAT, 'out_of_range'],
  ['en', '☆☆☆', CSAT, 'out_of_range'],
  ['en', '😡', CSAT, 1],
  ['en', '🤬🤬', NPS, 0],
  ['en', '😞', NPS, 3],
  ['en', '☹️', CSAT, 2],
  ['en', '😐', CSAT, 3],
  ['en', '🤷‍♀️', CSAT, 3],
  ['en', '🙂🙂', CSAT, 4],
  ['en', '👍🏽', CSAT, 4],
  ['en', '😍', NPS, 10],
  ['en', '❤️', SEVEN, 7],
  ['en', '😡😍', CSAT, 'ambiguous'],
  ['zh-CN', '⭐⭐⭐', CSAT, 3],
  ['es', '🥰', CSAT, 5],
];

const numbers: Row[] = [
  ['en', '3', CSAT, 3],
  ['en', '10', CSAT, 'out_of_range'],
  ['en', '0', CSAT, 'out_of_range'],
  ['en', '0', NPS, 0],
  ['en', '11', NPS, 'out_of_range'],
  ['en', '-1', NPS, 'out_of_range'],
  ['en', '3 or 4', CSAT, 'ambiguous'],
  ['en', '3-4', CSAT, 'ambiguous'],
  ['en', '4.5', CSAT, 'ambiguous'],
  ['en', '4,5', CSAT, 'ambiguous'],
  ['en', 'four and a half', CSAT, 'ambiguous'],
  ['en', '4½', CSAT, 'ambiguous'],
  ['en', '100%', CSAT, 'not_understood'],
  ['en', 'it was ok, maybe a 3', CSAT, 3],
  ['en', 'four', CSAT, 4],
  ['en', "I'd give it a 9", NPS, 9],
  ['en', 'I’d give it a 9', NPS, 9],
  ['en', '4 stars', CSAT, 4],
  ['en', '5 stars, 5!', CSAT, 5],
  ['en', 'very good, 4', CSAT, 4],
  ['en', 'one', CSAT, 1],
  ['en', 'Seven', TEN, 7],
  ['en', '８', TEN, 8],
  ['en', '4\u200B', CSAT, 4],
  ['en', '\u200F4\u200E', CSAT, 4],
  ['en', '\uD800 4', CSAT, 4],
  ['fr-FR', '4', CSAT, 4],
  // "one" as a pronoun is not a rating; "best" still is.
  ['en', 'the best one', NPS, 10],
  ['en', 'the best one', CSAT, 5],
  ['en', 'one of the worst', CSAT, 1],
  ['en', 'no one helped me', CSAT, 'not_understood'],
];

const fractions: Row[] = [
  ['en', '8/10', NPS, 8],
  ['en', '10/10', NPS, 10],
  ['en', '4/5', CSAT, 4],
  ['en', '8 out of 10', NPS, 8],
  ['en', '4 of 5', CSAT, 4],
  ['en', 'four out of five', CSAT, 4],
  ['en', '8/10', CSAT, 'ambiguous'],
  ['en', '4/5', NPS, 'ambiguous'],
  ['en', '12/10', NPS, 'out_of_range'],
  ['en', '8/10, maybe 7', NPS, 'ambiguous'],
  ['es', '8 de 10', NPS, 8],
  ['es', '4 de 5', NPS, 'ambiguous'],
  ['es', '9 sobre 10', NPS, 9],
  ['zh-CN', '满分10分我给8分', NPS, 8],
  ['zh-CN', '满分十分我给八分', NPS, 8],
  ['zh-CN', '满分5分我给4分', NPS, 'ambiguous'],
  ['zh-CN', '十分之八', NPS, 8],
  ['zh-CN', '10分制，我打7分', NPS, 7],
];

const englishWords: Row[] = [
  ['en', 'terrible', CSAT, 1],
  ['en', 'Terrible!!!', NPS, 0],
  ['en', 'awful', SEVEN, 1],
  ['en', 'hated it', CSAT, 1],
  ['en', 'bad', CSAT, 2],
  ['en', 'not bad', CSAT, 4],
  ['en', 'not bad', NPS, 8],
  ['en', 'not good', CSAT, 2],
  ['en', 'ok', CSAT, 3],
  ['en', 'so-so', NPS, 5],
  ['en', 'meh', SEVEN, 4],
  ['en', 'good', SEVEN, 6],
  ['en', 'pretty good', TEN, 8],
  ['en', 'excellent', TEN, 10],
  ['en', 'very dissatisfied', CSAT, 1],
  ['en', 'dissatisfied', SEVEN, 3],
  ['en', 'satisfied', CSAT, 4],
  ['en', 'very satisfied', SEVEN, 7],
  ['en', 'not excellent', CSAT, 2],
  ['en', 'not very good', CSAT, 2],
  ['en', 'not too bad', CSAT, 4],
  ['en', 'not terrible', CSAT, 4],
  ['en', 'not ok', CSAT, 3],
  ['en', 'very likely', NPS, 10],
  ['en', 'unlikely', NPS, 3],
  ['en', 'very unlikely', NPS, 0],
  ['en', 'never', NPS, 0],
  ['en', 'definitely', NPS, 10],
  ['en', 'definitely not', NPS, 0],
  ['en', 'very easy', SEVEN, 7],
  ['en', 'difficult', CSAT, 2],
  ['en', 'no complaints', CSAT, 4],
  ['en', 'good, great', CSAT, 5],
  ['en', 'great and terrible', CSAT, 'ambiguous'],
  ['en', 'the delivery was fine but the app is awful', CSAT, 'ambiguous'],
  ['en', 'the badge was nice', CSAT, 4],
  ['en', 'badge', CSAT, 'not_understood'],
  ['en', 'purple', CSAT, 'not_understood'],
  ['en', 'I have no idea', CSAT, 'not_understood'],
  ['other', 'great', CSAT, 5],
];

const chinese: Row[] = [
  ['zh-CN', '我给4分', CSAT, 4],
  ['zh-CN', '四', CSAT, 4],
  ['zh-CN', '十', NPS, 10],
  ['zh-CN', '十', CSAT, 'out_of_range'],
  ['zh-CN', '4星', CSAT, 4],
  ['zh-CN', '四颗星', CSAT, 4],
  ['zh-CN', '4颗星', CSAT, 4],
  ['zh-CN', '五分', CSAT, 5],
  ['zh-CN', '两颗星', CSAT, 2],
  ['zh-CN', '打三分吧', CSAT, 3],
  ['zh-CN', '零分', NPS, 0],
  ['zh-CN', '４分', CSAT, 4],
  ['zh-CN', '3到4', CSAT, 'ambiguous'],
  ['zh-CN', '三到四分', CSAT, 'ambiguous'],
  ['zh-CN', '三四分', CSAT, 'ambiguous'],
  ['zh-CN', '四点五分', CSAT, 'ambiguous'],
  ['zh-CN', '一般', CSAT, 3],
  ['zh-CN', '一般', NPS, 5],
  ['zh-CN', '一点都不满意', CSAT, 1],
  ['zh-CN', '一直都很满意', CSAT, 5],
  ['zh-CN', '不满意', CSAT, 2],
  ['zh-CN', '非常不满意', CSAT, 1],
  ['zh-CN', '非常满意', CSAT, 5],
  ['zh-CN', '满意', SEVEN, 6],
  ['zh-CN', '十分满意', CSAT, 5],
  ['zh-CN', '还行', NPS, 5],
  ['zh-CN', '不错', CSAT, 4],
  ['zh-CN', '不好', CSAT, 2],
  ['zh-CN', '不是很满意', CSAT, 2],
  ['zh-CN', '不完美', CSAT, 2],
  ['zh-CN', '不差', CSAT, 4],
  ['zh-CN', '很好，4分', CSAT, 4],
  ['zh-CN', '太差了', NPS, 0],
  ['zh-CN', '一定会', NPS, 10],
  ['zh-CN', '不太可能', NPS, 3],
  ['zh-CN', '非常容易', CSAT, 5],
  ['zh-CN', '质量很好但是客服很差', CSAT, 'ambiguous'],
  ['zh-CN', 'good', CSAT, 4],
  ['zh-CN', '天气', CSAT, 'not_understood'],
];

const spanish: Row[] = [
  ['es', 'cuatro', CSAT, 4],
  ['es', 'diez', NPS, 10],
  ['es', 'le doy un 9', NPS, 9],
  ['es', '4 estrellas', CSAT, 4],
  ['es', '¡cinco estrellas!', CSAT, 5],
  ['es', 'entre 3 y 4', CSAT, 'ambiguous'],
  ['es', 'una', CSAT, 1],
  ['es', 'una estrella', CSAT, 1],
  ['es', 'un servicio muy bueno', CSAT, 5],
  ['es', 'es uno de los mejores', CSAT, 5],
  ['es', 'pésimo', CSAT, 1],
  ['es', 'PESIMO', CSAT, 1],
  ['es', 'no está mal', CSAT, 4],
  ['es', 'no esta mal', NPS, 8],
  ['es', 'mal', CSAT, 2],
  ['es', 'muy mal', CSAT, 1],
  ['es', 'regular', NPS, 5],
  ['es', 'más o menos', CSAT, 3],
  ['es', 'ni bien ni mal', CSAT, 3],
  ['es', 'bien', CSAT, 4],
  ['es', 'muy bien', CSAT, 5],
  ['es', 'no es bueno', CSAT, 2],
  ['es', 'no estoy nada satisfecho', CSAT, 1],
  ['es', 'Excelente!!', NPS, 10],
  ['es', 'muy probable', NPS, 10],
  ['es', 'poco probable', NPS, 3],
  ['es', 'fácil', SEVEN, 6],
  ['es-MX', 'muy bueno, 4', CSAT, 4],
  ['es', 'great', CSAT, 5],
  // Spanish "ten" is a verb, so English number words are not read in Spanish answers.
  ['es', 'ten', NPS, 'not_understood'],
];

const longInputs: Row[] = [
  ['en', 'x'.repeat(10_000), CSAT, 'not_understood'],
  ['en', 'good '.repeat(2_000), CSAT, 4],
  ['en', '3 '.repeat(5_000), CSAT, 3],
  ['zh-CN', '很'.repeat(10_000), CSAT, 'not_understood'],
  ['es', 'muy '.repeat(2_500) + 'bien', CSAT, 5],
];

describe('recognizeRating', () => {
  describe.each([
    ['stars and faces', symbols],
    ['numbers', numbers],
    ['fractions', fractions],
    ['English words', englishWords],
    ['Chinese', chinese],
    ['Spanish', spanish],
  ])('%s', (_name, rows) => {
    it.each(rows)('[%s] %j on %j -> %j', (locale, input, range, expected) => {
      expect(recognizeRating(input, range, locale)).toEqual(result(expected));
    });
  });

  // How fast is measured in bench/; a runaway regex would hit the test timeout.
  it.each(longInputs)('[%s] long input %# is answered', (locale, input, range, expected) => {
    expect(recognizeRating(input, range, locale)).toEqual(result(expected));
  });
});
