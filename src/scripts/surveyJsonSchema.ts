import { z } from 'zod';
import { SurveyScript } from '../core/script/schema.js';

/** The JSON Schema editors use for dialogs/*.yaml, generated from the zod schema so the two
 * cannot drift (a test compares it with the checked-in file). */
export function surveyJsonSchema(): string {
  const schema = z.toJSONSchema(SurveyScript, { io: 'input', target: 'draft-2020-12' });
  const doc = {
    ...schema,
    title: 'Satisfy survey script',
    description: 'A conversational survey: questions, branching, endings and escalation rules. See docs/survey-script-reference.md.',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
