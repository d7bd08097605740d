/**
 * Where the preview's conversation is drawn. The controller (preview.ts) runs the turns and keeps
 * the transcript; a surface only draws it. Two surfaces: the desktop one here (a chat log with the
 * question ids and what the bot recorded, for checking conditions) and the phone one
 * (phonePreview.ts: the customer widget's own view in a phone-sized frame). Both draw questions
 * with the widget's renderer (web/shared/renderPrompt.ts). Text goes in only as text.
 */
import type { Output } from '../../../src/core/outputs.js';
import type { AnswerValue } from '../../shared/renderPrompt.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { renderPrompt } from '../../shared/renderPrompt.js';
import { str } from '../format.js';
import { attr, t } from '../lang.js';

/** What the customer does in a surface: the controller turns it into a preview turn. */
export interface SurfaceActions {
  answer(questionId: string, value: AnswerValue, said: string): void;
  skip(questionId: string, said: string): void;
  text(said: string): void;
}

/** A line of what the bot recorded in a turn (an answer, an escalation, the end). */
export interface EventLine {
  type: string;
  text: string;
}

export interface SaidMessage {
  sent(): void;
  failed(): void;
}

export interface PreviewSurface {
  readonly el: HTMLElement;
  /** An empty conversation, in this survey language. */
  clear(locale: string): void;
  /** The customer's message, on its way until the preview answers (`sent`) or does not (`failed`). */
  said(text: string): SaidMessage;
  outputs(outputs: readonly Output[]): void;
  events(lines: readonly EventLine[]): void;
}

const TEST_IDS = { answer: 'admin-preview-button', multiSend: 'admin-preview-send-choice', skip: 'admin-preview-skip', legend: 'admin-preview-legend' };

let bubbleSeq = 0;

/** The wide preview: a log with each question's id and what the bot recorded between the messages. */
export function createDesktopSurface(actions: SurfaceActions): PreviewSurface {
  const log = attr(
    h('ol', { class: 'chat', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0', 'data-testid': 'admin-preview-log' }),
    'aria-label',
    'preview.logLabel',
  );
  const scroll = () => (log.scrollTop = log.scrollHeight);
  const removeControls = () => log.querySelectorAll('.ctl').forEach((c) => c.remove());

  return {
    el: log,
    clear() {
      replaceChildren(log);
    },
    said(text) {
      removeControls();
      const li = h('li', { class: 'msg user' }, h('span', { class: 'bubble' }, text));
      log.append(li);
      scroll();
      return { sent: () => undefined, failed: () => li.classList.add('failed') };
    },
    outputs(outputs) {
      if (outputs.some((o) => o?.type === 'question')) removeControls();
      for (const o of outputs) {
        if (!o || typeof o !== 'object') continue;
        const id = `preview-bubble-${++bubbleSeq}`;
        const bubble = h('span', { class: 'bubble', id, 'data-testid': 'admin-preview-bot' }, str(o.text));
        if (o.type !== 'question') {
          log.append(h('li', { class: 'msg bot' }, bubble));
          continue;
        }
        const li = h('li', { class: 'msg bot', 'data-question-id': str(o.questionId) }, bubble);
        const controls = renderPrompt(o, {
          strings: { send: t('preview.send'), skip: t('preview.skip'), ofMax: (n, max) => t('preview.ofMax', { value: n, max }) },
          onAnswer: (value, said) => actions.answer(o.questionId, value, said),
          onSkip: (said) => actions.skip(o.questionId, said),
          labelledBy: id,
          showLegend: true,
          testIds: TEST_IDS,
        });
        if (controls) li.append(controls);
        li.append(h('span', { class: 'qid' }, o.reask ? t('preview.reasked', { id: str(o.questionId) }) : str(o.questionId)));
        log.append(li);
      }
      scroll();
    },
    events(lines) {
      for (const e of lines) log.append(h('li', { class: 'msg event', 'data-event': e.type }, e.text));
      scroll();
    },
  };
}
