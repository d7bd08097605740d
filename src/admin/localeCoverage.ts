import type { Catalog } from '../core/script/compiled.js';
import { formatPath, type PathSegment } from '../core/problem.js';

export const COVERAGE_KINDS = ['title', 'intro', 'question', 'feature', 'functional', 'dysfunctional', 'minLabel', 'maxLabel', 'option', 'ending'] as const;

/** What a text is, as facts, so the staff app words it in its own language. */
export interface CoverageWhat {
  kind: (typeof COVERAGE_KINDS)[number];
  /** The question's id (or #n), for every kind that belongs to a question. */
  question?: string;
  option?: string;
  ending?: string;
}

export interface CoverageRow {
  path: string;
  /** What the text is, in English, for API clients: "question csat", "ending happy", "option delivery". */
  label: string;
  what: CoverageWhat;
  /** Locales the survey lists that this text lacks. */
  missing: string[];
}

export interface LocaleCoverage {
  locales: string[];
  rows: CoverageRow[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Which customer-visible texts are missing in which of the survey's locales, read from the
 * script as written (so it works on a draft that does not validate yet). A `{key}` text counts
 * as present in a locale when locales/<locale>.json has the key.
 */
export function localeCoverage(script: unknown, catalog: Catalog): LocaleCoverage {
  if (!isObj(script)) return { locales: [], rows: [] };
  const locales = Array.isArray(script.locales) ? script.locales.filter((l): l is string => typeof l === 'string') : [];
  const rows: CoverageRow[] = [];
  const check = (text: unknown, path: PathSegment[], label: string, what: CoverageWhat) => {
    if (text === undefined) return;
    const present = (locale: string) => {
      if (isObj(text) && typeof text.key === 'string') return catalog[locale]?.[text.key] !== undefined;
      return isObj(text) && typeof text[locale] === 'string' && (text[locale] as string).trim() !== '';
    };
    rows.push({ path: formatPath(path), label, what, missing: locales.filter((l) => !present(l)) });
  };
  check(script.title, ['title'], 'survey title', { kind: 'title' });
  check(script.intro, ['intro'], 'intro', { kind: 'intro' });
  const questions = Array.isArray(script.questions) ? script.questions : [];
  questions.forEach((q, i) => {
    if (!isObj(q)) return;
    const name = typeof q.id === 'string' ? q.id : `#${i + 1}`;
    check(q.text, ['questions', i, 'text'], `question ${name}`, { kind: 'question', question: name });
    check(q.feature, ['questions', i, 'feature'], `question ${name}, feature`, { kind: 'feature', question: name });
    check(q.functional, ['questions', i, 'functional'], `question ${name}, with the feature`, { kind: 'functional', question: name });
    check(q.dysfunctional, ['questions', i, 'dysfunctional'], `question ${name}, without the feature`, { kind: 'dysfunctional', question: name });
    if (isObj(q.scale)) {
      check(q.scale.minLabel, ['questions', i, 'scale', 'minLabel'], `question ${name}, low end label`, { kind: 'minLabel', question: name });
      check(q.scale.maxLabel, ['questions', i, 'scale', 'maxLabel'], `question ${name}, high end label`, { kind: 'maxLabel', question: name });
    }
    const options = Array.isArray(q.options) ? q.options : [];
    options.forEach((o, j) => {
      if (!isObj(o)) return;
      const option = typeof o.id === 'string' ? o.id : String(j + 1);
      check(o.label, ['questions', i, 'options', j, 'label'], `question ${name}, option ${option}`, { kind: 'option', question: name, option });
    });
  });
  const endings = Array.isArray(script.endings) ? script.endings : [];
  endings.forEach((e, k) => {
    if (!isObj(e)) return;
    const ending = typeof e.id === 'string' ? e.id : String(k + 1);
    check(e.text, ['endings', k, 'text'], `ending ${ending}`, { kind: 'ending', ending });
  });
  return { locales, rows };
}
