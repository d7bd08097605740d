import type { KanoAnswer } from '../results/kano.js';
import { language } from './normalize.js';

/**
 * What customers type for each of the five Kano answers, per language, besides the button
 * labels (locales/*.json, `kano.answer.*`). Matching folds case, accents and width, so each
 * form is written once. Negated forms are listed where the plain form would otherwise match
 * inside them ("don't like" before "like"): the choice recognizer lets longer names claim their
 * words first, and whatever negation is left over makes the answer not understood (kano.ts).
 */
const WORDS: Readonly<Record<'en' | 'zh' | 'es', Readonly<Record<KanoAnswer, readonly string[]>>>> = {
  en: {
    like: [
      'like', 'like it', 'i like it', "i'd like it", 'i would like it', "i'd like that", 'i would like that', 'i like that',
      'love', 'love it', 'i love it', "i'd love it", 'i would love it', "i'd love that", 'i would love that', 'i love that',
      'great', "that'd be great", 'that would be great', 'awesome', 'delighted', "i'd be delighted", 'happy', "i'd be happy",
      'i would be happy', 'pleased', "i'd be pleased", 'nice', "that'd be nice", 'that would be nice', 'yay', 'satisfied',
      '😍', '❤', '👍', '😀', '😊', '🥰',
    ],
    expect: [
      'expect', 'expect it', 'i expect it', "i'd expect it", 'i would expect it', "i'd expect that", 'i would expect that',
      'i expect that', 'expected', "that's expected", 'take it for granted', "i'd take it for granted", 'i take it for granted',
      'taken for granted', 'it must be that way', 'must be that way', 'it should be that way', 'must have', "it's a must",
      'a must', "that's a given", 'a given', 'standard', "it's standard", 'should be standard', 'the least you can do', 'basic',
      "it's basic", 'obligatory', 'essential', 'required',
    ],
    neutral: [
      'neutral', "i'm neutral", 'i am neutral', "i'd be neutral", 'i would be neutral', 'indifferent', "i'm indifferent",
      "i'd be indifferent", "don't care", "i don't care", "wouldn't care", "i wouldn't care", "couldn't care less",
      "doesn't matter", "it doesn't matter", "wouldn't matter", "it wouldn't matter", 'no difference', 'makes no difference',
      "wouldn't make a difference", 'either way', "don't mind", "i don't mind", "wouldn't mind", "i wouldn't mind",
      "i don't mind either way", 'no opinion', 'no preference', 'not bothered', "i'm not bothered", "wouldn't bother me",
      'meh', 'whatever', 'nothing', "i'd feel nothing", 'no feelings', '😐', '🤷',
    ],
    tolerate: [
      'tolerate', 'tolerate it', 'i tolerate it', 'i can tolerate it', 'i could tolerate it', "i'd tolerate it", 'can tolerate it',
      'tolerable', 'live with it', 'i can live with it', 'i could live with it', "i'd live with it", 'i can live with that',
      'i could live with that', 'can live with it', 'could live with it', 'put up with it', 'i can put up with it',
      'i could put up with it', 'acceptable', "it's acceptable", 'accept it', 'i can accept it', 'i could accept it',
      "i'd accept it", 'bearable', "i'd cope", 'i could cope', 'not ideal', "it's not ideal", 'ok i guess', 'okay i guess',
      'fine i guess', "i'd get by",
    ],
    dislike: [
      'dislike', 'dislike it', 'i dislike it', "i'd dislike it", 'i would dislike it', "i'd dislike that", 'i would dislike that',
      'hate', 'hate it', 'i hate it', "i'd hate it", 'i would hate it', "i'd hate that", 'i would hate that', 'i hate that',
      "don't like", "don't like it", "i don't like it", "i don't like that", 'do not like', "wouldn't like", "wouldn't like it",
      "i wouldn't like it", "i wouldn't like that", 'would not like', 'i would not like it', "i'd not like it",
      'annoyed', "i'd be annoyed", 'annoying', 'upset', "i'd be upset", 'disappointed', "i'd be disappointed", 'unhappy',
      "i'd be unhappy", 'not happy', "wouldn't be happy", "i wouldn't be happy", 'angry', "i'd be angry", 'frustrated',
      'terrible', 'awful', 'bad', "can't stand it", "couldn't stand it", "i couldn't stand it", "can't accept it",
      "couldn't accept it", 'unacceptable', "can't tolerate it", "couldn't tolerate it", "wouldn't tolerate it",
      "can't live with it", "couldn't live with it", "i couldn't live with it", 'not ok', 'not okay', '👎', '😡', '😠', '😞',
    ],
  },
  zh: {
    like: ['很喜欢', '喜欢', '我喜欢', '非常喜欢', '特别喜欢', '挺喜欢', '太好了', '很好', '很棒', '棒', '赞', '不错', '开心', '很开心', '高兴', '很高兴', '满意', '很满意', '爱了'],
    expect: ['理所当然', '理应如此', '应该的', '应该有', '本来就应该', '本来就该有', '本该如此', '必须的', '必须有', '必备', '基本的', '这是基本的', '标配', '当然要有', '应当如此'],
    neutral: ['无所谓', '没感觉', '没什么感觉', '一般', '都行', '都可以', '随便', '没关系', '不在乎', '不介意', '中立', '无感', '没差', '没区别', '没什么区别', '都一样'],
    tolerate: ['能忍受', '可以忍受', '能接受', '可以接受', '也能接受', '勉强接受', '勉强可以', '还行', '凑合', '将就', '能容忍', '可以容忍', '还可以', '没有也行', '没有也可以'],
    dislike: [
      '不喜欢', '很不喜欢', '不太喜欢', '不是很喜欢', '讨厌', '很讨厌', '反感', '不满意', '很不满意', '失望', '很失望', '生气', '不高兴',
      '不开心', '不能忍受', '无法忍受', '忍受不了', '受不了', '不能接受', '无法接受', '接受不了', '难以接受', '不行', '糟糕', '太差了',
    ],
  },
  es: {
    like: [
      'me gusta', 'me gustaría', 'me gustaría mucho', 'me gusta mucho', 'me encanta', 'me encantaría', 'genial', 'estupendo',
      'me alegraría', 'me haría ilusión', 'me pondría contento', 'me pondría contenta', 'contento', 'contenta', 'feliz',
      'estaría bien', 'muy bien', 'encantado', 'encantada',
    ],
    expect: [
      'lo espero', 'lo esperaría', 'lo doy por hecho', 'lo daría por hecho', 'lo doy por sentado',
      'lo daría por sentado', 'es lo mínimo', 'lo mínimo', 'debería ser así', 'debe ser así', 'tiene que ser así', 'es lo normal',
      'lo normal', 'es básico', 'básico', 'imprescindible', 'obligatorio', 'esperado',
    ],
    neutral: [
      'me da igual', 'me daría igual', 'da igual', 'daría igual', 'me es indiferente', 'me sería indiferente', 'indiferente',
      'neutral', 'neutro', 'no me importa', 'no me importaría', 'me da lo mismo', 'me daría lo mismo', 'ni fu ni fa',
      'sin opinión', 'no me afecta', 'no me afectaría', 'ni me va ni me viene',
    ],
    tolerate: [
      'lo tolero', 'lo toleraría', 'puedo tolerarlo', 'podría tolerarlo', 'tolerable', 'puedo vivir con ello', 'podría vivir con ello',
      'puedo vivir con eso', 'podría vivir con eso', 'lo aguanto', 'lo aguantaría', 'puedo aguantarlo', 'lo acepto', 'lo aceptaría',
      'aceptable', 'es aceptable', 'me conformo', 'me conformaría', 'no es lo ideal', 'pasable',
    ],
    dislike: [
      'no me gusta', 'no me gustaría', 'no me gusta nada', 'no me gustaría nada', 'me disgusta', 'me disgustaría', 'lo odio',
      'lo odiaría', 'odio', 'me molesta', 'me molestaría', 'me enfadaría', 'me enojaría', 'me decepcionaría', 'decepcionado',
      'decepcionada', 'no me haría gracia', 'me parecería mal', 'fatal', 'horrible', 'inaceptable', 'no lo tolero',
      'no lo toleraría', 'no lo aguanto', 'no lo aguantaría', 'no lo acepto', 'no lo aceptaría', 'no podría vivir con ello',
    ],
  },
};

/**
 * The words for each answer in a locale: its language's own, then English (understood in every
 * locale, as for yes/no). Forms with an apostrophe come with one without too ("dont care").
 */
export function kanoWords(locale: string): Record<KanoAnswer, string[]> {
  const lang = language(locale);
  const own = lang === 'zh' || lang === 'es' ? WORDS[lang] : undefined;
  const out = {} as Record<KanoAnswer, string[]>;
  for (const answer of Object.keys(WORDS.en) as KanoAnswer[]) {
    const words = [...(own?.[answer] ?? []), ...WORDS.en[answer]];
    out[answer] = [...new Set(words.flatMap((w) => (w.includes("'") ? [w, w.replace(/'/g, '')] : [w])))];
  }
  return out;
}
