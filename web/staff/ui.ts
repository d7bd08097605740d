/** Small DOM pieces the staff pages share, on top of web/shared/dom.ts. */
import { h, type Attrs, type Child } from '../shared/dom.js';

/** addEventListener that hands back the target; `type` is any window or element event. */
export function on<E extends EventTarget, K extends keyof WindowEventMap>(el: E, type: K, fn: (e: WindowEventMap[K]) => void): E {
  el.addEventListener(type, fn as EventListener);
  return el;
}

/** A `<button type="button">` that runs `onClick`. */
export function button(attrs: Attrs, onClick: (e: MouseEvent) => void, ...children: Child[]): HTMLButtonElement {
  return on(h('button', { type: 'button', ...attrs }, ...children), 'click', onClick);
}

/** Disabled and marked busy while a call is under way. */
export function setBusy(btn: HTMLButtonElement, busy: boolean): void {
  btn.disabled = busy;
  if (busy) btn.setAttribute('aria-busy', 'true');
  else btn.removeAttribute('aria-busy');
}

/** A message line that hides itself when empty. */
export function say(el: HTMLElement, text: string): void {
  el.textContent = text;
  el.hidden = !text;
}

/** A `<time>` with the full date as its tooltip. */
export function timeEl(iso: string | undefined, shown: string, full: string): HTMLTimeElement {
  return h('time', { datetime: iso ?? '', title: full }, shown);
}
