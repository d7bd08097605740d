import type { SurveyResponse } from '../../src/core/ports.js';

/** A stored response's answers as {questionId: value}, the shape tests compare. */
export function answerValues(response: SurveyResponse | undefined): Record<string, unknown> {
  if (!response) throw new Error('no such response');
  return Object.fromEntries(Object.entries(response.answers).map(([k, a]) => [k, a.value]));
}
