import { foldText, language, normalizeInput, type Language } from './normalize.js';
import { after, before, scanNumbers, type NumberHit } from './numbers.js';
import type { NotRecognized, RatingRange, Recognized } from './types.js';

/** Satisfaction on a fixed five-step scale, mapped onto whatever range the question uses. */
type Level = 1 | 2 | 3 | 4 | 5;

interface Phrase {
  level: Level;
  pattern: RegExp;
  /** Already contains its own negation ("not bad", "不满意"), so a negator before it is not flipped. */
  negated: boolean;
}

interface PhraseMatch {
  level: number;
  start: number;
  end: number;
  negated: boolean;
}

const FILLED_STARS = /[⭐★*🌟]/gu;
const STARS_ONLY = /^[⭐★*🌟☆✩\s]+$/u;

const FACE_LEVELS: ReadonlyArray<readonly [Level, string]> = [
  [1, '😡🤬😠👿💢😭🤮😫😩'],
  [2, '😞☹🙁😢😟👎😕😒😔😣😖😤😥'],
  [3, '😐😑😶🤷🫤😬'],
  [4, '🙂😊👍😀😃👌☺😌'],
  [5, '😍🤩🥰😁😄❤♥💯🎉👏🙌😆💖💕🥳💗'],
];
const FACES = new Map<string, Level>(FACE_LEVELS.flatMap(([level, faces]) => [...faces].map((face) => [face, level] as const)));
// Skin tones and the gender signs of ZWJ sequences ("🤷‍♀️") do not change the mood.
const FACE_DECORATION = /[\u{1F3FB}-\u{1F3FF}\u2640\u2642\s]/gu;

const EN_LEVELS: readonly (readonly string[])[] = [
  ['terrible', 'awful', 'horrible', 'very bad', 'really bad', 'so bad', 'very poor', 'very dissatisfied', 'extremely dissatisfied',
    'completely dissatisfied', 'not at all satisfied', 'hated it', 'hate it', 'worst', 'the worst', 'atrocious', 'abysmal', 'dreadful',
    'disgusting', 'very difficult', 'very hard', 'extremely difficult', 'very unlikely', 'extremely unlikely', 'never', 'no way',
    'definitely not'],
  ['bad', 'poor', 'pretty bad', 'dissatisfied', 'somewhat dissatisfied', 'unhappy', 'not good', 'not great', 'not satisfied', 'not happy',
    'disappointed', 'disappointing', 'frustrating', 'mediocre', 'unlikely', 'not likely', 'probably not', 'difficult', 'hard',
    'complicated', 'confusing', 'not easy', 'below average'],
  ['ok', 'okay', 'fine', 'average', 'so-so', 'so so', 'meh', 'neutral', 'alright', 'all right', 'decent', 'acceptable', 'good enough',
    'neither satisfied nor dissatisfied', 'mixed', 'maybe', 'not sure', 'hard to say'],
  ['good', 'pretty good', 'quite good', 'nice', 'satisfied', 'somewhat satisfied', 'happy', 'pleased', 'glad', 'like it', 'liked it',
    'enjoyed it', 'likely', 'most likely', 'probably', 'easy', 'pretty easy', 'simple', 'straightforward', 'not bad', 'no complaints',
    'no problems', 'no issues'],
  ['very good', 'really good', 'so good', 'great', 'excellent', 'amazing', 'perfect', 'love it', 'loved it', 'love this', 'very satisfied',
    'extremely satisfied', 'completely satisfied', 'very happy', 'very likely', 'extremely likely', 'highly likely', 'definitely',
    'absolutely', 'for sure', 'of course', 'very easy', 'super easy', 'extremely easy', 'effortless', 'fantastic', 'outstanding',
    'awesome', 'superb', 'wonderful', 'brilliant', 'exceptional', 'incredible', 'flawless', 'best', 'the best'],
];

const ZH_LEVELS: readonly (readonly string[])[] = [
  ['非常不满意', '很不满意', '特别不满意', '极不满意', '十分不满意', '超级不满意', '极差', '太差了', '太差', '很差', '非常差', '好差',
    '糟糕透了', '很糟糕', '一点都不满意', '一点也不满意', '绝对不会', '不可能', '垃圾', '很烂', '太烂', '差评', '非常难', '太难了'],
  ['不满意', '不太满意', '差', '不好', '不太好', '失望', '不太可能', '困难', '很难', '糟糕', '不方便'],
  ['一般', '一般般', '还行', '还可以', '还好', '凑合', '马马虎虎', '中等', '差不多', '中评', '说不好', '不确定', '也许'],
  ['满意', '比较满意', '挺满意', '还算满意', '挺好', '不错', '好', '可能', '容易', '简单', '方便', '没问题', '没毛病'],
  ['非常满意', '很满意', '特别满意', '十分满意', '超级满意', '非常好', '很好', '太好了', '完美', '超级好', '极好', '一定会', '肯定会',
    '非常容易', '很容易', '很简单', '非常可能', '很可能', '很棒', '超棒', '太棒了', '棒极了', '好评', '满分', '五星好评'],
];

