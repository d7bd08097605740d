/**
 * A problem found in a script, with the path into the source document so an editor (or the
 * YAML loader, which knows line numbers) can point at it. Problems are values: a script with
 * problems is an expected outcome of editing, not an exception.
 */
export type ProblemCode =
  | 'SCHEMA'
  | 'DUPLICATE_ID'
  | 'RESERVED_ID'
  | 'UNKNOWN_LOCALE'
  | 'MISSING_TEXT'
  | 'MISSING_LOCALE_STRING'
  | 'BAD_PLACEHOLDER'
  | 'BAD_SCALE'
  | 'BAD_CONDITION'
  | 'UNKNOWN_QUESTION'
  | 'LATER_QUESTION'
  | 'BACKWARD_JUMP'
  | 'UNREACHABLE'
  | 'MISSING_DEFAULT_ENDING'
  | 'CONSENT_NOT_YESNO'
  | 'OUTCOME_NOT_RATING'
  | 'KANO_FORMS'
  | 'KANO_SAME_TEXT'
  | 'NOT_KANO'
  | 'YAML';

export type PathSegment = string | number;

export interface Problem {
  code: ProblemCode;
  /** Keys from the document root, e.g. ['questions', 2, 'text', 'es']. */
  path: PathSegment[];
  message: string;
  questionId?: string;
  locale?: string;
  /** 1-based line in the source file, filled in by loaders that know it. */
  line?: number;
}

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** One line per problem, e.g. `dialogs/a.yaml:12: questions[2].text.es (question improve): text missing`. */
export function formatProblem(problem: Problem, file?: string): string {
  const where = [file, problem.line].filter((x) => x !== undefined && x !== '').join(':');
  const q = problem.questionId ? ` (question ${problem.questionId})` : '';
  const path = formatPath(problem.path);
  return `${where ? `${where}: ` : ''}${path || '(root)'}${q}: ${problem.message}`;
}
