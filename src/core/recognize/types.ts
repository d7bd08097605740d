/**
 * What the answer recognizers return. Not understanding an answer is an expected outcome,
 * so it is a value with a reason the engine turns into the right re-ask hint.
 */
export type NotRecognized = {
  ok: false;
  /** empty: nothing usable; not_understood: no answer found; out_of_range: a number outside the
   * scale; ambiguous: more than one possible answer ("3 or 4", two choices for a single one). */
  reason: 'empty' | 'not_understood' | 'out_of_range' | 'ambiguous';
};

export type Recognized<T> = { ok: true; value: T } | NotRecognized;

/** An inclusive integer range where a higher number always means a better experience. */
export interface RatingRange {
  min: number;
  max: number;
}

/** One option of a choice question, with every text that names it in the current locale. */
export interface ChoiceCandidate {
  value: string;
  /** The visible label first, then synonyms; matching ignores case, accents and width. */
  names: readonly string[];
}

/** Commands a customer can give at any point in the survey. */
export type Intent = 'skip' | 'stop' | 'agent';
