import { z } from 'zod';
import { SURVEY_ID } from '../core/script/schema.js';

/** Customer and order data come from the shop's systems: accept plain JSON of bounded size. */
const MAX_CONTEXT_JSON = 16 * 1024;
/** A `customer` or `order` object of a survey start (also the admin preview's sample data). */
export const ContextRecord = z
  .record(z.string().max(64), z.unknown())
  .refine((r) => JSON.stringify(r).length <= MAX_CONTEXT_JSON, `must be at most ${MAX_CONTEXT_JSON / 1024} KiB of JSON`)
  .refine((r) => r.id === undefined || typeof r.id === 'string' || typeof r.id === 'number', 'id must be a string or a number');

/** The value of a `survey.start` event activity. */
export const SurveyStartValue = z
  .object({
    surveyId: z.string().regex(SURVEY_ID, 'must be a survey id').optional(),
    locale: z.string().max(35).optional(),
    customer: ContextRecord.optional(),
    order: ContextRecord.optional(),
  })
  .strict();

export type SurveyStartValue = z.infer<typeof SurveyStartValue>;
