import { ActionTypes, type Activity, type CardAction } from 'botbuilder';
import type { ButtonOption, Output } from '../core/outputs.js';
import type { ButtonValue } from './activityInput.js';

/**
 * Draws an engine output as a Bot Framework message: the question text with its legend, and
 * suggested actions for the buttons. The channel-neutral output also rides along in
 * channelData.satisfy, so our own channels (web widget, Slack) can draw richer controls.
 */
export function renderActivity(output: Output): Partial<Activity> {
  if (output.type === 'message') return output.end ? { type: 'message', text: output.text, channelData: { satisfy: output } } : { type: 'message', text: output.text };
  const list = output.prompt.kind === 'choice' && output.prompt.multiple ? numbered(output.prompt.options) : undefined;
  const text = [output.text, list, output.legend].filter(Boolean).join('\n\n');
  const buttons = buttonsFor(output);
  if (output.skipLabel) buttons.push(action(output.skipLabel, { satisfy: { questionId: output.questionId, skip: true } }));
  return {
    type: 'message',
    text,
    inputHint: 'expectingInput',
    ...(buttons.length ? { suggestedActions: { to: [], actions: buttons } } : {}),
    channelData: { satisfy: output },
  };
}

function buttonsFor(output: Extract<Output, { type: 'question' }>): CardAction[] {
  const { prompt, questionId } = output;
  const answer = (o: ButtonOption) => action(o.label, { satisfy: { questionId, answer: o.value } });
  switch (prompt.kind) {
    case 'rating': {
      const values = Array.from({ length: prompt.max - prompt.min + 1 }, (_, i) => String(prompt.min + i));
      return values.map((v) => answer({ value: v, label: v }));
    }
    case 'yesno':
      return prompt.options.map(answer);
    case 'choice':
      // Suggested actions send one value per click; several answers are typed ("1, 3").
      return prompt.multiple ? [] : prompt.options.map(answer);
    case 'text':
      return [];
  }
}

function numbered(options: readonly ButtonOption[]): string {
  return options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
}

function action(label: string, value: ButtonValue): CardAction {
  return { type: ActionTypes.MessageBack, title: label, text: label, displayText: label, value };
}
