/**
 * Everything the customer sees, in an open Shadow DOM on <satisfy-widget>: the bubble and its
 * panel (or the whole container in page mode), the log of messages, the current question's
 * controls (web/shared/renderPrompt.ts), the composer, the status line, the typing dots and the
 * closed state. It draws and reports what the customer does; sending and the network are the
 * caller's (main.ts). Every dynamic text goes in as text, never as HTML.
 */
import type { WebchatEnd } from '../../src/core/api/webchat.js';
import { h } from '../shared/dom.js';
import { promptModel, renderPrompt, type AnswerValue, type PromptQuestion, type PromptStrings } from '../shared/renderPrompt.js';
import type { StatusKey } from './directLineClient.js';
import type { WidgetMode } from './embed.js';
import type { OutboxItem } from './outbox.js';
import { translate, type StringKey, type WidgetLang } from './strings.js';
import css from './widget.css';

export interface ChatViewOptions {
  mode: WidgetMode;
  /** data-title, or empty for the widget's own. */
  title: string;
  lang: WidgetLang;
  /** The customer typed a message and sent it. */
  onText(text: string): void;
  /** A button answered the current question. */
  onAnswer(questionId: string, value: AnswerValue, text: string): void;
  onSkip(questionId: string, text: string): void;
  /** The closed state's "talk to a person" button, with its label. */
  onHelp(text: string): void;
  /** Bubble mode: the panel opened or closed. */
  onOpenChange(open: boolean): void;
  /** Page mode drawn as on a phone whatever the window's width: the staff app's phone preview
   * (web/staff/surveys/phonePreview.ts) shows customers' own view in a phone-sized frame. */
  phone?: boolean;
  /** The customer changed what is in the text box (to tell the other side they are typing). */
  onTyping?(text: string): void;
}

/** A customer's message in the log, while it is on its way. */
export interface UserBubble {
  show(state: OutboxItem['state']): void;
}

const DEFAULT_MAX = 2000;
/** Within this of the bottom, new messages keep the log scrolled to the end. */
const NEAR_BOTTOM_PX = 140;
const TYPING_TIMEOUT_MS = 10_000;
const COMPOSER_MAX_PX = 132;
const PHONE_MAX_WIDTH = 520;

const SVG = 'http://www.w3.org/2000/svg';
const I_CHAT =
  'M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.4 6.1L4.6 21l4.3-2.3c1 .2 2 .3 3.1.3 5.5 0 10-3.6 10-8s-4.5-8-10-8zm-4 9.2a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4zm4 0a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4zm4 0a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4z';
const I_X = 'M18.3 5.7a1 1 0 00-1.4 0L12 10.6 7.1 5.7a1 1 0 10-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 101.4 1.4l4.9-4.9 4.9 4.9a1 1 0 001.4-1.4L13.4 12l4.9-4.9a1 1 0 000-1.4z';
const I_SEND = 'M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a.99.99 0 00-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z';
const I_INFO = 'M12 2a10 10 0 100 20 10 10 0 000-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z';

function icon(d: string): SVGSVGElement {
  const s = document.createElementNS(SVG, 'svg');
  s.setAttribute('viewBox', '0 0 24 24');
  s.setAttribute('aria-hidden', 'true');
  s.setAttribute('focusable', 'false');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', d);
  s.append(p);
  return s;
}

function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): void {
  el.addEventListener(type, fn);
}

interface CurrentQuestion {
  ctl: HTMLElement | null;
  /** Typed answers only: the question's length limit (0: the default). */
  textMax: number;
}

export class ChatView {
  readonly host: HTMLElement;
  private readonly shadow: ShadowRoot;
  private readonly wrap: HTMLDivElement;
  private readonly panel: HTMLDivElement;
  private readonly titleEl: HTMLHeadingElement;
  private readonly closeBtn: HTMLButtonElement | null;
  private readonly statusEl: HTMLParagraphElement;
  private readonly log: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly typingLabel: HTMLSpanElement;
  private readonly typingDots: HTMLDivElement;
  private readonly counter: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly composer: HTMLDivElement;
  private readonly closedText: HTMLParagraphElement;
  private readonly helpBtn: HTMLButtonElement;
  private readonly closedEl: HTMLDivElement;
  private readonly bubble: HTMLButtonElement | null;
  private readonly bubbleIcon: HTMLSpanElement;
  private readonly dot: HTMLSpanElement;

