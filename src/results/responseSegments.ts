import type { SegmentFilter } from '../core/api/results.js';
import type { SurveyResponse } from '../core/ports.js';

/** A response's value of a segment: the built-in ones from the response itself, the script's
 * from what it kept at its start; undefined when it has none. */
export function segmentValue(r: SurveyResponse, name: string): string | undefined {
  if (name === 'channel') return r.channel;
  if (name === 'locale') return r.locale;
  if (name === 'version') return String(r.surveyVersion);
  return r.segments?.[name];
}

/** Whether the response has one of the filter's values. Responses keep their values as given:
 * a value the results folded into "other" (beyond the top N) is matched by itself, not by "other". */
export function responseInSegment(r: SurveyResponse, filter: SegmentFilter): boolean {
  const v = segmentValue(r, filter.name);
  return v !== undefined && filter.values.includes(v);
}
