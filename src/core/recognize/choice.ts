import { foldForMatch, language, type Language } from './normalize.js';
import { standaloneNumber } from './numbers.js';
import type { ChoiceCandidate, NotRecognized, Recognized } from './types.js';

/** A position the customer named, 1-based and possibly past the end; "last" has no number until the options are known. */
interface Position {
  n: number | 'last';
  /** "the second" is positional even when options are labelled with numbers; a bare "2" is not. */
  ordinal: boolean;
}

const EN_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ES_ORDINALS: readonly (readonly string[])[] = [
  ['primero', 'primera', 'primer'], ['segundo', 'segunda'], ['tercero', 'tercera', 'tercer'], ['cuarto', 'cuarta'],
  ['quinto', 'quinta'], ['sexto', 'sexta'], ['septimo', 'septima', 'setimo', 'setima'], ['octavo', 'octava'],
  ['noveno', 'novena'], ['decimo', 'decima'],
];
const LAST_WORDS = new Set(['last', 'ultimo', 'ultima']);
const ORDINAL_SUFFIX = /^(\d+)(?:st|nd|rd|th|o|a|er|era|ero|ro|do|da|to|ta|vo|va|mo|ma|no|na)$/;

// Words around a position that carry no choice: "I'll take option 2", "la segunda opción por favor".
const FILLERS = new Set([
  'the', 'option', 'choice', 'answer', 'number', 'num', 'please', 'i', 'choose', 'pick', 'take', 'want', 'say', 'go', 'with',
  'select', 'my', 'is', 'it', 's', 'd', 'll', 'm', 'would', 'like', 'thanks', 'el', 'la', 'lo', 'opcion', 'numero', 'respuesta',
  'por', 'favor', 'quiero', 'elijo', 'escojo', 'prefiero', 'me', 'quedo', 'con', 'es', 'mi', 'gracias',
]);
const ONE_WORDS = new Set(['one', 'uno', 'una']);
const ZH_FILLERS = /我|选择|选项|选|要|就|吧|的|了|是|那个|这个|呢|啊|答案|号|[\s\p{P}]/gu;
const ZH_POSITION = /^(第)?(\d+|[零〇一二两三四五六七八九十]+)(?:个|项|种|条|样)?$/u;
const ZH_LAST = /^最后(?:一个|一项|一种|一条|一样|个|项)?$/u;

const ALL_WORDS = new Set([
  'all', 'all of them', 'all of the above', 'everything', 'todos', 'todas', 'todo', 'todos ellos', 'todas ellas',
  'todas las anteriores', 'todos los anteriores', '全部', '都', '都要', '全都', '全都要', '以上都是', '都是', '所有', '全选', '都选',
]);
const BOTH_WORDS = new Set(['both', 'both of them', 'ambos', 'ambas', '两个都', '两个都要', '都两个']);
const NONE_WORDS = new Set([
  'none', 'nothing', 'none of them', 'none of the above', 'ninguno', 'ninguna', 'nada', 'ninguna de las anteriores',
  'ninguno de los anteriores', '没有', '都没有', '都不', '都不是', '无', '没',
]);
const SEPARATOR_WORDS: Readonly<Record<Language, string>> = { en: 'and|plus', es: 'and|plus|y|e|ademas', zh: 'and|plus', other: 'and|plus' };

/** An option with its names folded the same way as the answer. */
interface Named {
  value: string;
  names: string[];
}

/** One option from a free-text answer: its name, its position ("2", "the second one", "第二个") or a name inside a sentence. */
export function recognizeChoice(text: string, options: ChoiceCandidate[], locale: string): Recognized<string> {
  const folded = foldForMatch(text, locale);
  if (folded === '') return fail('empty');
  const named = foldNames(options, locale);
  const exact = named.filter((option) => option.names.includes(folded));
  if (exact.length > 1) return fail('ambiguous');
  if (exact[0]) return { ok: true, value: exact[0].value };
  const position = usablePosition(folded, language(locale), named);
  if (position !== undefined) {
    const option = named[position - 1];
    return option && position >= 1 ? { ok: true, value: option.value } : fail('out_of_range');
  }
  const found = optionsIn(folded, named);
  if (found.length > 1) return fail('ambiguous');
  return found[0] === undefined ? fail('not_understood') : { ok: true, value: found[0] };
}

