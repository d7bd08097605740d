/**
 * What the embedding page tells the widget: its script tag's data-* attributes, where the
 * script came from (the server's base URL) and the languages to offer the server. Pure: the
 * boot code (main.ts) reads the DOM and passes the values in.
 */

export type WidgetMode = 'bubble' | 'page';

export interface Embed {
  /** The server's base URL, origin and path prefix, ending with "/". */
  base: string;
  invite: string;
  mode: WidgetMode;
  /** The header text; empty: the widget's own "Your feedback". */
  title: string;
  /** An explicit locale (data-locale; on /chat, the page's ?locale=), or empty. */
  locale: string;
  /** data-page-lang="ignore": the page's <html lang> is ours, not the customer's (our /chat). */
  ownPage: boolean;
  /** data-container: a CSS selector for page mode, or empty. */
  container: string;
  /** data-open="true": bubble mode starts with the panel open. */
  openAtStart: boolean;
  /** What to offer the server, best first: the browser's languages, then the page's. */
  languages: string[];
  /** Where the conversation is kept: one per visitor and purpose (an invitation or the default). */
  storeKey: string;
  /** A one-click answer from an email (/s/<invite>?answer=4, checked by the server): given as the
   * customer's first answer once that question is asked, or null. */
  answer: { questionId: string; value: string } | null;
}

export interface EmbedContext {
  /** The script element's src, resolved. */
  src: string;
  navigatorLanguages: readonly string[];
  /** The host page's <html lang>. */
  pageLang: string;
}

/** The server takes at most 10 languages; the page's own is added after the browser's 9. */
const MAX_BROWSER_LANGUAGES = 9;

/** A well-formed language tag, or empty (anything else is not sent to the server). */
export function languageTag(raw: string | null | undefined): string {
  const l = String(raw ?? '').trim();
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/.test(l) && l.length <= 35 ? l : '';
}

/** Our widget's file, at the stable URL (/widget.js) or as a content-hashed bundle (/assets/widget-XXXX.js). */
const WIDGET_FILE = /\/widget(-[A-Za-z0-9_]+)?\.js$/;
const HASHED_IN_ASSETS = /\/assets\/widget-[A-Za-z0-9_]+\.js$/;

export function isWidgetSrc(src: string, pageHref: string): boolean {
  try {
    return WIDGET_FILE.test(new URL(src, pageHref).pathname);
  } catch {
    return false;
  }
}

/**
 * The server's base URL from the script's: its directory, less the build's assets/ folder for
 * a hashed bundle. https://host/sat/widget.js and https://host/sat/assets/widget-AB12CD34.js
 * both give https://host/sat/.
 */
export function serverBase(src: string): string {
  const url = new URL(src);
  url.search = '';
  url.hash = '';
  return new URL(HASHED_IN_ASSETS.test(url.pathname) ? '..' : '.', url).href;
}

/** The browser's languages (at most 9, well-formed, no repeats), then the page's unless ignored. */
export function offeredLanguages(navigatorLanguages: readonly string[], pageLang: string): string[] {
  const out: string[] = [];
  for (const l of navigatorLanguages) {
    const v = languageTag(l);
    if (v && !out.includes(v) && out.length < MAX_BROWSER_LANGUAGES) out.push(v);
  }
  if (pageLang && !out.includes(pageLang)) out.push(pageLang);
  return out;
}

/** Reads the embedding from the script tag's attributes (`attr('invite')` is data-invite, trimmed). */
export function readEmbed(attr: (name: string) => string, ctx: EmbedContext): Embed {
  const invite = attr('invite');
  const ownPage = attr('page-lang') === 'ignore';
  const pageLang = ownPage ? '' : languageTag(ctx.pageLang);
  return {
    base: serverBase(ctx.src),
    invite,
    mode: attr('mode') === 'page' ? 'page' : 'bubble',
    title: attr('title'),
    locale: languageTag(attr('locale')),
    ownPage,
    container: attr('container'),
    openAtStart: attr('open') === 'true',
    languages: offeredLanguages(ctx.navigatorLanguages, pageLang),
    storeKey: `satisfy:${invite || 'default'}`,
    answer: oneClickAnswer(attr('answer'), attr('answer-question')),
  };
}

/** data-answer and data-answer-question, when both are well-formed. */
export function oneClickAnswer(value: string, questionId: string): Embed['answer'] {
  return /^-?\d{1,3}$/.test(value) && /^[A-Za-z0-9_-]{1,64}$/.test(questionId) ? { questionId, value } : null;
}
