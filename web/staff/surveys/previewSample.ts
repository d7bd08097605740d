/**
 * The sample customer and order the preview starts with, so `{{customer.name}}`, `{{order.id}}`
 * and conditions on customer./order. fields show as a customer would see them. Pure: the form
 * (sampleForm.ts) holds the text, this turns it into the start data the server checks
 * (POST /admin/api/preview, input.customer and input.order) and never keeps.
 */
import type { Value } from '../../../src/core/condition.js';

/** The form's fields, as typed. */
export interface PreviewSample {
  name: string;
  customerId: string;
  orderId: string;
  /** One product or several, separated by commas: a list, as shops send order.items. */
  product: string;
  amount: string;
  /** Any other fields, one a line: `customer.tier = gold`. */
  more: string;
}

export type SampleField = Exclude<keyof PreviewSample, 'more'>;
export const SAMPLE_FIELDS: readonly SampleField[] = ['name', 'customerId', 'orderId', 'product', 'amount'];

/** Where each field goes in the start data: the names scripts write. */
export const SAMPLE_PATHS: Record<SampleField, string> = {
  name: 'customer.name',
  customerId: 'customer.id',
  orderId: 'order.id',
  product: 'order.items',
  amount: 'order.total',
};

type Sample = Omit<PreviewSample, 'more'>;
const ids = { customerId: 'C-1042', orderId: 'A-10482' };

/** A plausible customer per language, so a preview in Chinese greets a Chinese name. */
const SAMPLES: Record<string, Sample> = {
  en: { name: 'Alex Morgan', ...ids, product: 'Trail running shoes', amount: '89.90' },
  es: { name: 'Lucía García', ...ids, product: 'Zapatillas de trail', amount: '89.90' },
  'zh-CN': { name: '王芳', ...ids, product: '越野跑鞋', amount: '599' },
  fr: { name: 'Camille Martin', ...ids, product: 'Chaussures de trail', amount: '89.90' },
  de: { name: 'Jonas Weber', ...ids, product: 'Trailschuhe', amount: '89.90' },
  pt: { name: 'Beatriz Silva', ...ids, product: 'Tênis de trilha', amount: '89.90' },
  it: { name: 'Giulia Rossi', ...ids, product: 'Scarpe da trail', amount: '89.90' },
  ja: { name: '佐藤 花子', ...ids, product: 'トレイルランニングシューズ', amount: '12800' },
};

/** The sample for a survey language: the exact tag, else its language (es-MX → es, zh-* → zh-CN), else English. */
export function defaultSample(locale: string): PreviewSample {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  const found = SAMPLES[locale] ?? SAMPLES[lang] ?? (lang === 'zh' ? SAMPLES['zh-CN'] : undefined) ?? SAMPLES.en!;
  return { ...found, more: '' };
}

export function sameSample(a: PreviewSample, b: PreviewSample): boolean {
  return SAMPLE_FIELDS.every((f) => a[f] === b[f]) && a.more === b.more;
}

/** What is wrong with the sample: a field, or a line of the more-fields box. */
export type SampleProblem =
  | { field: 'amount'; kind: 'notNumber' }
  | { field: 'more'; line: number; kind: 'format' | 'where' | 'name' };

type Fields = Record<string, Value>;

export interface StartData {
  customer?: Fields;
  order?: Fields;
}

const NAME = /^[A-Za-z_][\w-]{0,63}$/;
/** Names that would reach an object's prototype rather than make a field. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const MORE_LINE = /^([^=:]+?)\s*[=:]\s*(.*)$/;

/** The sample as the start's customer and order, or what to fix first. Empty fields are left
 * out, so a template's fallback shows, as for a customer the shop knows less about. */
export function sampleStartData(sample: PreviewSample): { ok: true; data: StartData } | { ok: false; problems: SampleProblem[] } {
  const customer: Fields = {};
  const order: Fields = {};
  const problems: SampleProblem[] = [];
  const name = sample.name.trim();
  const customerId = sample.customerId.trim();
  const orderId = sample.orderId.trim();
  const items = listOf(sample.product);
  const amount = sample.amount.trim();
  if (name) customer.name = name;
  if (customerId) customer.id = customerId;
  if (orderId) order.id = orderId;
  if (items.length) order.items = items;
  if (amount) {
    const n = numberOf(amount);
    if (n === null) problems.push({ field: 'amount', kind: 'notNumber' });
    else order.total = n;
  }
  sample.more.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = MORE_LINE.exec(line);
    if (!m) return void problems.push({ field: 'more', line: i + 1, kind: 'format' });
    const [where, ...path] = m[1]!.trim().split('.').map((s) => s.trim());
    if ((where !== 'customer' && where !== 'order') || !path.length) return void problems.push({ field: 'more', line: i + 1, kind: 'where' });
    if (!path.every((p) => NAME.test(p) && !RESERVED.has(p))) return void problems.push({ field: 'more', line: i + 1, kind: 'name' });
    put(where === 'customer' ? customer : order, path, valueOf(m[2]!));
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, data: { ...(Object.keys(customer).length ? { customer } : {}), ...(Object.keys(order).length ? { order } : {}) } };
}

/** "a, b" (also with Chinese or Japanese commas) → ["a", "b"]. */
function listOf(text: string): string[] {
  return text
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "89.90", "89,90", "1 299" → a number; anything else → null. */
function numberOf(text: string): number | null {
  const s = text.replace(/[\s\u00a0]/g, '').replace(/^(-?\d+),(\d{1,2})$/, '$1.$2');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A typed value as a shop would send it: numbers and true/false as such, [a, b] as a list,
 * quotes for text that only looks like a number. */
function valueOf(text: string): Value {
  const s = text.trim();
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(s);
  if (quoted) return quoted[1] ?? quoted[2] ?? '';
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const list = /^\[(.*)\]$/.exec(s);
  if (list) return listOf(list[1]!).map((v) => valueOf(v));
  return s;
}

function put(target: Fields, path: string[], value: Value): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[key] = {};
    at = at[key] as Fields;
  }
  at[path.at(-1)!] = value;
}

/** The form's closed line: "王芳 · A-10482". */
export function sampleSummary(sample: PreviewSample): string {
  return [sample.name.trim(), sample.orderId.trim()].filter(Boolean).join(' · ');
}
