/**
 * The preview: a chat beside the editor that runs the editor's text (not the published version)
 * through the real engine (POST /admin/api/preview), in any of the script's languages. Questions
 * are drawn by the one shared renderer the customer's widget uses (web/shared/renderPrompt.ts),
 * so admins see the buttons customers will see. Nothing is stored or sent to anyone.
 */
import type { SurveyEvent } from '../../../src/core/events.js';
import type { Output } from '../../../src/core/outputs.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { renderPrompt } from '../../shared/renderPrompt.js';
import { ApiError, errorText } from '../api.js';
import { str } from '../format.js';
import { attr, onLanguage, t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, say } from '../ui.js';

type PreviewInput = Parameters<StaffContext['api']['preview']>[0]['input'];

export interface PreviewView {
  el: HTMLElement;
  /** The script's locales, from the last validation: the picker offers them. */
  setLocales(locales: readonly string[]): void;
  /** Starts over with the editor's current text. */
  restart(): void;
  /** Empties the chat (another survey, or the session ended). */
  reset(): void;
  /** The editor's text changed since the preview started. */
  scriptChanged(): void;
  /** The text was replaced (discard, rollback): the next valid check starts the preview over. */
  markStale(): void;
  /** The text does not validate: say why the preview cannot run (the first problem, in plain words). */
  blocked(reason: string, more: number): void;
  /** The text validates again. */
  unblock(): void;
  /** A preview was started for the current text (and not reset since). */
  readonly started: boolean;
  readonly busy: boolean;
}

const TEST_IDS = { answer: 'admin-preview-button', multiSend: 'admin-preview-send-choice', skip: 'admin-preview-skip', legend: 'admin-preview-legend' };

let bubbleSeq = 0;

