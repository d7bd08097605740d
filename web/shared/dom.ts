/**
 * The few DOM helpers every page shares. Text only ever goes in as text nodes: nothing of ours
 * parses a string as HTML (eslint refuses innerHTML and friends under web/).
 */

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element: attributes (`class`, `data-*`, `aria-*`, … as given; `true` sets an empty
 * attribute, `false`/null/undefined leaves it out) and children (strings become text nodes).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, ...children);
  return el;
}

export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** `hidden` as a function, so call sites read as what they mean. */
export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** The element with this id, or a thrown error naming it: a page whose markup lost an id fails loudly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, root: Document | ShadowRoot = document): T {
  const el = root.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}