/** Several options: names anywhere in the answer plus positions in a list ("1, 3", "第一和第三"); "all" picks every option. */
export function recognizeChoices(text: string, options: ChoiceCandidate[], locale: string): Recognized<string[]> {
  const folded = foldForMatch(text, locale);
  const named = foldNames(options, locale);
  const exact = named.filter((option) => option.names.includes(folded));
  if (exact.length > 0) return { ok: true, value: exact.map((option) => option.value) };
  // A customer choosing nothing gives the engine nothing to store, same as a blank answer.
  if (folded === '' || NONE_WORDS.has(folded)) return fail('empty');
  if (ALL_WORDS.has(folded) || (options.length === 2 && BOTH_WORDS.has(folded))) return { ok: true, value: options.map((o) => o.value) };
  const chosen = new Set(optionsIn(folded, named));
  const lang = language(locale);
  for (const part of listParts(folded, lang)) {
    const positions = /^\d+(?:\s+\d+)+$/.test(part) ? part.split(' ') : [part];
    for (const position of positions) {
      const n = usablePosition(position, lang, named);
      if (n === undefined) continue;
      const option = named[n - 1];
      if (!option || n < 1) return fail('out_of_range');
      chosen.add(option.value);
    }
  }
  if (chosen.size === 0) return fail('not_understood');
  return { ok: true, value: options.filter((option) => chosen.has(option.value)).map((option) => option.value) };
}

function foldNames(options: ChoiceCandidate[], locale: string): Named[] {
  return options.map((option) => ({
    value: option.value,
    names: option.names.map((name) => foldForMatch(name, locale)).filter((name) => name !== ''),
  }));
}

/** The position the answer names, unless it is a bare number and some option is itself called by a number. */
function usablePosition(folded: string, lang: Language, named: Named[]): number | undefined {
  const position = positionIn(folded, lang);
  if (!position) return undefined;
  const numericNames = named.some((option) => option.names.some((name) => standaloneNumber(name, lang) !== undefined));
  if (!position.ordinal && numericNames) return undefined;
  return position.n === 'last' ? named.length : position.n;
}

function positionIn(folded: string, lang: Language): Position | undefined {
  if (/\p{Script=Han}/u.test(folded)) return chinesePosition(folded);
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '' && !FILLERS.has(word));
  const [word, trailing] = words;
  // "the second one": the trailing "one" is a pronoun.
  const single = words.length === 1 || (words.length === 2 && ONE_WORDS.has(trailing ?? '') && ordinalOf(word ?? '') !== undefined);
  if (!single || word === undefined) return undefined;
  const ordinal = ordinalOf(word);
  if (ordinal !== undefined) return { n: ordinal, ordinal: true };
  const n = standaloneNumber(word, lang === 'es' ? 'es' : 'en');
  return n === undefined ? undefined : { n, ordinal: false };
}

function chinesePosition(folded: string): Position | undefined {
  const bare = folded.replace(ZH_FILLERS, '');
  if (ZH_LAST.test(bare)) return { n: 'last', ordinal: true };
  const match = ZH_POSITION.exec(bare);
  const n = match ? standaloneNumber(match[2] ?? '', 'zh') : undefined;
  return match && n !== undefined ? { n, ordinal: match[1] !== undefined } : undefined;
}

function ordinalOf(word: string): number | 'last' | undefined {
  if (LAST_WORDS.has(word)) return 'last';
  const english = EN_ORDINALS.indexOf(word);
  if (english >= 0) return english + 1;
  const spanish = ES_ORDINALS.findIndex((forms) => forms.includes(word));
  if (spanish >= 0) return spanish + 1;
  const suffixed = ORDINAL_SUFFIX.exec(word);
  return suffixed ? Number(suffixed[1]) : undefined;
}

/** Options whose names appear in the text; longer names claim their words first ("low price" before "price"). */
function optionsIn(folded: string, named: Named[]): string[] {
  const taken = new Uint8Array(folded.length);
  const found = new Set<string>();
  const candidates = named
    .flatMap((option) => option.names.map((name) => ({ name, value: option.value })))
    .sort((a, b) => b.name.length - a.name.length);
  for (const { name, value } of candidates) {
    for (let at = folded.indexOf(name); at >= 0; at = folded.indexOf(name, at + 1)) {
      const end = at + name.length;
      if (!isWholeWord(folded, at, end) || taken.subarray(at, end).some(Boolean)) continue;
      taken.fill(1, at, end);
      found.add(value);
    }
  }
  return named.filter((option) => found.has(option.value)).map((option) => option.value);
}

// Chinese has no spaces, so a Han edge is always a boundary; Latin words need non-letters around them.
export function isWholeWord(text: string, start: number, end: number): boolean {
  const wordChar = /[\p{L}\p{N}]/u;
  const hanEdge = /\p{Script=Han}/u;
  const beforeOk = start === 0 || hanEdge.test(text.charAt(start)) || !wordChar.test(text.charAt(start - 1));
  const afterOk = end === text.length || hanEdge.test(text.charAt(end - 1)) || !wordChar.test(text.charAt(end));
  return beforeOk && afterOk;
}

function listParts(folded: string, lang: Language): string[] {
  const separator = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SEPARATOR_WORDS[lang]})(?![\\p{L}\\p{N}])|[,，、;；/&+]|和|跟|以及|还有|与|及`, 'u');
  return folded.split(separator).map((part) => part.trim()).filter((part) => part !== '');
}

function fail(reason: NotRecognized['reason']): NotRecognized {
  return { ok: false, reason };
}
