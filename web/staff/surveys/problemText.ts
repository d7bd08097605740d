/**
 * Validation problems in plain words. The server's problems are precise but written for people
 * who read parser output ("questions[2].text.es: text missing for locale "es""); admins get a
 * sentence about the question it belongs to, a hint on how to fix it, in the staff UI's
 * language, and keep the server's own words as a detail. Pure (no DOM): tested on its own.
 */
import type { PathSegment, Problem } from '../../../src/core/problem.js';
import type { Translate } from '../i18n.js';

export interface PlainProblem {
  /** What is wrong, as a sentence. */
  text: string;
  /** How to fix it. */
  hint: string;
  /** The question it belongs to (its index in `questions`), so cards can show it. */
  questionIndex?: number;
  /** Where in the script it is (`['endings', 1, 'if']`), so ending and rule cards can show theirs. */
  path: PathSegment[];
  /** The server's words, for people who want them. */
  detail: string;
}

/** What the script's lists call their items, for naming the place of a problem. */
export interface ScriptIds {
  questions?: readonly (string | undefined)[];
  endings?: readonly (string | undefined)[];
  escalation?: readonly (string | undefined)[];
}

const KNOWN = new Set([
  'SCHEMA', 'DUPLICATE_ID', 'RESERVED_ID', 'UNKNOWN_LOCALE', 'MISSING_TEXT', 'MISSING_LOCALE_STRING', 'BAD_PLACEHOLDER', 'BAD_SCALE', 'BAD_CONDITION',
  'UNKNOWN_QUESTION', 'LATER_QUESTION', 'BACKWARD_JUMP', 'UNREACHABLE', 'MISSING_DEFAULT_ENDING', 'CONSENT_NOT_YESNO', 'OUTCOME_NOT_RATING', 'KANO_FORMS',
  'KANO_SAME_TEXT', 'NOT_KANO',
]);

/** The YAML library's (and the loader's) syntax messages, by what a person can do about them. */
const YAML_KINDS: [RegExp, string][] = [
  [/larger than|more than \d+ keys|nests deeper|more than \d+ keys and values|alias/i, 'tooBig'],
  [/given twice|must be unique/i, 'duplicateKey'],
  [/tab/i, 'tabs'],
  [/quote|quoted/i, 'quote'],
  [/flow (sequence|mapping|collection)|missing closing|unexpected (\]|\})|\]|\}/i, 'bracket'],
  [/nested mappings are not allowed in compact mappings|compact/i, 'colon'],
  [/implicit map keys need to be followed by map values|implicit keys need to be on a single line|implicit keys/i, 'noValue'],
  [/indent|same column|column|sequence item without/i, 'indent'],
];

/** The locale's name in the UI's language ("es" → "Spanish" / "español" / "西班牙语"). */
export function localeName(code: string, uiLocale: string): string {
  try {
    return new Intl.DisplayNames([uiLocale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function capitalize(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** "question “delivery”", "the title", "ending “thanks”"… for the start of a problem's path. */
export function placeOf(path: readonly PathSegment[], t: Translate, ids: ScriptIds = {}, questionId?: string): string {
  const [root, index, field] = path;
  const named = (list: readonly (string | undefined)[] | undefined, key: string) => {
    const id = typeof index === 'number' ? list?.[index] : undefined;
    return id ? t(`${key}.named`, { id }) : typeof index === 'number' ? t(`${key}.numbered`, { n: index + 1 }) : t(`${key}.any`);
  };
  switch (root) {
    case 'questions': {
      const qid = (typeof index === 'number' ? ids.questions?.[index] : undefined) ?? questionId;
      const question = qid ? t('plain.place.question.named', { id: qid }) : typeof index === 'number' ? t('plain.place.question.numbered', { n: index + 1 }) : t('plain.place.question.any');
      if (field === 'if') return t('plain.place.showIf', { question });
      if (field === 'next') return t('plain.place.next', { question });
      return question;
    }
    case 'endings':
      return named(ids.endings, 'plain.place.ending');
    case 'escalation':
      return named(ids.escalation, 'plain.place.rule');
    case 'title':
      return t('plain.place.title');
    case 'intro':
      return t('plain.place.intro');
    case 'settings':
      return t('plain.place.setting', { name: typeof index === 'string' ? index : '' });
    case 'locales':
    case 'defaultLocale':
      return t('plain.place.locales');
    case 'outcome':
      return t('plain.place.outcome');
    case 'aspects':
      return t('plain.place.aspects');
    case 'id':
      return t('plain.place.id');
    default:
      return questionId ? t('plain.place.question.named', { id: questionId }) : t('plain.place.script');
  }
}

/** One problem, in plain words. */
export function plainProblem(p: Problem, t: Translate, uiLocale: string, ids: ScriptIds = {}): PlainProblem {
  const path = Array.isArray(p.path) ? p.path : [];
  const detail = String(p.message ?? '');
  const questionIndex = path[0] === 'questions' && typeof path[1] === 'number' ? path[1] : questionIndexOf(p.questionId, ids);
  const base = { path: [...path], ...(questionIndex !== undefined ? { questionIndex } : {}) };
  const line = typeof p.line === 'number' ? p.line : '?';
  if (p.code === 'YAML') {
    const kind = YAML_KINDS.find(([re]) => re.test(detail))?.[1] ?? 'other';
    return { ...base, text: t(`plain.YAML.${kind}`, { line }), hint: t(`plain.YAML.${kind}.hint`, { line }), detail };
  }
  const locale = p.locale ?? (typeof path.at(-1) === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(String(path.at(-1))) && path.includes('text') ? String(path.at(-1)) : undefined);
  // An empty text for a language (what a new card holds until it is written) fails the schema's
  // length check; to the admin it is simply text that is missing in that language.
  const emptyText = p.code === 'SCHEMA' && locale !== undefined && /too small|>=\s*1 character/i.test(detail);
  const code = emptyText ? 'MISSING_TEXT' : KNOWN.has(p.code) ? p.code : 'other';
  const params = {
    place: placeOf(path, t, ids, p.questionId),
    id: p.questionId ?? (questionIndex !== undefined ? ids.questions?.[questionIndex] ?? String(questionIndex + 1) : ''),
    language: locale ? localeName(locale, uiLocale) : '',
    locale: locale ?? '',
    line,
  };
  return { ...base, text: capitalize(t(`plain.${code}`, params)), hint: t(`plain.${code}.hint`, params), detail };
}

function questionIndexOf(id: string | undefined, ids: ScriptIds): number | undefined {
  if (!id || !ids.questions) return undefined;
  const i = ids.questions.indexOf(id);
  return i >= 0 ? i : undefined;
}
