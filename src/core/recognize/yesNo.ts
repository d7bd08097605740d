import { foldForMatch, language, type Language } from './normalize.js';
import type { NotRecognized, Recognized } from './types.js';

interface Word {
  text: string;
  yes: boolean;
  /** Single letters and "please" only answer when they are the whole message ("y", not "y luego..."). */
  wholeOnly: boolean;
}

const LEXICON: Readonly<Record<'en' | 'zh' | 'es', { yes: string[]; no: string[] }>> = {
  en: {
    yes: ['yes', 'yeah', 'yea', 'yep', 'yup', 'sure', 'of course', 'ok', 'okay', 'absolutely', 'definitely', 'please do',
      'certainly', 'go ahead', 'alright', 'all right', 'indeed', 'correct', 'no problem', 'no worries', 'why not', '👍', 'y', 'please'],
    no: ['no', 'nope', 'nah', 'not really', 'no thanks', 'no thank you', 'never', 'not at all', 'definitely not', 'absolutely not',
      'of course not', 'no way', 'not now', '👎', 'n'],
  },
  zh: {
    yes: ['是', '是的', '对', '对的', '好', '好的', '可以', '行', '嗯', '要', '愿意', '当然', '当然可以', '没问题', '确定', '需要', '不错', '同意'],
    no: ['不', '不是', '否', '没有', '没', '不要', '不用', '不愿意', '不行', '算了', '不可以', '不好', '不想', '不需要', '当然不', '别', '不同意'],
  },
  es: {
    yes: ['sí', 'si', 'claro', 'claro que sí', 'vale', 'por supuesto', 'de acuerdo', 'desde luego', 'ok', 'okay', 'dale', 'sip',
      'sin problema', 'no hay problema', 'cómo no', 'por favor'],
    no: ['no', 'nop', 'para nada', 'nunca', 'no gracias', 'ni hablar', 'claro que no', 'de ninguna manera', 'por supuesto que no', 'jamás'],
  },
};

const WORDS: Readonly<Record<'en' | 'zh' | 'es', readonly Word[]>> = {
  en: compile('en'),
  zh: compile('zh'),
  es: compile('es'),
};

// Words that may sit between two answers without being one: "yes and no", "sí pero no".
const CONNECTOR = /^[\s\p{P}]*(?:(?:and|or|but|y|o|pero)(?![\p{L}\p{N}])|和|或|还是|但是|不过|可是)?[\s\p{P}]*/u;
// Hesitation before the answer: "well, yes", "bueno, no", "呃，是的".
const LEADING_FILLER = /^(?:(?:(?:well|um+|uh+|hmm+|oh|bueno|pues|mmm+|eh)(?![\p{L}\p{N}])|呃|额|那)[\s\p{P}]*)+/u;

/** Yes or no from the words the answer starts with; both at once is ambiguous. */
export function recognizeYesNo(text: string, locale: string): Recognized<boolean> {
  const folded = foldForMatch(text, locale);
  if (folded === '') return fail('empty');
  const words = lexicon(language(locale));
  const answers = leadingAnswers(folded.replace(LEADING_FILLER, '') || folded, words);
  if (answers.size === 0) return fail('not_understood');
  if (answers.size > 1) return fail('ambiguous');
  return { ok: true, value: answers.has(true) };
}

/** Answers in a row at the start ("yes, sure", "是的，可以"); stops at the first word that is none. */
function leadingAnswers(folded: string, words: readonly Word[]): Set<boolean> {
  const answers = new Set<boolean>();
  let at = 0;
  while (at < folded.length) {
    const word = words.find((w) => matchesAt(folded, at, w));
    if (!word) break;
    answers.add(word.yes);
    at += word.text.length;
    at += CONNECTOR.exec(folded.slice(at))?.[0].length ?? 0;
  }
  return answers;
}

function matchesAt(folded: string, at: number, word: Word): boolean {
  if (!folded.startsWith(word.text, at)) return false;
  const end = at + word.text.length;
  if (word.wholeOnly) return at === 0 && end === folded.length;
  // Latin words need a word end ("no" is not "nothing"); Chinese and emoji do not.
  return !/[\p{L}\p{N}]$/u.test(word.text) || /\p{Script=Han}$/u.test(word.text) || !/[\p{L}\p{N}]/u.test(folded[end] ?? '');
}

function lexicon(lang: Language): Word[] {
  // English answers are common in every locale, so they are always understood after the locale's own.
  return lang === 'en' || lang === 'other' ? [...WORDS.en] : longestFirst([...WORDS[lang], ...WORDS.en]);
}

function compile(lang: 'en' | 'zh' | 'es'): Word[] {
  const { yes, no } = LEXICON[lang];
  const words = [...yes.map((text) => ({ text, yes: true })), ...no.map((text) => ({ text, yes: false }))].map(({ text, yes: isYes }) => {
    const folded = foldForMatch(text, lang);
    const wholeOnly = (folded.length === 1 && /\p{Script=Latin}/u.test(folded)) || folded === 'please' || folded === 'por favor';
    return { text: folded, yes: isYes, wholeOnly };
  });
  return longestFirst(words);
}

// Longest first so "不要" is read before "要" and "definitely not" before "definitely".
function longestFirst(words: Word[]): Word[] {
  return words.sort((a, b) => b.text.length - a.text.length);
}

function fail(reason: NotRecognized['reason']): NotRecognized {
  return { ok: false, reason };
}
