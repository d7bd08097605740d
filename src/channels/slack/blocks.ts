import type { KnownBlock } from '@slack/web-api';
import type { ButtonOption, Output } from '../../core/outputs.js';

/** Block Kit as plain JSON; `asKnownBlocks` hands it to the typed Web API client. */
export type Block = Record<string, unknown>;

export function asKnownBlocks(blocks: Block[]): KnownBlock[] {
  return blocks as unknown as KnownBlock[];
}

export interface SlackMessage {
  /** Notification and accessibility text, also what a client without blocks shows. */
  text: string;
  blocks: Block[];
}

/** Button values carry the question they answer, so an old button is recognized as old. */
export interface ButtonPayload {
  q: string;
  a?: string;
  skip?: true;
}

export const ACTION_ANSWER = 'satisfy:answer';
export const ACTION_SKIP = 'satisfy:skip';
export const ACTION_MULTI_TOGGLE = 'satisfy:multi:toggle';
export const ACTION_MULTI_SEND = 'satisfy:multi:send';
export const MULTI_BLOCK = 'satisfy:multi';

/** Slack's limits: 25 elements per actions block, 75 characters per button label. We keep
 * rows short (at most 6 buttons) so NPS reads 0-5 then 6-10 on a phone. */
const ROW = 6;

/** Slack mrkdwn treats &, < and > as markup; a customer's or admin's text must not become a
 * mention or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text).slice(0, 3000) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(text).slice(0, 3000) }] });

function button(label: string, payload: ButtonPayload, index: number, style?: 'primary'): Block {
  return {
    type: 'button',
    action_id: `${payload.skip ? ACTION_SKIP : ACTION_ANSWER}:${index}`,
    text: { type: 'plain_text', text: label.slice(0, 75), emoji: true },
    value: JSON.stringify(payload),
    ...(style ? { style } : {}),
  };
}

function rows(buttons: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < buttons.length; i += ROW) out.push({ type: 'actions', elements: buttons.slice(i, i + ROW) });
  return out;
}

/** One engine output as a Slack message. */
export function renderSlack(output: Output): SlackMessage {
  if (output.type === 'message') return { text: output.text, blocks: [section(output.text)] };
  const { prompt, questionId: q } = output;
  const blocks: Block[] = [section(output.text)];
  const answer = (o: ButtonOption, i: number) => button(o.label, { q, a: o.value }, i);
  switch (prompt.kind) {
    case 'rating': {
      const values = Array.from({ length: prompt.max - prompt.min + 1 }, (_, i) => String(prompt.min + i));
      const stars = prompt.display === 'stars' && prompt.min === 1 && prompt.max === 5;
      blocks.push(...rows(values.map((v, i) => answer({ value: v, label: stars ? `${'⭐'.repeat(Number(v))}` : v }, i))));
      if (output.legend) blocks.push(context(output.legend));
      break;
    }
    case 'yesno':
      blocks.push(...rows(prompt.options.map(answer)));
      break;
    case 'choice':
      if (!prompt.multiple) {
        blocks.push(...rows(prompt.options.map(answer)));
        break;
      }
      blocks.push({
        type: 'actions',
        block_id: MULTI_BLOCK,
        elements: [
          {
            type: 'checkboxes',
            action_id: ACTION_MULTI_TOGGLE,
            options: prompt.options.slice(0, 10).map((o) => ({ text: { type: 'plain_text', text: o.label.slice(0, 75) }, value: o.value })),
          },
          { ...button(prompt.submitLabel ?? '✓', { q }, 0, 'primary'), action_id: ACTION_MULTI_SEND },
        ],
      });
      if (output.legend) blocks.push(context(output.legend));
      break;
    case 'text':
      break;
  }
  if (output.skipLabel) blocks.push({ type: 'actions', elements: [button(output.skipLabel, { q, skip: true }, 0)] });
  return { text: output.text, blocks };
}

/** A question message once answered: the question, then the answer, and no buttons left. */
export function renderAnswered(questionText: string, answer: string): SlackMessage {
  return { text: `${questionText} — ${answer}`, blocks: [section(questionText), context(`✅ ${answer}`)] };
}
