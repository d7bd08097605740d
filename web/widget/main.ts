/**
 * The customer's chat widget, booted from its own script tag:
 *
 *   <script src="https://satisfy.example.com/widget.js" data-invite="…" data-locale="es" async></script>
 *
 * Reads the embedding (embed.ts), then wires the view (chatView.ts), the connection
 * (directLineClient.ts) and the outbox (outbox.ts) together, and offers window.Satisfy
 * {open, close, toggle}. The attributes and behaviour are documented in docs (web chat widget).
 */
import type { WebchatActivity, WebchatAnswerValue } from '../../src/core/api/webchat.js';
import { ratingText, type PromptQuestion } from '../shared/renderPrompt.js';
import { classifyActivity } from './activities.js';
import { ChatView, type UserBubble } from './chatView.js';
import { DirectLineClient } from './directLineClient.js';
import { isWidgetSrc, readEmbed, type Embed } from './embed.js';
import { Outbox } from './outbox.js';
import { backoff } from './reconnect.js';
import { SessionStore } from './sessionStore.js';
import { pickLang } from './strings.js';
import { TypingThrottle } from './typing.js';

/** How long the typing dots stay after an agent's typing activity (they come every few seconds). */
const AGENT_TYPING_SHOWN_MS = 6000;

export interface SatisfyApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Marks the widget as loaded: a second copy of the script leaves the first in charge. */
  widget: true;
}

declare global {
  interface Window {
    Satisfy?: SatisfyApi;
  }
}