const ES_LEVELS: readonly (readonly string[])[] = [
  ['pésimo', 'pésima', 'horrible', 'terrible', 'muy malo', 'muy mala', 'muy mal', 'malísimo', 'muy insatisfecho', 'muy insatisfecha',
    'nada satisfecho', 'nada satisfecha', 'fatal', 'lo peor', 'el peor', 'muy difícil', 'muy poco probable', 'nada probable', 'nunca',
    'para nada', 'de ninguna manera'],
  ['malo', 'mala', 'mal', 'insatisfecho', 'insatisfecha', 'no muy bien', 'no muy bueno', 'no estoy satisfecho', 'no estoy satisfecha',
    'poco satisfecho', 'poco satisfecha', 'decepcionado', 'decepcionada', 'decepcionante', 'poco probable', 'difícil', 'complicado',
    'no me gustó'],
  ['regular', 'normal', 'aceptable', 'más o menos', 'ni bien ni mal', 'así así', 'ni fu ni fa', 'neutral', 'tal vez', 'quizás', 'quizá',
    'puede ser', 'ok', 'okay'],
  ['bueno', 'buena', 'bien', 'satisfecho', 'satisfecha', 'contento', 'contenta', 'probable', 'fácil', 'sencillo', 'no está mal',
    'bastante bien', 'bastante bueno', 'me gustó', 'agradable', 'probablemente', 'sin problemas', 'sin quejas'],
  ['muy bueno', 'muy buena', 'muy bien', 'excelente', 'genial', 'perfecto', 'perfecta', 'muy satisfecho', 'muy satisfecha',
    'totalmente satisfecho', 'totalmente satisfecha', 'encantado', 'encantada', 'estupendo', 'estupenda', 'muy probable',
    'seguro que sí', 'sin duda', 'muy fácil', 'fantástico', 'maravilloso', 'increíble', 'buenísimo', 'me encantó', 'lo mejor',
    'el mejor', 'la mejor', 'los mejores', 'las mejores'],
];

