/**
 * The preview: a chat beside the editor that runs the editor's text (not the published version)
 * through the real engine (POST /admin/api/preview), in any of the script's languages, for a
 * sample customer and order (sampleForm.ts). Desktop draws it as a log with the question ids and
 * what the bot recorded (previewSurface.ts); Phone draws it with the customer widget's own view in
 * a phone-sized frame (phonePreview.ts, a chunk loaded when first chosen). Either way questions
 * are drawn by the widget's renderer, so admins see what customers see. The conversation is kept
 * here as a transcript, so switching the width redraws it as it stands. Nothing is stored or sent
 * to anyone.
 */
import type { SurveyEvent } from '../../../src/core/events.js';
import type { Output } from '../../../src/core/outputs.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { ApiError, errorText } from '../api.js';
import { str } from '../format.js';
import { attr, onLanguage, t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, say } from '../ui.js';
import { createDesktopSurface, type EventLine, type PreviewSurface, type SaidMessage, type SurfaceActions } from './previewSurface.js';
import { createSampleForm } from './sampleForm.js';

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

export type PreviewWidth = 'desktop' | 'phone';

/** What the conversation held so far, to draw it again on the other surface. */
type Entry = { kind: 'said'; text: string; failed: boolean } | { kind: 'outputs'; outputs: Output[] } | { kind: 'events'; lines: EventLine[] };

