import { z } from 'zod';

/**
 * The survey script format admins write in `dialogs/*.yaml`. The zod schema is the single
 * source: TypeScript types are inferred from it and `schemas/survey.schema.json` is generated
 * from it for editors. Cross-references (jumps, conditions, locales) are checked afterwards
 * in compileScript, because only there can every problem be listed with its path.
 */

export const LOCALE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** Survey ids appear in URLs and file names, so they may use hyphens (question ids may not:
 * conditions would read `a-b` as a subtraction). */
export const SURVEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A segment: a field of the start data, `customer.tier`, `order.category` or `brand`. */
export const SEGMENT_PATH = /^(?:(?:customer|order)\.)?[A-Za-z][A-Za-z0-9_]{0,39}$/;

const localeTag = z.string().regex(LOCALE_TAG, 'must be a locale tag such as en, zh-CN or es');
const id = z.string().regex(ID, 'must start with a letter and use only letters, digits and _ (at most 40)');
const durationText = z
  .string()
  .regex(/^\d+(m|h|d)$/, 'must be a duration such as 30m, 72h or 14d')
  .describe('A duration: minutes (m), hours (h) or days (d), e.g. 72h.');

export const LocaleKey = z
  .object({ key: z.string().min(1).describe('A key of the strings in locales/<locale>.json.') })
  .strict();

export const LocalizedText = z
  .union([
    LocaleKey,
    z
      .record(localeTag, z.string().min(1).max(4000))
      .describe('The text per locale, e.g. {en: "How was it?", zh-CN: "体验如何？"}. Placeholders: {{customer.name}}, {{order.id}}, {{<questionId>}}; a default after a bar: {{customer.name|there}}.'),
  ])
  .describe('Text shown to the customer: inline per locale, or {key} into locales/.');

const condition = z
  .string()
  .min(1)
  .describe('A condition, e.g. "csat <= 2", "nps >= 9 and answered(improve)", "customer.tier == \'gold\'", "contains(improve, \'refund\')", "sentiment(improve) < -0.4", "sentimentLabel(improve) == \'negative\' and confidence(improve) >= 0.8".');

const Jump = z
  .object({
    if: condition.optional(),
    to: z.string().describe('A later question id, or "end" to finish the survey now.'),
  })
  .strict();

const RatingPreset = z.enum(['csat', 'nps', 'ces']).describe('csat 1-5, nps 0-10, ces 1-7 (7 = very easy).');
const CustomScale = z
  .object({
    min: z.number().int(),
    max: z.number().int(),
    minLabel: LocalizedText.optional(),
    maxLabel: LocalizedText.optional(),
  })
  .strict();

const base = {
  id,
  text: LocalizedText,
  required: z.boolean().default(true).describe('false lets the customer skip it ("skip" or the Skip button).'),
  if: condition.optional().describe('Ask only when this holds; otherwise the question is passed over.'),
  next: z
    .union([z.string(), z.array(Jump).min(1)])
    .optional()
    .describe('Where to go after this question: a question id or "end", or a list of {if, to} tried in order.'),
  aspect: id.optional().describe('What the question is about (delivery, product_quality, price, staff, ...), for driver analysis.'),
};

export const RatingQuestion = z
  .object({
    ...base,
    type: z.literal('rating'),
    scale: z.union([RatingPreset, CustomScale]),
    display: z.enum(['numbers', 'stars', 'faces']).optional().describe('How channels draw the buttons; numbers by default.'),
  })
  .strict();

export const ChoiceOption = z
  .object({
    id,
    label: LocalizedText,
    synonyms: z.record(localeTag, z.array(z.string().min(1)).max(20)).optional(),
  })
  .strict();

export const ChoiceQuestion = z
  .object({
    ...base,
    type: z.literal('choice'),
    multiple: z.boolean().default(false),
    options: z.array(ChoiceOption).min(2).max(10),
  })
  .strict();

export const YesNoQuestion = z.object({ ...base, type: z.literal('yesno') }).strict();

