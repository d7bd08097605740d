/* global window, document, location, navigator, sessionStorage, localStorage, fetch, WebSocket, setTimeout, clearTimeout, setInterval, clearInterval, CSSStyleSheet, AbortController, ResizeObserver, visualViewport, crypto */
/*
 * Satisfy web chat widget: one dependency-free ES2020 file, embedded with
 *   <script src="https://satisfy.example.com/widget.js" data-invite="…" data-locale="es" async></script>
 * It talks to the server's /webchat/session and Direct Line 3.0-compatible API (see src/web/README.md).
 * Security: every dynamic text is rendered with textContent / text nodes, never as HTML.
 */
(() => {
  'use strict';
  if (window.Satisfy && window.Satisfy.widget) return; // loaded twice: keep the first

  const isWidgetSrc = (s) => {
    try {
      return new URL(s.src, location.href).pathname.endsWith('/widget.js');
    } catch {
      return false;
    }
  };
  const script = document.currentScript || Array.from(document.querySelectorAll('script[src]')).find(isWidgetSrc);
  if (!script) return;

  const attr = (n) => (script.getAttribute('data-' + n) || '').trim();
  const BASE = new URL('.', script.src).href; // origin + path prefix, ends with '/'
  const INVITE = attr('invite');
  const MODE = attr('mode') === 'page' ? 'page' : 'bubble';
  const TITLE = attr('title');
  const tag = (l) => (/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/.test(l) && l.length <= 35 ? l : '');
  // An explicit choice: data-locale (on /chat, the page's ?locale=).
  const REQ_LOCALE = tag(attr('locale'));
  // Our own /chat page says data-page-lang="ignore": its <html lang> is ours, not the customer's.
  const OWN_PAGE = attr('page-lang') === 'ignore';
  const PAGE_LANG = OWN_PAGE ? '' : tag((document.documentElement.getAttribute('lang') || '').trim());
  /** What the browser asks for, best first, then the shop page's language; the server picks. */
  const LANGUAGES = (() => {
    let list = [];
    try {
      list = Array.from(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || '']);
    } catch {
      /* no navigator.languages */
    }
    const out = [];
    for (const l of list) {
      const v = tag(String(l || '').trim());
      if (v && !out.includes(v) && out.length < 9) out.push(v); // the server takes at most 10
    }
    if (PAGE_LANG && !out.includes(PAGE_LANG)) out.push(PAGE_LANG);
    return out;
  })();
  // One conversation per visitor and purpose (an invitation, or this site's default survey),
  // shared by every tab of this origin.
  const STORE_KEY = 'satisfy:' + (INVITE || 'default');
  const DEFAULT_MAX = 2000;

  // ---------------------------------------------------------------- strings
  const STRINGS = {
    en: {
      title: 'Your feedback',
      placeholder: 'Type your answer…',
      send: 'Send',
      skip: 'Skip',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      retrying: 'Not sent yet — retrying',
      failed: 'This message could not be sent.',
      open: 'Open survey',
      close: 'Close',
      typing: 'Typing…',
      invalid: 'Sorry, this survey link isn’t valid. Please open the full link from your message again.',
      expired: 'Sorry, this survey link has expired. Thank you for your interest!',
      unavailable: 'We can’t reach the survey right now. Trying again…',
      error: 'Sorry, something went wrong on our side. Please try again in a moment.',
      of: '{n} of {max}',
      left: '{n} characters left',
      done: 'This survey is complete. Thank you!',
      done_opted_out: 'You won’t be asked anything more.',
      done_expired: 'This survey has expired.',
      help: 'Need help? Talk to a person',
    },
    es: {
      title: 'Tu opinión',
      placeholder: 'Escribe tu respuesta…',
      send: 'Enviar',
      skip: 'Omitir',
      connecting: 'Conectando…',
      reconnecting: 'Reconectando…',
      retrying: 'Aún no enviado — reintentando',
      failed: 'No se pudo enviar este mensaje.',
      open: 'Abrir encuesta',
      close: 'Cerrar',
      typing: 'Escribiendo…',
      invalid: 'Lo sentimos, este enlace de la encuesta no es válido. Vuelve a abrir el enlace completo de tu mensaje.',
      expired: 'Lo sentimos, este enlace de la encuesta ha caducado. ¡Gracias por tu interés!',
      unavailable: 'No podemos conectar con la encuesta ahora mismo. Lo seguimos intentando…',
      error: 'Lo sentimos, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
      of: '{n} de {max}',
      left: 'Quedan {n} caracteres',
      done: 'Esta encuesta ha terminado. ¡Gracias!',
      done_opted_out: 'No te preguntaremos nada más.',
      done_expired: 'Esta encuesta ha caducado.',
      help: '¿Necesitas ayuda? Habla con una persona',
    },
    'zh-CN': {
      title: '您的反馈',
      placeholder: '输入您的回答…',
      send: '发送',
      skip: '跳过',
      connecting: '正在连接…',
      reconnecting: '正在重新连接…',
      retrying: '尚未发送，正在重试',
      failed: '此消息无法发送。',
      open: '打开问卷',
      close: '关闭',
      typing: '正在输入…',
      invalid: '抱歉，此问卷链接无效。请重新打开消息中的完整链接。',
      expired: '抱歉，此问卷链接已过期。感谢您的关注！',
      unavailable: '暂时无法连接到问卷，正在重试…',
      error: '抱歉，我们这边出了点问题。请稍后再试。',
      of: '{n} / {max}',
      left: '还可输入 {n} 个字',
      done: '本次问卷已完成，感谢您的参与！',
      done_opted_out: '我们不会再向您提问。',
      done_expired: '本次问卷已过期。',
      help: '需要帮助？联系人工客服',
    },
  };
  /** The first preference our strings can serve: same language, and for Chinese the same script
   * (zh-TW / zh-Hant are Traditional and get no Simplified strings); else English. */
  const pickLang = (prefs) => {
    for (const raw of prefs) {
      const parts = String(raw || '').toLowerCase().replace(/_/g, '-').split('-');
      if (parts[0] === 'en') return 'en';
      if (parts[0] === 'es') return 'es';
      if (parts[0] !== 'zh') continue;
      const script = parts.slice(1).find((p) => /^[a-z]{4}$/.test(p));
      const region = parts.slice(1).find((p) => /^[a-z]{2}$/.test(p));
      if (script ? script === 'hans' : !['tw', 'hk', 'mo'].includes(region)) return 'zh-CN';
    }
    return 'en';
  };
  let lang = pickLang([REQ_LOCALE].concat(LANGUAGES));
  const t = (k, vars) =>
    String(STRINGS[lang][k] || STRINGS.en[k]).replace(/\{(\w+)\}/g, (_, v) => String(vars ? vars[v] : ''));

  // ---------------------------------------------------------------- styles (static)
  const CSS = `
:host{all:initial;display:block}
[hidden]{display:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{--a:var(--satisfy-accent,#3047c9);--a2:var(--satisfy-accent-dark,#23369e);--at:#fff;--fg:#1c2230;--mut:#596273;--bot:#eef1f6;--line:#d5dbe5;--edge:#858e9e;--soft:#edf0fc;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);-webkit-text-size-adjust:100%;text-align:left}
button,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;-webkit-tap-highlight-color:transparent}
:focus{outline:none}
.kb :focus-visible{outline:3px solid var(--a);outline-offset:2px}
.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg{width:24px;height:24px;fill:currentColor;display:block}
.bubble{position:fixed;z-index:2147483000;right:max(20px,env(safe-area-inset-right));bottom:max(20px,env(safe-area-inset-bottom));width:60px;height:60px;border:0;border-radius:50%;background:var(--a);color:var(--at);display:grid;place-items:center;box-shadow:0 6px 22px rgba(18,26,56,.3);transition:transform .15s,background .15s}
.bubble:hover{background:var(--a2);transform:scale(1.05)}
.bubble svg{width:28px;height:28px}
.dot{position:absolute;top:3px;right:3px;width:14px;height:14px;border-radius:50%;background:#d9342b;border:2px solid #fff}
.panel{position:fixed;z-index:2147483001;right:max(20px,env(safe-area-inset-right));bottom:96px;width:380px;height:600px;max-height:calc(100vh - 116px);background:#fff;border-radius:16px;box-shadow:0 14px 50px rgba(18,26,56,.28);display:flex;flex-direction:column;overflow:hidden;animation:pop .2s ease-out;transform-origin:bottom right}
@media (max-width:519.98px){
.panel{top:var(--vvt,0px);left:0;right:0;bottom:auto;width:100%;height:var(--vvh,100%);max-height:none;border-radius:0;animation-name:fade}
.open .bubble{display:none}
}
.pg{height:100%}
.pg .panel{position:relative;inset:auto;z-index:auto;width:100%;height:100%;max-height:none;border-radius:0;box-shadow:none;animation:none}
@media (min-width:720px){.pg{padding:24px}.pg .panel{max-width:680px;margin:0 auto;border-radius:18px;box-shadow:0 8px 40px rgba(18,26,56,.14)}}
.head{flex:none;display:flex;align-items:center;gap:8px;min-height:60px;padding:8px 8px 8px 20px;background:var(--a);color:var(--at)}
.head h2{flex:1;margin:0;font-size:17px;font-weight:600;line-height:1.3;overflow-wrap:anywhere}
.x{flex:none;width:44px;height:44px;border:0;border-radius:10px;background:transparent;color:inherit;display:grid;place-items:center}
.x:hover{background:rgba(255,255,255,.16)}
.kb .head :focus-visible{outline-color:#fff;outline-offset:-3px}
.status{flex:none;margin:0;padding:7px 14px;font-size:13px;text-align:center;background:#fff3cd;color:#5a4300;border-bottom:1px solid #f0dc9a}
.status:empty{padding:0;border:0}
.scroll{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:18px 14px 10px}
.scroll:focus{outline:none}
.log{display:flex;flex-direction:column;gap:8px}
.msg{max-width:86%;padding:9px 14px;border-radius:18px;white-space:pre-wrap;overflow-wrap:anywhere;animation:up .22s ease-out}
.bot{align-self:flex-start;background:var(--bot);border-bottom-left-radius:6px}
.user{align-self:flex-end;background:var(--a);color:var(--at);border-bottom-right-radius:6px;transition:opacity .2s}
.bot+.user,.user+.bot,.ctl+.user,.note+.bot,.ctl+.bot,.sys+*{margin-top:6px}
.pending{opacity:.72}
.note{align-self:flex-end;margin-top:-3px;font-size:12.5px;color:#a11d1d}
.sys{align-self:center;max-width:92%;padding:10px 14px;border-radius:12px;background:#fdecec;color:#7d1414;font-size:14px;text-align:center;animation:up .22s ease-out}
.ctl{display:flex;flex-direction:column;gap:10px;margin:4px 0 6px;animation:up .25s ease-out}
.opts{display:flex;flex-wrap:wrap;gap:8px}
.opt,.go,.skip{min-height:44px;padding:9px 18px;border-radius:22px;font-weight:500;line-height:1.25;border:1.5px solid var(--a);background:#fff;color:var(--a);transition:background .12s,color .12s}
.opt:hover{background:var(--soft)}
.opt[aria-pressed=true]{background:var(--a);color:var(--at)}
.opt[aria-pressed]{position:relative;padding-left:44px}
.opt[aria-pressed]::before{content:"";position:absolute;left:16px;top:50%;width:18px;height:18px;margin-top:-9px;border:2px solid currentColor;border-radius:5px}
.opt[aria-pressed=true]::before{background:#fff;border-color:#fff}
.opt[aria-pressed=true]::after{content:"";position:absolute;left:22px;top:50%;width:6px;height:11px;margin-top:-7.5px;border:solid var(--a);border-width:0 2.5px 2.5px 0;transform:rotate(45deg)}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.go{background:var(--a);color:var(--at)}
.go:hover{background:var(--a2);border-color:var(--a2)}
.go:disabled{background:#c9ced8;border-color:#c9ced8;color:#4a5160;cursor:not-allowed}
.skip{border-color:var(--edge);color:var(--mut)}
.skip:hover{background:#f3f5f8}
.scale{container-type:inline-size}
.scale.fit{container-type:normal;width:fit-content;max-width:100%}
.nums{display:flex;flex-wrap:wrap;gap:6px;justify-content:center}
.nums .opt{flex:0 0 calc((100% - (var(--per) - 1) * 6px) / var(--per));min-width:0;padding:0;border-radius:12px;font-variant-numeric:tabular-nums}
@container (min-width:470px){.nums .opt{--per:var(--n)!important}}
.stars{display:flex;gap:4px}
.star{width:52px;height:52px;border:0;border-radius:12px;background:transparent;color:#7d8696;font-size:38px;line-height:1;padding:0;transition:color .1s,transform .1s}
.star.on{color:#e8a000}
.star:hover{transform:scale(1.12)}
.faces{display:grid;grid-template-columns:repeat(5,minmax(0,58px));gap:6px}
.face{height:54px;font-family:"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif;border:1.5px solid var(--edge);border-radius:14px;background:#fff;font-size:28px;line-height:1;padding:0;transition:border-color .12s,transform .12s}
.face:hover{border-color:var(--a);transform:translateY(-2px)}
.ends{display:flex;justify-content:space-between;gap:16px;margin-top:6px;font-size:12.5px;color:var(--mut)}
.ends span:last-child{text-align:right}
.typing{display:inline-flex;gap:5px;margin-top:10px;padding:13px 15px;border-radius:18px;border-bottom-left-radius:6px;background:var(--bot)}
.typing i{width:7px;height:7px;border-radius:50%;background:#6c7585;animation:b 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
.notice{margin:auto;padding:28px 24px;text-align:center;color:var(--fg);font-size:15.5px}
.notice svg{width:40px;height:40px;margin:0 auto 12px;fill:var(--mut)}
.closed{flex:none;display:flex;flex-direction:column;align-items:center;gap:10px;padding:14px 16px calc(14px + env(safe-area-inset-bottom));border-top:1px solid var(--line);background:#f7f8fb;text-align:center}
.closed p{margin:0;color:var(--mut);font-size:14.5px}
.closed .go{max-width:100%}
.comp{flex:none;display:flex;align-items:flex-end;gap:8px;padding:10px 12px calc(10px + env(safe-area-inset-bottom));border-top:1px solid var(--line);background:#fff}
.field{flex:1;display:flex;flex-direction:column;min-width:0}
.count{align-self:flex-end;padding:0 10px 3px;font-size:12px;color:var(--mut);font-variant-numeric:tabular-nums}
.count.max{color:#a11d1d}
textarea{display:block;width:100%;min-height:46px;max-height:132px;resize:none;padding:11px 16px;border:1.5px solid var(--edge);border-radius:23px;background:#fff;font-size:16px;line-height:1.35;overflow-y:auto}
textarea::placeholder{color:#6b7383;opacity:1}
textarea:focus,.kb textarea:focus-visible{outline:none;border-color:var(--a);box-shadow:0 0 0 1px var(--a)}
.send{flex:none;width:46px;height:46px;border:0;border-radius:50%;background:var(--a);color:var(--at);display:grid;place-items:center;transition:background .15s}
.send:hover{background:var(--a2)}
.send:disabled{background:#c9ced8;color:#fff;cursor:default}
@keyframes up{from{opacity:0;transform:translateY(6px)}}
@keyframes pop{from{opacity:0;transform:scale(.94) translateY(10px)}}
@keyframes fade{from{opacity:0}}
@keyframes b{0%,60%,100%{transform:none;opacity:.5}30%{transform:translateY(-4px);opacity:1}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;

  // ---------------------------------------------------------------- DOM helpers (text only)
  const h = (tag, props, ...kids) => {
    const el = document.createElement(tag);
    for (const k in props || {}) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of kids) if (c != null) el.append(c);
    return el;
  };
  const NS = 'http://www.w3.org/2000/svg';
  const icon = (d) => {
    const s = document.createElementNS(NS, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    s.append(p);
    return s;
  };
  const I_CHAT =
    'M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.4 6.1L4.6 21l4.3-2.3c1 .2 2 .3 3.1.3 5.5 0 10-3.6 10-8s-4.5-8-10-8zm-4 9.2a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4zm4 0a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4zm4 0a1.2 1.2 0 110-2.4 1.2 1.2 0 010 2.4z';
  const I_X = 'M18.3 5.7a1 1 0 00-1.4 0L12 10.6 7.1 5.7a1 1 0 10-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 101.4 1.4l4.9-4.9 4.9 4.9a1 1 0 001.4-1.4L13.4 12l4.9-4.9a1 1 0 000-1.4z';
  const I_SEND = 'M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a.99.99 0 00-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z';
  const I_INFO = 'M12 2a10 10 0 100 20 10 10 0 000-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z';

  // ---------------------------------------------------------------- storage
  // The conversation lives in localStorage, so every tab and window of this origin resumes the
  // same survey instead of starting another; whether the panel is open stays per tab. Without
  // localStorage (privacy modes) sessionStorage, then memory.
  const usable = (get) => {
    try {
      const s = get();
      const probe = STORE_KEY + ':probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch {
      return null;
    }
  };
  const memory = new Map();
  const memoryStorage = { getItem: (k) => (memory.has(k) ? memory.get(k) : null), setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) };
  const tabStorage = usable(() => sessionStorage) || memoryStorage;
  const sharedStorage = usable(() => localStorage) || tabStorage;
  const readJson = (s, k) => {
    try {
      return JSON.parse(s.getItem(k) || 'null');
    } catch {
      return null;
    }
  };
  const writeJson = (s, k, v) => {
    try {
      s.setItem(k, JSON.stringify(v));
    } catch {
      /* full or refused: no resume */
    }
  };
  const store = {
    /** {conversationId, token, watermark, open} */
    load() {
      const conv = readJson(sharedStorage, STORE_KEY);
      const tab = readJson(tabStorage, STORE_KEY + ':tab');
      return conv && typeof conv === 'object' ? Object.assign({}, conv, { open: !!(tab && tab.open) }) : tab && tab.open ? { open: true } : null;
    },
    save(v) {
      writeJson(sharedStorage, STORE_KEY, { conversationId: v.conversationId, token: v.token, watermark: v.watermark });
      writeJson(tabStorage, STORE_KEY + ':tab', { open: !!v.open });
    },
    clear() {
      try {
        sharedStorage.removeItem(STORE_KEY);
      } catch {
        /* ignore */
      }
    },
  };

  // ---------------------------------------------------------------- build UI
  const host = document.createElement('satisfy-widget');
  const shadow = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.append(h('style', { text: CSS }));
  }

  const wrap = h('div', { class: MODE === 'page' ? 'root pg' : 'root', lang });
  const titleEl = h('h2', { id: 'sf-title' });
  const closeBtn =
    MODE === 'bubble' ? h('button', { class: 'x', type: 'button', onclick: () => close() }, icon(I_X)) : null;
  // Always in the accessibility tree (a live region that appears with its text may go unannounced); empty = collapsed.
  const statusEl = h('p', { class: 'status', role: 'status', 'data-testid': 'satisfy-status' });
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'satisfy-log' });
  const typingLabel = h('span', { class: 'vh' });
  const typingDots = h('div', { class: 'typing', hidden: true }, h('i', { 'aria-hidden': 'true' }), h('i', { 'aria-hidden': 'true' }), h('i', { 'aria-hidden': 'true' }));
  const typingWrap = h('div', { class: 'twrap', 'aria-live': 'polite' }, typingLabel, typingDots);
  const scroller = h('div', { class: 'scroll', tabindex: '-1' }, log, typingWrap);
  const counter = h('div', { class: 'count', id: 'sf-count', hidden: true });
  const input = h('textarea', {
    rows: '1',
    maxlength: String(DEFAULT_MAX),
    enterkeyhint: 'send',
    autocomplete: 'off',
    'aria-describedby': 'sf-count',
    'data-testid': 'satisfy-input',
  });
  const sendBtn = h('button', { class: 'send', type: 'button', disabled: true, 'data-testid': 'satisfy-send' }, icon(I_SEND));
  const composer = h('div', { class: 'comp' }, h('div', { class: 'field' }, counter, input), sendBtn);
  // Shown instead of the composer once the survey has ended: nothing more to type, one way on.
  const closedText = h('p', { id: 'sf-closed', tabindex: '-1', 'data-testid': 'satisfy-closed-text' });
  const helpBtn = h('button', { class: 'go', type: 'button', 'data-testid': 'satisfy-help' });
  const closedEl = h('div', { class: 'closed', role: 'group', 'aria-labelledby': 'sf-closed', hidden: true, 'data-testid': 'satisfy-closed' }, closedText, helpBtn);
  const panel = h(
    'div',
    { class: 'panel', id: 'sf-panel', role: MODE === 'page' ? 'region' : 'dialog', 'aria-labelledby': 'sf-title', hidden: MODE === 'bubble' },
    h('div', { class: 'head' }, titleEl, closeBtn),
    statusEl,
    scroller,
    composer,
    closedEl,
  );
  wrap.append(panel);
  const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
  const bubbleIcon = h('span', { 'aria-hidden': 'true' }, icon(I_CHAT));
  const bubble =
    MODE === 'bubble'
      ? h('button', { class: 'bubble', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'sf-panel', 'data-testid': 'satisfy-bubble', onclick: () => toggle() }, bubbleIcon, dot)
      : null;
  if (bubble) wrap.append(bubble);
  shadow.append(wrap);

  // Focus rings for keyboard users only: programmatic focus after a tap should not look selected.
  document.addEventListener('keydown', (e) => e.key !== 'Escape' && wrap.classList.add('kb'), true);
  document.addEventListener('pointerdown', () => wrap.classList.remove('kb'), true);

  const applyStrings = () => {
    wrap.setAttribute('lang', lang);
    titleEl.textContent = TITLE || t('title');
    input.setAttribute('placeholder', t('placeholder'));
    input.setAttribute('aria-label', t('placeholder'));
    sendBtn.setAttribute('aria-label', t('send'));
    if (closeBtn) closeBtn.setAttribute('aria-label', t('close'));
    if (bubble) bubble.setAttribute('aria-label', isOpen ? t('close') : t('open'));
    if (!typingDots.hidden) typingLabel.textContent = t('typing');
    if (statusKey) statusEl.textContent = t(statusKey);
    if (current && current.multiSend) current.multiSend.textContent = t('send');
    if (ended) drawClosed();
    updateCounter();
  };

  // ---------------------------------------------------------------- state
  let isOpen = false;
  let started = false;
  let stopped = false; // page is being left
  let statusKey = '';
  let sess = null; // {conversationId, token, userId, domain, locale}
  let watermark = '';
  let current = null; // the latest question: {q, ctl, kind, max, multiSend}
  let ended = null; // the survey's end marker ({status, help}) while the closing state shows
  let failed = false; // a fatal notice replaced the chat
  let qSeq = 0;
  const seen = new Set(); // activity ids already handled
  const byClientId = new Map(); // clientActivityID -> outgoing item
  const outbox = [];

  const setStatus = (key) => {
    statusKey = key;
    statusEl.textContent = key ? t(key) : '';
  };
  const backoff = (n) => Math.min(15000, 1000 * 2 ** Math.min(n, 4)) * (0.75 + Math.random() * 0.5);
  const uid = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12) + Math.random().toString(36).slice(2, 12);
  const persist = () => {
    if (sess) store.save({ conversationId: sess.conversationId, token: sess.token, watermark, open: isOpen });
  };

  // ---------------------------------------------------------------- scrolling, focus, typing
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 140;
  let pinned = true; // keep the newest message in view when the box or the keyboard resizes the log
  scroller.addEventListener('scroll', () => (pinned = nearBottom()), { passive: true });
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => pinned && toBottom()).observe(scroller);
  const toBottom = () => {
    scroller.scrollTop = scroller.scrollHeight;
  };
  const visible = () => MODE === 'page' || isOpen;
  const focusCurrent = () => {
    if (!visible()) return;
    const active = shadow.activeElement;
    if (active === input && input.value) return; // don't interrupt typing
    if (ended) return closedText.focus({ preventScroll: true });
    const btn = current && current.kind !== 'text' && current.ctl && current.ctl.querySelector('button:not([disabled])');
    (btn || input).focus({ preventScroll: true });
  };

  let typingTimer = 0;
  const showTyping = () => {
    typingDots.hidden = false;
    typingLabel.textContent = t('typing');
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 10000);
    if (nearBottom()) toBottom();
  };
  function hideTyping() {
    clearTimeout(typingTimer);
    typingDots.hidden = true;
    typingLabel.textContent = '';
  }

  // ---------------------------------------------------------------- composer
  const maxLen = () => (current && current.kind === 'text' && current.max) || DEFAULT_MAX;
  function updateCounter() {
    const max = maxLen();
    const len = input.value.length;
    const show = len >= max - Math.max(20, Math.round(max * 0.2));
    counter.hidden = !show;
    counter.textContent = show ? len + ' / ' + max : '';
    counter.className = 'count' + (len >= max ? ' max' : '');
    counter.setAttribute('aria-label', show ? t('left', { n: Math.max(0, max - len) }) : '');
  }
  const syncInput = () => {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 3, 132) + 'px';
    sendBtn.disabled = !input.value.trim();
    updateCounter();
  };
  input.addEventListener('input', syncInput);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitTyped();
    }
  });
  sendBtn.addEventListener('click', () => submitTyped());
  function submitTyped() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    syncInput();
    send(text, null);
    input.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- closing state
  const drawClosed = () => {
    const status = ended && ended.status;
    closedText.textContent = t(status === 'opted_out' ? 'done_opted_out' : status === 'expired' ? 'done_expired' : 'done');
    helpBtn.textContent = (ended && ended.help) || t('help');
  };
  /** The survey ended: the composer gives way to a closed notice and a way to reach a person. */
  function showClosed(end) {
    // Focus in the composer (or left on the log by the last answer) moves to the notice, which
    // a screen reader then reads; focus elsewhere on a shop's page is not taken.
    const active = shadow.activeElement;
    const hadFocus = !!active && (composer.contains(active) || active === scroller);
    ended = { status: String(end.status || 'completed'), help: typeof end.help === 'string' ? end.help.trim() : '' };
    retireQuestion();
    drawClosed();
    if (failed) return;
    composer.hidden = true;
    closedEl.hidden = false;
    if (hadFocus) closedText.focus({ preventScroll: true });
  }
  function hideClosed() {
    if (!ended) return;
    const hadFocus = closedEl.contains(shadow.activeElement);
    ended = null;
    if (failed) return;
    closedEl.hidden = true;
    composer.hidden = false;
    if (hadFocus) input.focus({ preventScroll: true });
  }
  helpBtn.addEventListener('click', () => {
    if (!ended) return;
    const text = helpBtn.textContent || t('help');
    hideClosed();
    send(text, { satisfy: { action: 'human' } });
    input.focus({ preventScroll: true });
  });

  // ---------------------------------------------------------------- rendering
  const msgEl = (who, text) => h('div', { class: 'msg ' + who, 'data-testid': 'satisfy-msg-' + who }, String(text));
  const sysNote = (key) => {
    const stick = nearBottom();
    log.append(h('div', { class: 'sys', role: 'note' }, t(key)));
    if (stick) toBottom();
  };

  /** Only the latest question has controls; older ones are inert (their controls are gone). */
  function retireQuestion() {
    if (!current) return;
    const ctl = current.ctl;
    const hadFocus = ctl && ctl.contains(shadow.activeElement);
    if (ctl) ctl.remove();
    if (hadFocus) scroller.focus({ preventScroll: true });
    current = null;
    input.maxLength = DEFAULT_MAX;
    updateCounter();
  }

  const FACES = ['😡', '😞', '😐', '🙂', '😍'];

  function renderQuestion(q) {
    retireQuestion();
    const id = 'sf-q' + ++qSeq;
    const p = q.prompt || {};
    const qid = String(q.questionId || '');
    const bubbleEl = msgEl('bot', q.text == null ? '' : q.text);
    bubbleEl.id = id;
    log.append(bubbleEl);
    const ctl = h('div', { class: 'ctl', role: 'group', 'aria-labelledby': id });
    const cur = { q, ctl, kind: p.kind, max: 0, multiSend: null };
    const answer = (value, text) => send(text, { satisfy: { questionId: qid, answer: value } });
    const optBtn = (cls, label, onclick, extra) =>
      h('button', Object.assign({ class: cls, type: 'button', 'data-testid': 'satisfy-answer', onclick }, extra || {}), String(label));
    const options = Array.isArray(p.options) ? p.options.filter((o) => o && o.value != null) : [];
    const labelOf = (o) => String(o.label == null ? o.value : o.label);

    if (p.kind === 'rating') {
      const min = Math.round(Number(p.min));
      const max = Math.round(Number(p.max));
      if (Number.isFinite(min) && Number.isFinite(max) && max >= min && max - min <= 20) {
        const count = max - min + 1;
        const five = min === 1 && max === 5;
        const stars = five && p.display === 'stars';
        const faces = five && p.display === 'faces';
        const row = h('div', { class: stars ? 'stars' : faces ? 'faces' : 'nums' });
        const btns = [];
        for (let n = min; n <= max; n++) {
          const text = stars ? '★'.repeat(n) : String(n);
          const b = optBtn(stars ? 'star' : faces ? 'face' : 'opt', stars ? '★' : faces ? FACES[n - 1] : n, () => answer(String(n), text), {
            'aria-label': t('of', { n, max }),
          });
          if (!stars && !faces) b.style.setProperty('--per', String(count <= 6 ? count : Math.ceil(count / 2)));
          if (stars) {
            const fill = (k) => btns.forEach((s, i) => s.classList.toggle('on', i < k));
            const k = n - min + 1;
            b.addEventListener('pointerenter', () => fill(k));
            b.addEventListener('focus', () => wrap.classList.contains('kb') && fill(k));
            b.addEventListener('pointerleave', () => fill(0));
            b.addEventListener('blur', () => fill(0));
          }
          btns.push(b);
          row.append(b);
        }
        if (!stars && !faces) row.style.setProperty('--n', String(count));
        const scale = h('div', { class: stars || faces ? 'scale fit' : 'scale' }, row);
        if (p.minLabel || p.maxLabel) scale.append(h('div', { class: 'ends', 'aria-hidden': 'true' }, h('span', {}, String(p.minLabel || '')), h('span', {}, String(p.maxLabel || ''))));
        ctl.append(scale);
      }
    } else if ((p.kind === 'choice' && !p.multiple) || p.kind === 'yesno') {
      ctl.append(h('div', { class: 'opts' }, ...options.map((o) => optBtn('opt', labelOf(o), () => answer(String(o.value), labelOf(o))))));
    } else if (p.kind === 'choice' && p.multiple) {
      const chosen = new Set();
      const go = h('button', { class: 'go', type: 'button', disabled: true, 'data-testid': 'satisfy-multi-send' }, t('send'));
      const opts = options.map((o) => {
        const b = optBtn('opt', labelOf(o), () => {
          if (chosen.has(o)) chosen.delete(o);
          else chosen.add(o);
          b.setAttribute('aria-pressed', String(chosen.has(o)));
          go.disabled = chosen.size === 0;
        }, { 'aria-pressed': 'false' });
        return b;
      });
      go.addEventListener('click', () => {
        const picked = options.filter((o) => chosen.has(o)); // keep the options' order
        if (picked.length) answer(picked.map((o) => String(o.value)), picked.map(labelOf).join(', '));
      });
      cur.multiSend = go;
      ctl.append(h('div', { class: 'opts' }, ...opts), h('div', { class: 'row' }, go));
    } else if (p.kind === 'text') {
      const m = Math.floor(Number(p.maxLength));
      cur.max = m > 0 ? m : 0;
    }
    if (q.skipLabel != null) {
      const label = String(q.skipLabel) || t('skip');
      const skip = h('button', { class: 'skip', type: 'button', 'data-testid': 'satisfy-skip', onclick: () => send(label, { satisfy: { questionId: qid, skip: true } }) }, label);
      const row = ctl.querySelector('.row');
      if (row) row.append(skip);
      else ctl.append(h('div', { class: 'row' }, skip));
    }
    if (ctl.firstChild) log.append(ctl);
    current = cur;
    input.maxLength = maxLen();
    updateCounter();
  }

  /** Handles a batch of activities (stream or GET), skipping ones already seen. */
  function handle(activities) {
    const stick = nearBottom();
    let asked = false;
    let bot = false;
    let closedNow = false;
    for (const a of activities) {
      if (!a || typeof a !== 'object') continue;
      if (a.id != null) {
        if (seen.has(a.id)) continue;
        seen.add(a.id);
      }
      const from = a.from || {};
      const cd = a.channelData && typeof a.channelData === 'object' ? a.channelData : {};
      const mine = from.role !== 'bot' && sess && (from.id === sess.userId || from.role === 'user');
      if (mine) {
        if (a.type !== 'message') continue;
        const item = cd.clientActivityID != null && byClientId.get(cd.clientActivityID);
        if (item) {
          markSent(item, a.id);
          continue;
        }
        retireQuestion();
        log.append(msgEl('user', a.text == null ? '' : a.text));
        asked = false;
        hideClosed(); // the customer wrote after the end (asked for a person, in this tab or another)
        continue;
      }
      if (a.type === 'typing') {
        showTyping();
      } else if (a.type === 'message') {
        hideTyping();
        bot = true;
        const sq = cd.satisfy;
        if (sq && typeof sq === 'object' && sq.type === 'question' && sq.prompt) {
          renderQuestion(sq.text == null ? Object.assign({}, sq, { text: a.text }) : sq);
          asked = true;
        } else if (typeof a.text === 'string' && a.text.trim()) {
          log.append(msgEl('bot', a.text));
        }
        // The newest bot message decides: an end marker closes the chat, anything else reopens it.
        const end = sq && typeof sq === 'object' && sq.end && typeof sq.end === 'object' ? sq.end : null;
        if (end) {
          showClosed(end);
          closedNow = true;
        } else {
          hideClosed();
          closedNow = false;
        }
      } else if (a.type === 'event' && a.name === 'survey.error') {
        hideTyping();
        bot = true;
        sysNote('error');
      }
    }
    if (bot && MODE === 'bubble' && !isOpen) dot.hidden = false;
    if (bot && (stick || asked || closedNow)) toBottom();
    if (asked) focusCurrent();
  }

  // ---------------------------------------------------------------- HTTP
  const dl = (path) => String(sess.domain).replace(/\/+$/, '') + path;
  const convPath = () => '/conversations/' + encodeURIComponent(sess.conversationId);
  async function api(method, url, body, auth) {
    const headers = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (auth) headers.Authorization = 'Bearer ' + sess.token;
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl && setTimeout(() => ctrl.abort(), 20000);
    try {
      const r = await fetch(url, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
        cache: 'no-store',
        signal: ctrl ? ctrl.signal : undefined,
      });
      let data = null;
      try {
        data = await r.json();
      } catch {
        /* empty or not JSON */
      }
      return { status: r.status, ok: r.ok, data };
    } finally {
      clearTimeout(timer);
    }
  }
  /** A Direct Line call with the token; on 401/403 refreshes the token once and tries again. */
  async function authed(method, path, body) {
    let r = await api(method, dl(path), body, true);
    if ((r.status === 401 || r.status === 403) && (await refreshToken())) r = await api(method, dl(path), body, true);
    return r;
  }

  // ---------------------------------------------------------------- session
  let refreshTimer = 0;
  let refreshDue = Infinity;
  let refreshing = null;
  const scheduleRefresh = (seconds) => {
    clearTimeout(refreshTimer);
    const s = Number(seconds);
    if (!(s > 0)) return;
    refreshDue = Date.now() + s * 500;
    refreshTimer = setTimeout(refreshToken, Math.min(s * 500, 2 ** 31 - 1));
  };
  const setToken = (token, expiresIn) => {
    sess.token = String(token);
    persist();
    scheduleRefresh(expiresIn);
  };
  function refreshToken() {
    if (!sess) return Promise.resolve(false);
    if (!refreshing) {
      refreshing = (async () => {
        try {
          const r = await api('POST', dl('/tokens/refresh'), null, true);
          if (r.ok && r.data && r.data.token) {
            setToken(r.data.token, r.data.expires_in != null ? r.data.expires_in : r.data.expiresIn);
            return true;
          }
          if (r.status === 401 || r.status === 403) return await resumeAfterExpiry();
          return false;
        } catch {
          return false;
        } finally {
          refreshing = null;
        }
      })();
    }
    return refreshing;
  }
  /** The token can no longer be refreshed: resume through /webchat/session, else start afresh. */
  async function resumeAfterExpiry() {
    const r = await postSession(true).catch(() => null);
    if (r && r.ok && validSession(r.data)) {
      begin(r.data, true);
      return true;
    }
    if (r && r.status >= 400 && r.status < 500) {
      store.clear();
      closeSocket();
      sess = null;
      startSession(0);
    }
    return false;
  }

  const validSession = (d) => d && typeof d === 'object' && d.conversationId && d.token && d.domain;
  function postSession(resume) {
    const body = {};
    if (INVITE) body.invite = INVITE;
    if (REQ_LOCALE) body.locale = REQ_LOCALE;
    if (LANGUAGES.length) body.languages = LANGUAGES;
    const saved = resume === true && sess ? { conversationId: sess.conversationId, token: sess.token } : resume;
    if (saved) body.resume = { conversationId: String(saved.conversationId), token: String(saved.token) };
    return api('POST', new URL('webchat/session', BASE).href, body, false);
  }

  const ensureStarted = () => {
    if (started) return;
    started = true;
    startSession(0);
  };
  async function startSession(attempt) {
    if (!attempt) setStatus('connecting');
    let r = null;
    const saved = store.load();
    try {
      if (saved && saved.conversationId && saved.token) {
        r = await postSession(saved);
        if (r.status >= 400 && r.status < 500) {
          store.clear(); // the old conversation can't be resumed: start fresh
          r = null;
        }
      }
      if (!r) r = await postSession(null);
    } catch {
      r = { status: 0 };
    }
    if (r.ok && validSession(r.data)) {
      setStatus('');
      // After a reload the transcript is empty: it is redrawn from the whole history (no watermark).
      begin(r.data, !!saved && saved.conversationId === r.data.conversationId);
    } else if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
      fatal(r.data && r.data.error && r.data.error.code);
    } else {
      setStatus('unavailable');
      setTimeout(() => startSession(attempt + 1), backoff(attempt));
    }
  }
  function fatal(code) {
    setStatus('');
    closeSocket();
    const key = code === 'INVITE_EXPIRED' ? 'expired' : /^INVITE/.test(String(code)) ? 'invalid' : 'error';
    const box = h('div', { class: 'notice', role: 'alert' }, icon(I_INFO), t(key));
    scroller.replaceWith(box);
    failed = true;
    composer.hidden = true;
    closedEl.hidden = true;
  }
  function begin(d, resumed) {
    const sameConv = sess && sess.conversationId === d.conversationId;
    sess = {
      conversationId: String(d.conversationId),
      token: String(d.token),
      userId: d.userId != null ? String(d.userId) : sess && sameConv ? sess.userId : '',
      domain: String(d.domain),
      locale: d.locale ? String(d.locale) : REQ_LOCALE,
    };
    if (!resumed && !sameConv) watermark = '';
    if (d.locale) {
      lang = pickLang([String(d.locale)]);
      applyStrings();
      // On our own page the widget is the page: say its language to assistive tech too.
      if (OWN_PAGE) document.documentElement.setAttribute('lang', String(d.locale));
    }
    persist();
    scheduleRefresh(d.expiresIn != null ? d.expiresIn : d.expires_in);
    wsFails = 0;
    connect(d.streamUrl);
    pump();
  }

  // ---------------------------------------------------------------- receiving
  let sock = null;
  let wsFails = 0;
  let reconnectTimer = 0;
  let pollTimer = 0;
  let socketRetryTimer = 0;
  let catching = null;
  let queued = [];

  const setWatermark = (w) => {
    if (w == null || w === '') return;
    const s = String(w);
    const a = Number(s);
    const b = Number(watermark);
    if (!watermark || !Number.isFinite(a) || !Number.isFinite(b) || a >= b) watermark = s;
  };
  const ingest = (m) => {
    if (!m || typeof m !== 'object') return;
    if (Array.isArray(m.activities)) handle(m.activities);
    setWatermark(m.watermark);
    persist();
  };
  function catchUp() {
    if (!sess) return Promise.resolve(false);
    if (!catching) {
      catching = (async () => {
        try {
          // Pages until a short one: a long conversation may not come back in one answer.
          for (let page = 0; page < 20; page++) {
            const r = await authed('GET', convPath() + '/activities' + (watermark ? '?watermark=' + encodeURIComponent(watermark) : ''));
            if (!r.ok || !r.data) return false;
            if (statusKey === 'reconnecting' && sockOpen()) setStatus('');
            ingest(r.data);
            if (!Array.isArray(r.data.activities) || r.data.activities.length < 100) break;
          }
          return true;
        } catch {
          return false;
        } finally {
          catching = null;
          const q = queued;
          queued = [];
          q.forEach(ingest); // stream messages that came in meanwhile, in order
        }
      })();
    }
    return catching;
  }
  const sockOpen = () => sock && sock.readyState === 1;
  function closeSocket() {
    clearTimeout(reconnectTimer);
    if (sock) {
      const s = sock;
      sock = null;
      try {
        s.close();
      } catch {
        /* ignore */
      }
    }
  }
  function connect(url) {
    closeSocket();
    if (stopped || !sess) return;
    let ws;
    try {
      ws = new WebSocket(String(url));
    } catch {
      ws = null;
    }
    if (!ws) return socketLost(false);
    sock = ws;
    let openedAt = 0;
    const guard = setTimeout(() => openedAt || ws.close(), 10000);
    ws.onopen = () => {
      openedAt = Date.now();
      clearTimeout(guard);
      if (sock !== ws) return;
      if (statusKey === 'reconnecting') setStatus('');
      stopPolling();
      catchUp();
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string' || !e.data.trim()) return; // keep-alive
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (openedAt && Date.now() - openedAt > 5000) wsFails = 0;
      if (catching) queued.push(m);
      else ingest(m);
    };
    ws.onclose = () => {
      clearTimeout(guard);
      if (sock !== ws) return;
      sock = null;
      socketLost(openedAt && Date.now() - openedAt > 5000);
    };
    ws.onerror = () => {
      /* a close event follows */
    };
  }
  function socketLost(wasHealthy) {
    if (stopped || !sess) return;
    wsFails = wasHealthy ? 1 : wsFails + 1;
    if (wsFails >= 3) {
      startPolling();
      clearTimeout(socketRetryTimer);
      socketRetryTimer = setTimeout(reconnect, 30000 * (0.75 + Math.random() * 0.5));
      return;
    }
    setStatus('reconnecting');
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(reconnect, backoff(wsFails - 1));
  }
  /** Asks for a fresh stream URL, then opens it (the open catches up). */
  async function reconnect() {
    clearTimeout(reconnectTimer);
    clearTimeout(socketRetryTimer);
    if (stopped || !sess || sockOpen()) return;
    const r = await authed('GET', convPath() + (watermark ? '?watermark=' + encodeURIComponent(watermark) : '')).catch(() => null);
    if (!sess) return;
    if (r && r.ok && r.data && r.data.streamUrl) {
      if (r.data.token && r.data.token !== sess.token) setToken(r.data.token, r.data.expires_in != null ? r.data.expires_in : r.data.expiresIn);
      connect(r.data.streamUrl);
    } else socketLost(false);
  }
  function startPolling() {
    if (pollTimer) return;
    const tick = async () => {
      if (!catching) {
        const ok = await catchUp();
        if (pollTimer) setStatus(ok ? '' : 'reconnecting');
      }
    };
    pollTimer = setInterval(tick, 1000);
    tick();
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = 0;
  }
  const revive = () => {
    if (!sess || stopped) return;
    if (Date.now() >= refreshDue) refreshToken();
    wake();
    if (sockOpen()) catchUp();
    else reconnect();
  };
  window.addEventListener('online', revive);
  window.addEventListener('offline', () => sess && setStatus('reconnecting'));
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && revive());
  window.addEventListener('pagehide', () => {
    stopped = true;
    closeSocket();
  });
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    stopped = false;
    revive();
  });

  // ---------------------------------------------------------------- sending
  let pumping = false;
  let wakeUp = null;
  const wake = () => wakeUp && wakeUp();
  const wait = (ms) =>
    new Promise((res) => {
      const tm = setTimeout(res, ms);
      wakeUp = () => {
        clearTimeout(tm);
        res();
      };
    });

  function send(text, value) {
    const item = { cid: uid(), text: String(text), value, el: msgEl('user', text), note: null, sent: false, tries: 0 };
    item.el.classList.add('pending');
    item.el.setAttribute('aria-busy', 'true');
    retireQuestion();
    log.append(item.el);
    byClientId.set(item.cid, item);
    outbox.push(item);
    toBottom();
    showTyping();
    pump();
  }
  const setNote = (item, key) => {
    if (!item.note) {
      item.note = h('div', { class: 'note' });
      item.el.after(item.note);
    }
    item.note.textContent = t(key);
  };
  function markSent(item, id) {
    if (id != null) seen.add(id);
    const i = outbox.indexOf(item);
    if (i >= 0 && !(pumping && i === 0)) outbox.splice(i, 1);
    if (item.sent) return;
    item.sent = true;
    item.el.classList.remove('pending');
    item.el.removeAttribute('aria-busy');
    if (item.note) item.note.remove();
    item.note = null;
  }
  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      while (outbox.length && sess && !stopped) {
        const item = outbox[0];
        if (item.sent) {
          outbox.shift();
          continue;
        }
        const activity = {
          type: 'message',
          from: { id: sess.userId },
          locale: sess.locale || REQ_LOCALE || lang,
          text: item.text,
          channelData: { clientActivityID: item.cid },
        };
        if (item.value) activity.value = item.value;
        let r;
        try {
          r = await authed('POST', convPath() + '/activities', activity);
        } catch {
          r = { status: 0 };
        }
        if (outbox[0] === item) outbox.shift();
        if (r.ok) {
          if (item.tries && !item.sent) showTyping();
          markSent(item, r.data && r.data.id);
        } else if (item.sent) {
          /* the echo already arrived */
        } else if (r.status >= 400 && r.status < 500 && ![401, 403, 408, 429].includes(r.status)) {
          item.el.classList.remove('pending');
          item.el.removeAttribute('aria-busy');
          setNote(item, 'failed');
          hideTyping();
        } else {
          outbox.unshift(item); // keep the order: retry this one first, same clientActivityID
          setNote(item, 'retrying');
          hideTyping();
          await wait(backoff(item.tries++));
        }
      }
    } finally {
      pumping = false;
    }
  }

  // ---------------------------------------------------------------- open / close
  let vvBound = false;
  const syncViewport = () => {
    const vv = window.visualViewport;
    if (!vv) return;
    if (window.innerWidth < 520) {
      host.style.setProperty('--vvh', vv.height + 'px');
      host.style.setProperty('--vvt', vv.offsetTop + 'px');
    } else {
      host.style.removeProperty('--vvh');
      host.style.removeProperty('--vvt');
    }
  };
  function open() {
    if (MODE === 'page') return focusCurrent();
    if (!mounted) return void (openWhenMounted = true);
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    wrap.classList.add('open');
    dot.hidden = true;
    bubble.setAttribute('aria-expanded', 'true');
    bubble.setAttribute('aria-label', t('close'));
    bubbleIcon.replaceChildren(icon(I_X));
    if (!vvBound && window.visualViewport) {
      vvBound = true;
      visualViewport.addEventListener('resize', syncViewport);
      visualViewport.addEventListener('scroll', syncViewport);
    }
    syncViewport();
    ensureStarted();
    persist();
    toBottom();
    focusCurrent();
  }
  function close() {
    if (MODE === 'page') return;
    if (!mounted) return void (openWhenMounted = false);
    if (!isOpen) return;
    const hadFocus = !!shadow.activeElement;
    isOpen = false;
    panel.hidden = true;
    wrap.classList.remove('open');
    bubble.setAttribute('aria-expanded', 'false');
    bubble.setAttribute('aria-label', t('open'));
    bubbleIcon.replaceChildren(icon(I_CHAT));
    persist();
    if (hadFocus) bubble.focus({ preventScroll: true });
  }
  const toggle = () => (isOpen ? close() : open());
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && MODE === 'bubble') {
      e.stopPropagation();
      close();
    }
  });

  // ---------------------------------------------------------------- mount
  let mounted = false;
  let openWhenMounted = attr('open') === 'true';
  const containerOf = () => {
    if (MODE !== 'page') return document.body;
    const sel = attr('container');
    try {
      return (sel && document.querySelector(sel)) || document.body;
    } catch {
      return document.body;
    }
  };
  const mount = () => {
    if (mounted) return;
    const parent = containerOf();
    if (!parent) return;
    mounted = true;
    if (MODE === 'page') {
      host.style.height = '100%';
      parent.append(host);
      ensureStarted();
      focusCurrent();
    } else {
      parent.append(host);
      const saved = store.load();
      if (openWhenMounted || (saved && saved.open)) open();
    }
  };
  applyStrings();
  if (MODE === 'page' && attr('container') && document.readyState === 'loading') {
    let found = null;
    try {
      found = document.querySelector(attr('container'));
    } catch {
      /* invalid selector: the body, once parsed */
    }
    if (found) mount();
    else document.addEventListener('DOMContentLoaded', mount);
  } else if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.Satisfy = { open, close, toggle, widget: true };
})();