export function createPreview(ctx: StaffContext, source: () => string | null): PreviewView {
  const locale = h('select', { id: 'preview-locale', 'data-testid': 'admin-preview-locale' });
  const restartBtn = button({ class: 'btn btn-quiet', 'data-testid': 'admin-preview-restart' }, () => restart(), text('preview.restart'));
  const widthBtn = (w: PreviewWidth) =>
    button({ class: 'seg', 'aria-pressed': w === 'desktop' ? 'true' : 'false', 'data-testid': `admin-preview-${w}` }, () => void setWidth(w), text(`preview.${w}`));
  const widthBtns = { desktop: widthBtn('desktop'), phone: widthBtn('phone') };
  const widths = attr(h('div', { class: 'segmented', role: 'group' }, widthBtns.desktop, widthBtns.phone), 'aria-label', 'preview.width');
  const note = h('p', { class: 'muted small preview-note' });
  const error = h('p', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'admin-preview-error' });
  const why = h('p', { class: 'banner warn preview-blocked', role: 'status', hidden: true, 'data-testid': 'admin-preview-blocked' });
  const input = attr(h('input', { id: 'preview-input', type: 'text', maxlength: '2000', autocomplete: 'off', 'data-testid': 'admin-preview-input' }), 'placeholder', 'preview.placeholder');
  const send = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'admin-preview-send' }, text('preview.send'));
  const form = h('form', { class: 'chat-input', novalidate: true }, h('label', { for: 'preview-input', class: 'visually-hidden' }, text('preview.inputLabel')), input, send);
  const sample = createSampleForm(() => restart());
  const actions: SurfaceActions = {
    answer: (questionId, value, said) => void turn({ type: 'answer', questionId, value }, said),
    skip: (questionId, said) => void turn({ type: 'skip', questionId }, said),
    text: (said) => typed(said),
  };
  const desktop = createDesktopSurface(actions);
  let phoneLoading: Promise<PreviewSurface | null> | null = null;
  let surface: PreviewSurface = desktop;
  let width: PreviewWidth = 'desktop';
  const stage = h('div', { class: 'preview-stage' }, desktop.el);
  const el = h(
    'section',
    { class: 'panel preview-panel', 'aria-labelledby': 'h-preview', 'data-width': 'desktop' },
    h(
      'div',
      { class: 'panel-head' },
      h('h3', { id: 'h-preview' }, text('preview.title')),
      h('div', { class: 'preview-controls' }, widths, h('label', { for: 'preview-locale', class: 'visually-hidden' }, text('preview.locale')), locale, restartBtn),
    ),
    note,
    sample.el,
    why,
    stage,
    error,
    form,
  );

  let session: unknown = null;
  let seq = 0;
  let busy = false;
  let started = false;
  /** The conversation since the last start, oldest first. */
  let transcript: Entry[] = [];
  /** The locale the conversation runs in (the picker's, or the script's default). */
  let runLocale = '';
  /** Turns wait for the one before: each needs the session the last one answered. */
  let queue: Promise<void> = Promise.resolve();
  /** What the note says, as a key, so a change of language redraws it. */
  let noteKey: [string, Record<string, string>?] = ['preview.note'];

  const setNote = (key: string, params?: Record<string, string>) => {
    noteKey = [key, params];
    note.textContent = t(key, params);
  };
  const setBusy = (b: boolean) => {
    busy = b;
    send.disabled = b || session === null;
    stage.setAttribute('aria-busy', b ? 'true' : 'false');
  };

  function reset(): void {
    seq++;
    session = null;
    started = false;
    transcript = [];
    queue = Promise.resolve();
    surface.clear(locale.value);
    say(error, '');
    setNote('preview.note');
    setBusy(false);
  }

  function restart(): void {
    if (source() === null) return;
    reset();
    sample.setLocale(locale.value);
    const data = sample.startData();
    if (data === null) return say(error, t('preview.sample.fix'));
    started = true;
    void turn({ type: 'start', ...data }, null);
  }

  function typed(said: string): void {
    if (session === null && !busy) return restart();
    void turn({ type: 'text', text: said }, said);
  }

  function turn(inputValue: PreviewInput, said: string | null): Promise<void> {
    const mine = seq;
    const shown = said === null ? null : { entry: { kind: 'said' as const, text: said, failed: false }, on: surface.said(said) };
    if (shown) transcript.push(shown.entry);
    queue = queue.then(() => (mine === seq ? run(inputValue, shown, mine) : undefined));
    return queue;
  }

  async function run(inputValue: PreviewInput, shown: { entry: Extract<Entry, { kind: 'said' }>; on: SaidMessage } | null, mine: number): Promise<void> {
    const text = source();
    if (text === null) return;
    const lang = locale.value;
    say(error, '');
    setBusy(true);
    try {
      const data = await ctx.api.preview({ source: text, input: inputValue, ...(lang ? { locale: lang } : {}), ...(session !== null ? { session } : {}) });
      if (mine !== seq) return;
      session = data.session ?? null;
      if (inputValue.type === 'start') {
        runLocale = typeof data.session?.locale === 'string' ? data.session.locale : lang;
        setNote('preview.running', { locale: lang || t('preview.defaultLocale') });
      }
      shown?.on.sent();
      const outputs = Array.isArray(data.outputs) ? data.outputs : [];
      const lines = (Array.isArray(data.events) ? data.events : []).map(eventLine).filter((l): l is EventLine => l !== null);
      transcript.push({ kind: 'outputs', outputs }, { kind: 'events', lines });
      surface.outputs(outputs);
      surface.events(lines);
    } catch (err) {
      if (mine !== seq || !ctx.session() || (err instanceof ApiError && (err.status === 401 || err.status === 403))) return;
      if (shown) {
        shown.entry.failed = true;
        shown.on.failed();
      }
      const invalid = err instanceof ApiError && (err.code === 'SCRIPT_INVALID' || Array.isArray(err.problems));
      say(error, invalid ? t('preview.invalid') : t('preview.failed', { error: errorText(err, t) }));
      if (inputValue.type === 'start') started = false;
    } finally {
      if (mine === seq) setBusy(false);
    }
  }

  /** Draws the conversation so far on the surface now shown. */
  function redraw(): void {
    surface.clear(runLocale || locale.value);
    for (const e of transcript) {
      if (e.kind === 'said') {
        const m = surface.said(e.text);
        if (e.failed) m.failed();
        else m.sent();
      } else if (e.kind === 'outputs') surface.outputs(e.outputs);
      else surface.events(e.lines);
    }
  }

  function loadPhone(): Promise<PreviewSurface | null> {
    phoneLoading ??= import('./phonePreview.js').then(
      (m) => m.createPhoneSurface(actions),
      (err: unknown) => {
        phoneLoading = null;
        say(error, t('preview.phoneFailed', { error: errorText(err, t) }));
        return null;
      },
    );
    return phoneLoading;
  }

  async function setWidth(w: PreviewWidth): Promise<void> {
    if (w === width) return;
    width = w;
    widthBtns.desktop.setAttribute('aria-pressed', w === 'desktop' ? 'true' : 'false');
    widthBtns.phone.setAttribute('aria-pressed', w === 'phone' ? 'true' : 'false');
    const next = w === 'phone' ? await loadPhone() : desktop;
    if (!next || width !== w) return;
    surface = next;
    el.setAttribute('data-width', w);
    // The widget has its own box to type in; the desktop log uses the one under it.
    form.hidden = w === 'phone';
    replaceChildren(stage, next.el);
    redraw();
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

  function eventLine(e: SurveyEvent): EventLine | null {
    if (!e || typeof e !== 'object') return null;
    const s = eventText(e);
    return s ? { type: str(e.type), text: s } : null;
  }

  on(locale, 'change', () => restart());
  on(form, 'submit', (e) => {
    e.preventDefault();
    const said = input.value.trim();
    if (!said || busy) return;
    input.value = '';
    typed(said);
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
      sample.setLocale(locale.value);
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