  private lang: WidgetLang;
  private statusKey: StatusKey = '';
  private isOpen = false;
  private current: CurrentQuestion | null = null;
  /** The survey's end while the closed state shows. */
  private ended: WebchatEnd | null = null;
  /** A fatal notice replaced the chat. */
  private failed = false;
  private qSeq = 0;
  /** Keep the newest message in view when the composer or the keyboard resizes the log. */
  private pinned = true;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private viewportBound = false;

  constructor(private readonly opts: ChatViewOptions) {
    this.lang = opts.lang;
    const page = opts.mode === 'page';
    this.host = document.createElement('satisfy-widget');
    this.shadow = this.host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      this.shadow.adoptedStyleSheets = [sheet];
    } catch {
      // Older browsers: a <style> element (CSP-wise the same as the sheet under style-src).
      this.shadow.append(h('style', null, css));
    }

    this.wrap = h('div', { class: page ? (opts.phone ? 'root pg ph' : 'root pg') : 'root', lang: this.lang });
    this.titleEl = h('h2', { id: 'sf-title' });
    this.closeBtn = page ? null : h('button', { class: 'x', type: 'button' }, icon(I_X));
    if (this.closeBtn) on(this.closeBtn, 'click', () => this.close());
    // Always in the accessibility tree (a live region that appears with its text may go
    // unannounced); empty, it has no height.
    this.statusEl = h('p', { class: 'status', role: 'status', 'data-testid': 'satisfy-status' });
    this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'satisfy-log' });
    this.typingLabel = h('span', { class: 'vh' });
    this.typingDots = h('div', { class: 'typing', hidden: true, 'data-testid': 'satisfy-typing' }, h('i', { 'aria-hidden': 'true' }), h('i', { 'aria-hidden': 'true' }), h('i', { 'aria-hidden': 'true' }));
    this.scroller = h('div', { class: 'scroll', tabindex: '-1' }, this.log, h('div', { class: 'twrap', 'aria-live': 'polite' }, this.typingLabel, this.typingDots));
    this.counter = h('div', { class: 'count', id: 'sf-count', hidden: true });
    this.input = h('textarea', { rows: 1, maxlength: DEFAULT_MAX, enterkeyhint: 'send', autocomplete: 'off', 'aria-describedby': 'sf-count', 'data-testid': 'satisfy-input' });
    this.sendBtn = h('button', { class: 'send', type: 'button', disabled: true, 'data-testid': 'satisfy-send' }, icon(I_SEND));
    this.composer = h('div', { class: 'comp' }, h('div', { class: 'field' }, this.counter, this.input), this.sendBtn);
    // Instead of the composer once the survey has ended: nothing more to type, one way on.
    this.closedText = h('p', { id: 'sf-closed', tabindex: '-1', 'data-testid': 'satisfy-closed-text' });
    this.helpBtn = h('button', { class: 'go', type: 'button', 'data-testid': 'satisfy-help' });
    this.closedEl = h('div', { class: 'closed', role: 'group', 'aria-labelledby': 'sf-closed', hidden: true, 'data-testid': 'satisfy-closed' }, this.closedText, this.helpBtn);
    this.panel = h(
      'div',
      { class: 'panel', id: 'sf-panel', role: page ? 'region' : 'dialog', 'aria-labelledby': 'sf-title', hidden: !page },
      h('div', { class: 'head' }, this.titleEl, this.closeBtn),
      this.statusEl,
      this.scroller,
      this.composer,
      this.closedEl,
    );
    this.wrap.append(this.panel);
    this.dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
    this.bubbleIcon = h('span', { 'aria-hidden': 'true' }, icon(I_CHAT));
    this.bubble = page
      ? null
      : h('button', { class: 'bubble', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'sf-panel', 'data-testid': 'satisfy-bubble' }, this.bubbleIcon, this.dot);
    if (this.bubble) {
      on(this.bubble, 'click', () => this.toggle());
      this.wrap.append(this.bubble);
    }
    this.shadow.append(this.wrap);
    this.wire();
    this.applyStrings();
  }

  private t(key: StringKey, vars?: Record<string, string | number>): string {
    return translate(this.lang, key, vars);
  }

  private wire(): void {
    // Focus rings for keyboard users only: focus moved by us after a tap should not look selected.
    document.addEventListener('keydown', (e) => e.key !== 'Escape' && this.wrap.classList.add('kb'), true);
    document.addEventListener('pointerdown', () => this.wrap.classList.remove('kb'), true);
    this.scroller.addEventListener('scroll', () => (this.pinned = this.nearBottom()), { passive: true });
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.pinned && this.toBottom()).observe(this.scroller);
    on(this.input, 'input', () => {
      this.syncInput();
      this.opts.onTyping?.(this.input.value);
    });
    on(this.input, 'keydown', (e) => {
      // Not while an input method is composing (Chinese, Japanese…): Enter picks the characters there.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submitTyped();
      }
    });
    on(this.sendBtn, 'click', () => this.submitTyped());
    on(this.helpBtn, 'click', () => {
      if (!this.ended) return;
      const text = this.helpBtn.textContent || this.t('help');
      this.hideClosed();
      this.opts.onHelp(text);
      this.input.focus({ preventScroll: true });
    });
    on(this.panel, 'keydown', (e) => {
      if (e.key === 'Escape' && this.opts.mode === 'bubble') {
        e.stopPropagation();
        this.close();
      }
    });
  }

  /** The widget's own words follow the conversation's language once the server says it. */
  setLang(lang: WidgetLang): void {
    this.lang = lang;
    this.applyStrings();
  }

  private applyStrings(): void {
    this.wrap.setAttribute('lang', this.lang);
    this.titleEl.textContent = this.opts.title || this.t('title');
    this.input.setAttribute('placeholder', this.t('placeholder'));
    this.input.setAttribute('aria-label', this.t('placeholder'));
    this.sendBtn.setAttribute('aria-label', this.t('send'));
    this.closeBtn?.setAttribute('aria-label', this.t('close'));
    this.bubble?.setAttribute('aria-label', this.isOpen ? this.t('close') : this.t('open'));
    if (!this.typingDots.hidden) this.typingLabel.textContent = this.t('typing');
    if (this.statusKey) this.statusEl.textContent = this.t(this.statusKey);
    if (this.ended) this.drawClosed();
    this.updateCounter();
  }

  setStatus(key: StatusKey): void {
    this.statusKey = key;
    this.statusEl.textContent = key ? this.t(key) : '';
  }

  // ------------------------------------------------------------------ scrolling, focus, typing

  nearBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  toBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  get visible(): boolean {
    return this.opts.mode === 'page' || this.isOpen;
  }

  /** Focus where the customer answers next: the question's first button, the text box, or the closed notice. */
  focusCurrent(): void {
    if (!this.visible) return;
    if (this.shadow.activeElement === this.input && this.input.value) return; // don't interrupt typing
    if (this.ended) return this.closedText.focus({ preventScroll: true });
    const btn = this.current?.ctl?.querySelector<HTMLButtonElement>('button:not([disabled])');
    (btn ?? this.input).focus({ preventScroll: true });
  }

  showTyping(forMs = TYPING_TIMEOUT_MS): void {
    this.typingDots.hidden = false;
    this.typingLabel.textContent = this.t('typing');
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), forMs);
    if (this.nearBottom()) this.toBottom();
  }

  hideTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingDots.hidden = true;
    this.typingLabel.textContent = '';
  }

  /** A bot message while the bubble's panel is closed: the red dot. */
  markUnread(): void {
    if (this.opts.mode === 'bubble' && !this.isOpen) this.dot.hidden = false;
  }

  // ------------------------------------------------------------------ composer

  private maxLen(): number {
    return this.current?.textMax || DEFAULT_MAX;
  }

  private updateCounter(): void {
    const max = this.maxLen();
    const len = this.input.value.length;
    const show = len >= max - Math.max(20, Math.round(max * 0.2));
    this.counter.hidden = !show;
    this.counter.textContent = show ? `${len} / ${max}` : '';
    this.counter.className = len >= max ? 'count max' : 'count';
    this.counter.setAttribute('aria-label', show ? this.t('left', { n: Math.max(0, max - len) }) : '');
  }

  private syncInput(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 3, COMPOSER_MAX_PX)}px`;
    this.sendBtn.disabled = !this.input.value.trim();
    this.updateCounter();
  }

  private submitTyped(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.syncInput();
    this.opts.onText(text);
    this.input.focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ the log

  private msgEl(who: 'bot' | 'user', text: string): HTMLDivElement {
    return h('div', { class: `msg ${who}`, 'data-testid': `satisfy-msg-${who}` }, text);
  }

  /** The customer's message, drawn at once and marked pending until the server has it. */
  addOutgoing(text: string): UserBubble {
    const el = this.msgEl('user', text);
    let note: HTMLDivElement | null = null;
    const setNote = (key: StringKey | null) => {
      if (key === null) {
        note?.remove();
        note = null;
        return;
      }
      if (!note) {
        note = h('div', { class: 'note' });
        el.after(note);
      }
      note.textContent = this.t(key);
    };
    const pending = (busy: boolean) => {
      el.classList.toggle('pending', busy);
      if (busy) el.setAttribute('aria-busy', 'true');
      else el.removeAttribute('aria-busy');
    };
    pending(true);
    this.retireQuestion();
    this.log.append(el);
    this.toBottom();
    this.showTyping();
    return {
      show: (state) => {
        if (state === 'sent') {
          pending(false);
          setNote(null);
        } else if (state === 'failed') {
          pending(false);
          setNote('failed');
          this.hideTyping();
        } else if (state === 'retrying') {
          setNote('retrying');
          this.hideTyping();
        }
      },
    };
  }

  /** The customer's message sent elsewhere (another tab, or before a reload). */
  addUserMessage(text: string): void {
    this.retireQuestion();
    this.log.append(this.msgEl('user', text));
  }

  addBotMessage(text: string): void {
    this.log.append(this.msgEl('bot', text));
  }

  /** A note from the widget itself (the bot reported an error). */
  addSystemNote(key: StringKey): void {
    const stick = this.nearBottom();
    this.log.append(h('div', { class: 'sys', role: 'note' }, this.t(key)));
    if (stick) this.toBottom();
  }

  /** Draws a question and its controls; the previous question's controls go. */
  addQuestion(q: PromptQuestion): void {
    this.retireQuestion();
    const id = `sf-q${++this.qSeq}`;
    const bubble = this.msgEl('bot', q.text == null ? '' : String(q.text));
    bubble.id = id;
    this.log.append(bubble);
    const questionId = String(q.questionId ?? '');
    const strings: PromptStrings = { send: this.t('send'), skip: this.t('skip'), ofMax: (n, max) => this.t('of', { n, max }) };
    const ctl = renderPrompt(q, {
      strings,
      labelledBy: id,
      onAnswer: (value, text) => this.opts.onAnswer(questionId, value, text),
      onSkip: (text) => this.opts.onSkip(questionId, text),
      keyboardFocus: () => this.wrap.classList.contains('kb'),
    });
    if (ctl) this.log.append(ctl);
    const model = promptModel(q, strings);
    this.current = { ctl, textMax: model.controls.kind === 'text' ? model.controls.maxLength : 0 };
    this.input.maxLength = this.maxLen();
    this.updateCounter();
  }

  /** Only the latest question has controls; an answered or older one is inert. */
  retireQuestion(): void {
    if (!this.current) return;
    const ctl = this.current.ctl;
    const hadFocus = !!ctl && ctl.contains(this.shadow.activeElement);
    ctl?.remove();
    if (hadFocus) this.scroller.focus({ preventScroll: true });
    this.current = null;
    this.input.maxLength = DEFAULT_MAX;
    this.updateCounter();
  }

  /** Back to an empty chat: the staff preview's restart (the widget itself never clears). */
  clear(): void {
    this.retireQuestion();
    this.log.replaceChildren();
    this.hideTyping();
    this.hideClosed();
    this.setStatus('');
    this.pinned = true;
  }

  // ------------------------------------------------------------------ closed state, failure

  private drawClosed(): void {
    const status = this.ended?.status;
    this.closedText.textContent = this.t(status === 'opted_out' ? 'done_opted_out' : status === 'expired' ? 'done_expired' : 'done');
    this.helpBtn.textContent = this.ended?.help || this.t('help');
  }

  /** The survey ended: the composer gives way to a closed notice and a way to reach a person. */
  showClosed(end: WebchatEnd): void {
    // Focus in the composer (or left on the log by the last answer) moves to the notice, which
    // a screen reader then reads; focus elsewhere on a shop's page is not taken.
    const active = this.shadow.activeElement;
    const hadFocus = !!active && (this.composer.contains(active) || active === this.scroller);
    this.ended = end;
    this.retireQuestion();
    this.drawClosed();
    if (this.failed) return;
    this.composer.hidden = true;
    this.closedEl.hidden = false;
    if (hadFocus) this.closedText.focus({ preventScroll: true });
  }

  hideClosed(): void {
    if (!this.ended) return;
    const hadFocus = this.closedEl.contains(this.shadow.activeElement);
    this.ended = null;
    if (this.failed) return;
    this.closedEl.hidden = true;
    this.composer.hidden = false;
    if (hadFocus) this.input.focus({ preventScroll: true });
  }

  /** No chat is possible (a bad or expired link, a refused start): a notice replaces it. */
  showFatal(code: string | undefined): void {
    this.setStatus('');
    const key: StringKey = code === 'INVITE_EXPIRED' ? 'expired' : /^INVITE/.test(String(code)) ? 'invalid' : 'error';
    this.scroller.replaceWith(h('div', { class: 'notice', role: 'alert' }, icon(I_INFO), this.t(key)));
    this.failed = true;
    this.composer.hidden = true;
    this.closedEl.hidden = true;
  }

  // ------------------------------------------------------------------ open / close (bubble mode)

  private syncViewport = (): void => {
    const vv = window.visualViewport;
    if (!vv) return;
    // On a phone the panel fills the visual viewport, so the on-screen keyboard does not cover the composer.
    if (window.innerWidth < PHONE_MAX_WIDTH) {
      this.host.style.setProperty('--vvh', `${vv.height}px`);
      this.host.style.setProperty('--vvt', `${vv.offsetTop}px`);
    } else {
      this.host.style.removeProperty('--vvh');
      this.host.style.removeProperty('--vvt');
    }
  };

  open(): void {
    if (this.opts.mode === 'page') return this.focusCurrent();
    if (this.isOpen || !this.bubble) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.wrap.classList.add('open');
    this.dot.hidden = true;
    this.bubble.setAttribute('aria-expanded', 'true');
    this.bubble.setAttribute('aria-label', this.t('close'));
    this.bubbleIcon.replaceChildren(icon(I_X));
    const vv = window.visualViewport;
    if (!this.viewportBound && vv) {
      this.viewportBound = true;
      vv.addEventListener('resize', this.syncViewport);
      vv.addEventListener('scroll', this.syncViewport);
    }
    this.syncViewport();
    this.opts.onOpenChange(true);
    this.toBottom();
    this.focusCurrent();
  }

  close(): void {
    if (this.opts.mode === 'page' || !this.isOpen || !this.bubble) return;
    const hadFocus = !!this.shadow.activeElement;
    this.isOpen = false;
    this.panel.hidden = true;
    this.wrap.classList.remove('open');
    this.bubble.setAttribute('aria-expanded', 'false');
    this.bubble.setAttribute('aria-label', this.t('open'));
    this.bubbleIcon.replaceChildren(icon(I_CHAT));
    this.opts.onOpenChange(false);
    if (hadFocus) this.bubble.focus({ preventScroll: true });
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }
}