export function createPreview(ctx: StaffContext, source: () => string | null): PreviewView {
  const locale = h('select', { id: 'preview-locale', 'data-testid': 'admin-preview-locale' });
  const restartBtn = button({ class: 'btn btn-quiet', 'data-testid': 'admin-preview-restart' }, () => restart(), text('preview.restart'));
  const note = h('p', { class: 'muted small preview-note' });
  const log = attr(
    h('ol', { class: 'chat', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0', 'data-testid': 'admin-preview-log' }),
    'aria-label',
    'preview.logLabel',
  );
  const error = h('p', { class: 'banner', role: 'alert', hidden: true });
  const why = h('p', { class: 'banner warn preview-blocked', role: 'status', hidden: true, 'data-testid': 'admin-preview-blocked' });
  const input = attr(h('input', { id: 'preview-input', type: 'text', maxlength: '2000', autocomplete: 'off', 'data-testid': 'admin-preview-input' }), 'placeholder', 'preview.placeholder');
  const send = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'admin-preview-send' }, text('preview.send'));
  const form = h('form', { class: 'chat-input', novalidate: true }, h('label', { for: 'preview-input', class: 'visually-hidden' }, text('preview.inputLabel')), input, send);
  const el = h(
    'section',
    { class: 'panel preview-panel', 'aria-labelledby': 'h-preview' },
    h(
      'div',
      { class: 'panel-head' },
      h('h3', { id: 'h-preview' }, text('preview.title')),
      h('div', { class: 'preview-controls' }, h('label', { for: 'preview-locale', class: 'visually-hidden' }, text('preview.locale')), locale, restartBtn),
    ),
    note,
    why,
    log,
    error,
    form,
  );

  let session: unknown = null;
  let seq = 0;
  let busy = false;
  let started = false;
  /** What the note says, as a key, so a change of language redraws it. */
  let noteKey: [string, Record<string, string>?] = ['preview.note'];

  const setNote = (key: string, params?: Record<string, string>) => {
    noteKey = [key, params];
    note.textContent = t(key, params);
  };
  const setBusy = (b: boolean) => {
    busy = b;
    send.disabled = b || session === null;
    log.setAttribute('aria-busy', b ? 'true' : 'false');
  };
  const scroll = () => (log.scrollTop = log.scrollHeight);
  const removeControls = () => log.querySelectorAll('.ctl').forEach((c) => c.remove());

  function reset(): void {
    seq++;
    session = null;
    started = false;
    replaceChildren(log);
    say(error, '');
    setNote('preview.note');
    setBusy(false);
  }

  function restart(): void {
    if (source() === null) return;
    reset();
    started = true;
    void turn({ type: 'start' }, null);
  }

  async function turn(inputValue: PreviewInput, said: string | null): Promise<void> {
    const text = source();
    if (text === null) return;
    const mine = seq;
    const lang = locale.value;
    say(error, '');
    if (said !== null) {
      removeControls();
      log.append(h('li', { class: 'msg user' }, h('span', { class: 'bubble' }, said)));
      scroll();
    }
    setBusy(true);
    try {
      const data = await ctx.api.preview({ source: text, input: inputValue, ...(lang ? { locale: lang } : {}), ...(session !== null ? { session } : {}) });
      if (mine !== seq) return;
      session = data.session ?? null;
      if (inputValue.type === 'start') setNote('preview.running', { locale: lang || t('preview.defaultLocale') });
      drawOutputs(Array.isArray(data.outputs) ? data.outputs : []);
      drawEvents(Array.isArray(data.events) ? data.events : []);
    } catch (err) {
      if (mine !== seq || !ctx.session() || (err instanceof ApiError && (err.status === 401 || err.status === 403))) return;
      const invalid = err instanceof ApiError && (err.code === 'SCRIPT_INVALID' || Array.isArray(err.problems));
      say(error, invalid ? t('preview.invalid') : t('preview.failed', { error: errorText(err, t) }));
      if (inputValue.type === 'start') started = false;
    } finally {
      if (mine === seq) setBusy(false);
    }
  }

  function drawOutputs(outputs: Output[]): void {
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
        onAnswer: (value, said) => void turn({ type: 'answer', questionId: o.questionId, value }, said),
        onSkip: (said) => void turn({ type: 'skip', questionId: o.questionId }, said),
        labelledBy: id,
        showLegend: true,
        testIds: TEST_IDS,
      });
      if (controls) li.append(controls);
      li.append(h('span', { class: 'qid' }, o.reask ? t('preview.reasked', { id: str(o.questionId) }) : str(o.questionId)));
      log.append(li);
    }
    scroll();
  }

  const valueText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === true ? t('preview.yes') : v === false ? t('preview.no') : str(v));

  /** What happened in the turn, as small system lines, so admins can check their conditions. */
  function eventText(e: SurveyEvent): string | null {
    switch (e.type) {
      case 'answer.recorded': {
        let s = t('preview.event.recorded', { id: e.questionId, value: valueText(e.value) });
        if (typeof e.sentiment === 'number') s += t('preview.event.sentiment', { score: e.sentiment.toFixed(2), label: e.sentimentLabel ? t(`sentiment.${e.sentimentLabel}`) : '' });
        return s;
      }
      case 'answer.skipped':
        return t(e.reason === 'not_understood' ? 'preview.event.notUnderstood' : 'preview.event.skipped', { id: e.questionId });
      case 'answer.mismatch':
        return t('preview.event.mismatch', { id: e.questionId, rating: e.ratingQuestionId });
      case 'escalation.requested':
        return t(e.reason === 'customer' ? 'preview.event.escalationCustomer' : 'preview.event.escalationRule', {
          rule: str(e.ruleId),
          priority: t(`priority.${e.priority}`),
        }) + (e.matched ? ` (“${str(e.matched)}”)` : '');
      case 'survey.completed':
        return t('preview.event.completed', { ending: e.endingId });
      case 'survey.opted_out':
        return t('preview.event.optedOut');
      default:
        return null;
    }
  }

  function drawEvents(events: SurveyEvent[]): void {
    for (const e of events) {
      if (!e || typeof e !== 'object') continue;
      const s = eventText(e);
      if (s) log.append(h('li', { class: 'msg event', 'data-event': str(e.type) }, s));
    }
    scroll();
  }

  on(locale, 'change', () => restart());
  on(form, 'submit', (e) => {
    e.preventDefault();
    const said = input.value.trim();
    if (!said || busy) return;
    if (session === null) return restart();
    input.value = '';
    void turn({ type: 'text', text: said }, said);
  });
  onLanguage(() => (note.textContent = t(noteKey[0], noteKey[1])));
  setNote('preview.note');
  setBusy(false);

  return {
    el,
    setLocales(locales) {
      const keep = locale.value;
      if ([...locale.options].map((o) => o.value).join(',') === locales.join(',')) return;
      replaceChildren(locale, ...locales.map((l) => h('option', { value: l }, l)));
      if (locales.includes(keep)) locale.value = keep;
    },
    restart,
    reset: () => {
      reset();
      replaceChildren(locale);
    },
    scriptChanged() {
      if (started) setNote('preview.changed');
    },
    markStale() {
      started = false;
    },
    blocked(reason, more) {
      say(why, more > 0 ? t('preview.blockedMore', { reason, count: more }) : t('preview.blocked', { reason }));
    },
    unblock() {
      say(why, '');
    },
    get started() {
      return started;
    },
    get busy() {
      return busy;
    },
  };
}