/** A clientActivityID: unique per message, the same on every retry of it. */
function uid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}${Math.random().toString(36).slice(2, 12)}`;
}

function findScript(): HTMLScriptElement | null {
  const cur = document.currentScript;
  if (cur instanceof HTMLScriptElement && cur.src) return cur;
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => isWidgetSrc(s.src, location.href)) ?? null;
}

function browserLanguages(): string[] {
  try {
    return Array.from(navigator.languages?.length ? navigator.languages : [navigator.language || '']);
  } catch {
    return [];
  }
}

function startWidget(embed: Embed): SatisfyApi {
  const page = embed.mode === 'page';
  const store = SessionStore.open(embed.storeKey, () => localStorage, () => sessionStorage);
  // Until the server says the conversation's language, the strings follow the same preferences.
  let lang = pickLang([embed.locale, ...embed.languages]);
  const bubbles = new Map<string, UserBubble>();
  // The one-click answer from an email, until it is given; given once per invitation and
  // browser, so a reload of the same link does not answer again.
  let oneClick = embed.answer && !store.answerGiven() ? embed.answer : null;
  /** The question waiting for an answer, as far as the transcript shows. */
  let openQuestion: PromptQuestion | null = null;

  const typing = new TypingThrottle();
  const send = (text: string, value: WebchatAnswerValue | undefined): void => {
    typing.reset();
    const cid = uid();
    bubbles.set(cid, view.addOutgoing(text));
    outbox.add(cid, text, value);
  };

  const view = new ChatView({
    mode: embed.mode,
    title: embed.title,
    lang,
    onText: (text) => send(text, undefined),
    onAnswer: (questionId, answer, text) => send(text, { satisfy: { questionId, answer } }),
    onSkip: (questionId, text) => send(text, { satisfy: { questionId, skip: true } }),
    onHelp: (text) => send(text, { satisfy: { action: 'human' } }),
    onOpenChange: (open) => {
      // In bubble mode nothing goes over the network until the panel first opens.
      if (open) client.start();
      store.saveOpen(open);
    },
    // A person answering them sees "… is typing" (nobody else does; the survey does not care).
    onTyping: (text) => {
      if (client.canSend && typing.shouldSend(text, Date.now())) client.postTyping();
    },
  });

  const client = new DirectLineClient({
    base: embed.base,
    request: { invite: embed.invite, locale: embed.locale, languages: embed.languages },
    store,
    random: Math.random,
    onActivities: (activities) => handle(activities),
    onStatus: (key) => view.setStatus(key),
    onSession: (_session, answer) => {
      if (answer.locale) {
        lang = pickLang([String(answer.locale)]);
        view.setLang(lang);
        // On our own page the widget is the page: say its language to assistive tech too.
        if (embed.ownPage) document.documentElement.setAttribute('lang', String(answer.locale));
      }
      void outbox.pump();
    },
    onFatal: (code) => view.showFatal(code),
  });

  const outbox = new Outbox({
    post: (item) =>
      client.post({
        type: 'message',
        locale: client.session?.locale || embed.locale || lang,
        text: item.text,
        ...(item.value ? { value: item.value } : {}),
        channelData: { clientActivityID: item.cid },
      }),
    delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    backoff: (tries) => backoff(tries, Math.random),
    canSend: () => client.canSend,
    onChange: (item, afterRetry) => {
      bubbles.get(item.cid)?.show(item.state);
      if (afterRetry) view.showTyping();
    },
  });

  /** Draws new activities in order; the newest bot message decides whether the chat is closed. */
  function handle(activities: WebchatActivity[]): void {
    const stick = view.nearBottom();
    let asked = false;
    let bot = false;
    let closedNow = false;
    const userId = client.session?.userId ?? '';
    for (const a of activities) {
      const m = classifyActivity(a, userId, (cid) => outbox.has(cid));
      switch (m.kind) {
        case 'echo':
          openQuestion = null;
          outbox.confirm(m.clientActivityID);
          break;
        case 'user':
          openQuestion = null;
          view.addUserMessage(m.text);
          asked = false;
          view.hideClosed(); // the customer wrote after the end (in this tab or another)
          break;
        case 'typing':
          // Sent every few seconds while the agent types: gone soon after they stop.
          view.showTyping(AGENT_TYPING_SHOWN_MS);
          break;
        case 'question':
        case 'bot':
          view.hideTyping();
          bot = true;
          if (m.kind === 'question') {
            view.addQuestion(m.question);
            openQuestion = m.question;
            asked = true;
          } else if (m.text.trim()) view.addBotMessage(m.text);
          if (m.end) view.showClosed(m.end);
          else view.hideClosed();
          closedNow = !!m.end;
          break;
        case 'error':
          view.hideTyping();
          bot = true;
          view.addSystemNote('error');
          break;
        case 'ignore':
          break;
      }
    }
    if (bot) view.markUnread();
    if (bot && (stick || asked || closedNow)) view.toBottom();
    if (giveOneClick()) return;
    if (asked) view.focusCurrent();
  }

  /** Answers with the email's one-click answer when its question is the one asked now. Once the
   * survey has moved past that question (answered on another device), it is dropped. */
  function giveOneClick(): boolean {
    const asked = openQuestion;
    if (!oneClick || !asked) return false;
    const given = oneClick;
    oneClick = null;
    if (String(asked.questionId ?? '') !== given.questionId || asked.prompt.kind !== 'rating') return false;
    store.markAnswerGiven();
    send(ratingText(asked.prompt.display, Number(given.value)), { satisfy: { questionId: given.questionId, answer: given.value } });
    return true;
  }

  const revive = () => {
    client.revive();
    outbox.wake();
    void outbox.pump();
  };
  window.addEventListener('online', revive);
  window.addEventListener('offline', () => client.offline());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && revive());
  window.addEventListener('pagehide', () => client.pageHide());
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    client.pageShow();
    outbox.wake();
    void outbox.pump();
  });

  let mounted = false;
  let openWhenMounted = embed.openAtStart;
  const containerOf = (): HTMLElement | null => {
    if (!page) return document.body;
    try {
      return (embed.container && document.querySelector<HTMLElement>(embed.container)) || document.body;
    } catch {
      return document.body; // not a valid selector
    }
  };
  const mount = () => {
    if (mounted) return;
    const parent = containerOf();
    if (!parent) return;
    mounted = true;
    if (page) {
      view.host.style.height = '100%';
      parent.append(view.host);
      client.start();
      view.focusCurrent();
    } else {
      parent.append(view.host);
      // A reload while the panel was open reopens it (and resumes).
      if (openWhenMounted || store.load().open) view.open();
    }
  };
  if (page && embed.container && document.readyState === 'loading') {
    let found: Element | null = null;
    try {
      found = document.querySelector(embed.container);
    } catch {
      /* not a valid selector: the body, once parsed */
    }
    if (found) mount();
    else document.addEventListener('DOMContentLoaded', mount);
  } else if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  return {
    open: () => (mounted ? view.open() : void (openWhenMounted = true)),
    close: () => (mounted ? view.close() : void (openWhenMounted = false)),
    toggle: () => (mounted ? view.toggle() : void (openWhenMounted = true)),
    widget: true,
  };
}

function boot(): void {
  if (window.Satisfy?.widget) return; // loaded twice: the first stays in charge
  const script = findScript();
  if (!script) return;
  const attr = (name: string) => (script.getAttribute(`data-${name}`) ?? '').trim();
  const embed = readEmbed(attr, { src: script.src, navigatorLanguages: browserLanguages(), pageLang: (document.documentElement.getAttribute('lang') ?? '').trim() });
  window.Satisfy = startWidget(embed);
}

boot();