// A negator right before a phrase, optionally through a softener: "not very good", "no es muy bueno", "不是很满意".
const NEGATION_BEFORE: Readonly<Record<'en' | 'es' | 'zh', RegExp>> = {
  en: /(?:^|[^\p{L}'])(?:not|isn't|isnt|wasn't|wasnt|aren't|weren't|don't|dont|didn't|didnt|doesn't|won't|wouldn't|no|hardly)\s+(?:(?:very|so|that|too|really|particularly|exactly|quite|the|all that|overly|entirely|completely|totally)\s+)?$/u,
  es: /(?:^|[^\p{L}])(?:no|nunca|tampoco|nada)\s+(?:(?:es|fue|era|esta|estoy|estuve|estuvo|estaba|ha sido|me parece|me parecio|me siento|lo veo|muy|tan|demasiado|nada|del todo)\s+){0,2}$/u,
  zh: /(?:不|没|没有|不是|不是很|不太|不怎么|不那么|没那么|不算|不够|并不)$/u,
};
const INHERENTLY_NEGATIVE = /^(?:not|no|never|nada|ni|nunca|不|没|一点)(?![\p{L}])|^(?:不|没)/u;

const PHRASES: Readonly<Record<'en' | 'es' | 'zh', readonly Phrase[]>> = {
  en: compile(EN_LEVELS, 'en'),
  es: compile(ES_LEVELS, 'es'),
  zh: compile(ZH_LEVELS, 'zh'),
};

// "8/10", "8 out of 10", "8 de 10", "8 sobre 10".
const FRACTION_JOIN = /^\s*(?:\/|out of|of|de|sobre)\s*$/u;
// "满分10分", "10分制": the number is the scale, not the answer.
const ZH_SCALE_BEFORE = /(?:满分|总分)(?:是|为)?\s*$/u;
const ZH_SCALE_AFTER = /^\s*分?制/u;

/**
 * Reads a rating from a free-text answer: stars, faces, fractions, numbers, then satisfaction
 * words. A stated number always beats words, and nothing is ever rescaled from another scale.
 */
export function recognizeRating(text: string, range: RatingRange, locale: string): Recognized<number> {
  const input = normalizeInput(text);
  if (input === '') return fail('empty');
  const symbols = starRating(input, range) ?? faceRating(input, range);
  if (symbols) return symbols;
  const folded = foldText(input, locale);
  const lang = language(locale);
  return numberRating(folded, lang, range) ?? wordRating(folded, lang, range) ?? fail('not_understood');
}

function starRating(input: string, range: RatingRange): Recognized<number> | undefined {
  if (!STARS_ONLY.test(input)) return undefined;
  return inRange(input.match(FILLED_STARS)?.length ?? 0, range);
}

function faceRating(input: string, range: RatingRange): Recognized<number> | undefined {
  const faces = [...input.replace(FACE_DECORATION, '')];
  if (faces.length === 0 || !faces.every((face) => FACES.has(face))) return undefined;
  const levels = new Set(faces.map((face) => FACES.get(face)));
  const [level] = levels;
  if (levels.size > 1 || level === undefined) return fail('ambiguous');
  return { ok: true, value: levelToValue(level, range) };
}

function numberRating(folded: string, lang: Language, range: RatingRange): Recognized<number> | undefined {
  const { hits, decimal } = scanNumbers(folded, lang);
  if (decimal) return fail('ambiguous');
  const [first] = hits;
  if (first === undefined) return undefined;
  const fraction = findFraction(folded, hits);
  if (fraction) {
    const others = hits.filter((hit) => !fraction.parts.includes(hit) && hit.value !== fraction.value);
    if (others.length > 0 || fraction.scale !== range.max) return fail('ambiguous');
    return inRange(fraction.value, range);
  }
  if (new Set(hits.map((hit) => hit.value)).size > 1) return fail('ambiguous');
  return inRange(first.value, range);
}

function findFraction(folded: string, hits: NumberHit[]): { value: number; scale: number; parts: NumberHit[] } | undefined {
  for (const [i, hit] of hits.entries()) {
    const next = hits[i + 1];
    if (next && FRACTION_JOIN.test(folded.slice(hit.end, next.start))) return { value: hit.value, scale: next.value, parts: [hit, next] };
    // "十分之八" puts the scale first.
    if (next && folded.slice(hit.end, next.start) === '分之') return { value: next.value, scale: hit.value, parts: [hit, next] };
  }
  const scale = hits.find((hit) => ZH_SCALE_BEFORE.test(before(folded, hit.start)) || ZH_SCALE_AFTER.test(after(folded, hit.end)));
  const answer = hits.find((hit) => hit !== scale);
  if (scale && answer) return { value: answer.value, scale: scale.value, parts: [scale, answer] };
  return undefined;
}

function wordRating(folded: string, lang: Language, range: RatingRange): Recognized<number> | undefined {
  const tables: ('en' | 'es' | 'zh')[] = lang === 'en' || lang === 'other' ? ['en'] : [lang, 'en'];
  for (const table of tables) {
    const levels = matchPhrases(folded, PHRASES[table]).map((match) => effectiveLevel(folded, match, table));
    if (levels.length === 0) continue;
    // reduce, not spread: a very long answer can match thousands of times.
    const spread = levels.reduce((max, level) => Math.max(max, level)) - levels.reduce((min, level) => Math.min(min, level));
    if (spread > 1) return fail('ambiguous');
    const mean = levels.reduce((sum, level) => sum + level, 0) / levels.length;
    return { ok: true, value: levelToValue(Math.round(mean), range) };
  }
  return undefined;
}

/** Longest phrases claim their text first, so "very dissatisfied" is never also read as "dissatisfied". */
function matchPhrases(folded: string, phrases: readonly Phrase[]): PhraseMatch[] {
  const taken = new Uint8Array(folded.length);
  const matches: PhraseMatch[] = [];
  for (const phrase of phrases) {
    for (const m of folded.matchAll(phrase.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.subarray(start, end).some(Boolean)) continue;
      taken.fill(1, start, end);
      matches.push({ level: phrase.level, start, end, negated: phrase.negated });
    }
  }
  return matches;
}

function effectiveLevel(folded: string, match: PhraseMatch, table: 'en' | 'es' | 'zh'): number {
  if (match.negated) return match.level;
  if (!NEGATION_BEFORE[table].test(before(folded, match.start))) return match.level;
  // "not excellent" is poor but not terrible; "not terrible" is fine but not great.
  return Math.min(4, Math.max(2, 6 - match.level));
}

function compile(levels: readonly (readonly string[])[], table: 'en' | 'es' | 'zh'): Phrase[] {
  const phrases = levels.flatMap((words, i) => words.map((word) => ({ word: foldText(word, table), level: (i + 1) as Level })));
  return phrases
    .sort((a, b) => b.word.length - a.word.length)
    .map(({ word, level }) => ({
      level,
      pattern: table === 'zh' ? new RegExp(escape(word), 'gu') : new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])`, 'gu'),
      negated: INHERENTLY_NEGATIVE.test(word),
    }));
}

function levelToValue(level: number, range: RatingRange): number {
  return range.min + Math.round(((level - 1) / 4) * (range.max - range.min));
}

function inRange(value: number, range: RatingRange): Recognized<number> {
  return value >= range.min && value <= range.max ? { ok: true, value } : fail('out_of_range');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function fail(reason: NotRecognized['reason']): NotRecognized {
  return { ok: false, reason };
}