export const TextQuestion = z
  .object({
    ...base,
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * A Kano pair: how the customer would feel with the feature (functional form) and without it
 * (dysfunctional form), asked one after the other with the same five answers. It has no `text`:
 * the two forms are its questions.
 */
export const KanoQuestion = z
  .object({
    id: base.id,
    required: base.required,
    if: base.if,
    next: base.next,
    type: z.literal('kano'),
    feature: LocalizedText.describe('The feature asked about, as a noun phrase that fits "How would you feel if we offered …?", e.g. {en: gift wrapping, zh-CN: 礼品包装, es: envoltorio de regalo}.'),
    functional: LocalizedText.optional().describe('The question with the feature; {{feature}} stands for the feature. Default (locales/): "How would you feel if we offered {{feature}}?". Give both forms or neither.'),
    dysfunctional: LocalizedText.optional().describe('The question without the feature; {{feature}} stands for the feature. Default (locales/): "And how would you feel if we did not offer {{feature}}?". Give both forms or neither.'),
  })
  .strict()
  .describe('Kano levels: asked with and without a feature, each answered like it / expect it / neutral / can live with it / dislike it; classified into must-be, one-dimensional, attractive, indifferent, reverse or questionable.');

export const Question = z.discriminatedUnion('type', [RatingQuestion, ChoiceQuestion, YesNoQuestion, TextQuestion, KanoQuestion]);

export const Ending = z
  .object({
    id,
    if: condition.optional().describe('The first ending whose condition holds is shown; the last needs none.'),
    text: LocalizedText,
  })
  .strict();

export const EscalationRule = z
  .object({
    id,
    when: condition.optional().describe('Raise the rule when this holds (checked after every answer).'),
    keywords: z
      .record(localeTag, z.array(z.string().min(1).max(60)).min(1).max(100))
      .optional()
      .describe('Raise the rule when the customer types one of these words in their locale, e.g. {en: [refund, cancel], zh-CN: [退款, 投诉], es: [reembolso]}. Latin words match at the start of a word ("refund" matches "refunds"); Chinese words match anywhere. With `when` too, both must hold.'),
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Sentiment counts in `when` only where the scorer is at least this sure of the open answer (its confidence, 0-1): sentiment(q), sentimentLabel(q) and mismatch(q) of a less sure answer read as unknown, so the rule does not hold on them. E.g. 0.7, so that an answer the scorer cannot read well never escalates by itself.'),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    then: z
      .enum(['continue', 'pause', 'end'])
      .default('continue')
      .describe('What the survey does when the rule is raised and a person can take over: continue (the person joins after the last question), pause (the person joins now; the survey goes on after the case is resolved) or end (the survey ends now and the person joins).'),
  })
  .strict()
  .refine((r) => r.when !== undefined || r.keywords !== undefined, { message: 'give the rule a `when` condition, `keywords`, or both', path: ['when'] });

export const Settings = z
  .object({
    expiresAfter: durationText.default('72h').describe('How long an unfinished survey stays open.'),
    resumeAfter: durationText.default('30m').describe('A customer who comes back after this much silence is welcomed back at the question they left.'),
    reminderAfter: durationText.optional().describe('Remind after this much silence (validated and stored; reminders are not sent yet).'),
    cooldown: durationText.default('30d').describe('Minimum time before surveying the same customer again (validated and stored; not enforced yet).'),
    maxReasks: z.number().int().min(0).max(5).default(2).describe('How many times a question is asked again after an answer that is not understood, before giving up on it.'),
    onGiveUp: z.enum(['skip', 'end']).default('skip').describe('What giving up on a question means: move on to the next one, or end the survey.'),
    maxTextLength: z.number().int().min(10).max(10_000).default(2000),
    contactConsent: id
      .optional()
      .describe('The yes/no question that asks whether the customer wants to be contacted. Answered No, no person joins the chat at the end of the survey (the case is still opened, marked "no contact wanted"); answered Yes, skipped or not asked, the escalation rules decide as usual.'),
  })
  .strict();

export const SurveyScript = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(SURVEY_ID, 'must use only letters, digits, _ and - (at most 64)'),
    title: LocalizedText,
    defaultLocale: localeTag,
    locales: z.array(localeTag).min(1),
    settings: Settings.default(Settings.parse({})),
    intro: LocalizedText.optional().describe('Said once before the first question.'),
    questions: z.array(Question).min(1).max(100),
    endings: z.array(Ending).min(1),
    escalation: z.array(EscalationRule).default([]),
    segments: z
      .array(z.string().regex(SEGMENT_PATH, 'must be customer.<field>, order.<field> or a field name, e.g. customer.tier'))
      .max(8)
      .default([])
      .describe('What results are split by: fields of the start data, e.g. [brand, customer.tier, order.category, region]. A bare name is looked up in order, then customer. Channel, locale and survey version are always segments.'),
    outcome: id
      .optional()
      .describe('The rating question the aspects are measured against in driver analysis. Default: the first CSAT question, else the first NPS, else the first rating.'),
    aspects: z
      .record(id, z.record(localeTag, z.array(z.string().min(1).max(60)).max(50)))
      .default({})
      .describe('Aspects of your own for open answers, with the words that name them per locale, e.g. {gift_wrap: {en: [wrapping, gift], es: [envoltorio]}}. delivery, product_quality, price, staff and website are built in.'),
  })
  .strict();

export type SurveyScriptInput = z.input<typeof SurveyScript>;
export type SurveyScriptSource = z.output<typeof SurveyScript>;
export type QuestionSource = z.output<typeof Question>;
export type LocalizedTextSource = z.output<typeof LocalizedText>;
