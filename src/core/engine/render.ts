import type { Output, Prompt } from '../outputs.js';
import type { CompiledQuestion, CompiledScript, Texts } from '../script/compiled.js';
import type { Session } from '../session.js';
import { fillPlaceholders, interpolate } from '../template.js';

/** A bot string from locales/, in the session's locale, falling back to the script's default. */
export function t(
  script: CompiledScript,
  locale: string,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const text = script.messages[locale]?.[key] ?? script.messages[script.defaultLocale]?.[key] ?? key;
  return interpolate(text, params);
}

/** What filling a text needs: the locale, the start data and the answers so far. */
export type TextScope = Pick<Session, 'locale' | 'context' | 'answers'>;

/** A script text in the session's locale with its placeholders filled. */
export function say(script: CompiledScript, session: TextScope, texts: Texts): string {
  const text = texts[session.locale] ?? texts[script.defaultLocale] ?? '';
  return fillPlaceholders(
    text,
    ([root, ...rest]) => {
      if (root === 'customer' || root === 'order') {
        let value: unknown = session.context[root];
        for (const key of rest) value = isPlainRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
        return value;
      }
      return root !== undefined && Object.hasOwn(session.answers, root) ? shownAnswer(script, session, root) : undefined;
    },
    session.locale,
  );
}

/** An answer as the customer saw it: option labels rather than ids, Yes/No rather than true,
 * and a Kano pair as its two answers, "with / without". */
function shownAnswer(script: CompiledScript, session: TextScope, questionId: string): unknown {
  const value = session.answers[questionId];
  const q = script.questions[script.indexById.get(questionId) ?? -1];
  if (value === null || value === undefined || !q) return value;
  if (q.type === 'yesno') return t(script, session.locale, value ? 'button.yes' : 'button.no');
  if (q.type === 'kano' && Array.isArray(value)) {
    return value.map((id) => q.options.find((o) => o.id === id)?.label[session.locale] ?? id).join(' / ');
  }
  if (q.type !== 'choice') return value;
  const label = (id: unknown) => {
    const option = q.options.find((o) => o.id === id);
    return option ? (option.label[session.locale] ?? option.id) : id;
  };
  return Array.isArray(value) ? value.map(label) : label(value);
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function message(text: string): Output {
  return { type: 'message', text };
}

/** The two halves of a Kano question: with the feature, then without it. */
export type KanoHalf = 'functional' | 'dysfunctional';

/**
 * The id a question's prompt (and its buttons) carries: the question id, except for the second
 * half of a Kano question, so a button left from the first half is told apart from the second.
 * A question id never has a dot, so the two cannot collide.
 */
export function promptId(questionId: string, half: KanoHalf = 'functional'): string {
  return half === 'dysfunctional' ? `${questionId}.without` : questionId;
}

/** `half`: which half of a Kano question to ask; other questions have one. */
export function renderQuestion(script: CompiledScript, session: TextScope, q: CompiledQuestion, reask: boolean, half: KanoHalf = 'functional'): Output {
  const { prompt, legend } = promptFor(script, session, q);
  const text = q.type === 'kano' && half === 'dysfunctional' ? q.dysfunctional : q.text;
  return {
    type: 'question',
    questionId: q.type === 'kano' ? promptId(q.id, half) : q.id,
    text: say(script, session, text),
    prompt,
    ...(legend ? { legend } : {}),
    ...(q.required ? {} : { skipLabel: t(script, session.locale, 'button.skip') }),
    reask,
  };
}

function promptFor(script: CompiledScript, session: TextScope, q: CompiledQuestion): { prompt: Prompt; legend?: string } {
  const locale = session.locale;
  switch (q.type) {
    case 'rating': {
      const { min, max, preset, display } = q.rating;
      const minLabel = q.rating.minLabel ? say(script, session, q.rating.minLabel) : preset ? t(script, locale, `scale.${preset}.min`) : undefined;
      const maxLabel = q.rating.maxLabel ? say(script, session, q.rating.maxLabel) : preset ? t(script, locale, `scale.${preset}.max`) : undefined;
      const legend = minLabel && maxLabel ? t(script, locale, 'scale.legend', { min, max, minLabel, maxLabel }) : undefined;
      return { prompt: { kind: 'rating', min, max, display, minLabel, maxLabel }, legend };
    }
    case 'choice':
      return {
        prompt: {
          kind: 'choice',
          multiple: q.multiple,
          options: q.options.map((o) => ({ value: o.id, label: say(script, session, o.label) })),
          ...(q.multiple ? { submitLabel: t(script, locale, 'button.send') } : {}),
        },
        legend: q.multiple ? t(script, locale, 'choice.multiple.legend') : undefined,
      };
    case 'yesno':
      return {
        prompt: {
          kind: 'yesno',
          options: [
            { value: 'yes', label: t(script, locale, 'button.yes') },
            { value: 'no', label: t(script, locale, 'button.no') },
          ],
        },
      };
    case 'text':
      return { prompt: { kind: 'text', maxLength: q.maxLength } };
    case 'kano':
      // Each half is a single choice of the five answers, so every channel draws it as one.
      return { prompt: { kind: 'choice', multiple: false, options: q.options.map((o) => ({ value: o.id, label: say(script, session, o.label) })) } };
  }
}

/** The hint shown before a question is asked again, chosen by why the answer failed. */
export function reaskHint(
  script: CompiledScript,
  locale: string,
  q: CompiledQuestion,
  reason: 'empty' | 'not_understood' | 'out_of_range' | 'ambiguous',
): string {
  if (reason === 'empty') return t(script, locale, 'reask.empty');
  switch (q.type) {
    case 'rating':
      return t(script, locale, `reask.rating.${reason === 'ambiguous' ? 'ambiguous' : reason === 'out_of_range' ? 'out_of_range' : 'not_understood'}`, {
        min: q.rating.min,
        max: q.rating.max,
      });
    case 'choice':
      if (reason === 'ambiguous') return t(script, locale, 'reask.choice.ambiguous');
      return t(script, locale, q.multiple ? 'reask.choice.multiple' : 'reask.choice.not_understood', { count: q.options.length });
    case 'yesno':
      return t(script, locale, 'reask.yesno');
    case 'text':
      return t(script, locale, 'reask.text.too_long', { max: q.maxLength });
    case 'kano':
      return t(script, locale, reason === 'ambiguous' ? 'reask.choice.ambiguous' : 'reask.choice.not_understood', { count: q.options.length });
  }
}
