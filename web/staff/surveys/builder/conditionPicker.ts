/**
 * The condition picker's model: rows of "question, operator, value" joined by one "and"/"or",
 * written as the condition text scripts use (src/core/condition.ts) and read back from it.
 * Reading is strict: a text is shown as rows only when writing those rows gives the same
 * expression again (same tree), so the picker never rewrites what an admin typed into something
 * else; anything it cannot show stays text. Pure (no DOM): conditionView.ts draws it.
 *
 * jsep is set up as the server's parser is (word operators `and`, `or`, `in`, `not`); the tests
 * check every expression written here against that parser and the script compiler.
 */
import jsep, { type Expression } from 'jsep';
import type { SentimentLabel } from '../../../../src/core/ports.js';

jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('in', 7);
jsep.addUnaryOp('not');

/** What a question's answer is, for the operators and values that fit it. */
export type AnswerKind = 'rating' | 'choice' | 'multi' | 'yesno' | 'text' | 'kano';

/** A question a condition may read at its place (asked before it). */
export interface Askable {
  id: string;
  kind: AnswerKind;
  /** The scale's points (rating) or the option ids (choice, multi). */
  values: readonly (number | string)[];
  /** Option labels by id, in the survey's first locale, for showing choices. */
  labels?: Readonly<Record<string, string>>;
}

export interface PickerContext {
  questions: readonly Askable[];
  /** Aspect names `mentions()` knows: the built-in ones and the script's own. */
  aspects: readonly string[];
}

export const OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'answered', 'notAnswered', 'skipped', 'contains', 'sentimentBelow', 'sentimentAbove', 'sentimentLabel', 'sentimentLabelIn', 'confidenceAtLeast', 'mentions', 'mismatch', 'kano'] as const;
export type Op = (typeof OPS)[number];
export type Literal = string | number | boolean;
export type Join = 'and' | 'or';

/** One row. `subject` is a question id, or a start-data field such as `customer.tier`. */
export interface Row {
  subject: string;
  op: Op;
  values: Literal[];
}

export interface Picked {
  join: Join;
  rows: Row[];
}

/** Why a text stays text: it does not parse, uses something the rows cannot say, mixes and/or,
 * reads a question not asked before this place, or a value that is not one of the question's. */
export type Unreadable = 'syntax' | 'shape' | 'mixed' | 'notHere' | 'value';
export type Reading = { ok: true; picked: Picked } | { ok: false; why: Unreadable; detail?: string };

export const BUILT_IN_ASPECTS = ['delivery', 'product_quality', 'price', 'staff', 'website'] as const;
export const KANO_CATEGORIES = ['must_be', 'one_dimensional', 'attractive', 'indifferent', 'reverse', 'questionable'] as const;
export const FIELD_ROOTS = ['customer', 'order'] as const;
/** The labels the scorer gives an open answer, as `sentimentLabel(q)` returns them. */
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive', 'mixed', 'unsure'] as const satisfies readonly SentimentLabel[];

const COMPARE: Partial<Record<Op, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
/** A number the way the rows write one: what a field value typed as text turns into. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** The operators that fit a question's answers (or a start-data field), in the order offered. */
export const OPS_FOR: Record<AnswerKind | 'field', readonly Op[]> = {
  rating: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'answered', 'notAnswered', 'skipped'],
  choice: ['eq', 'ne', 'in', 'answered', 'notAnswered', 'skipped'],
  multi: ['contains', 'answered', 'notAnswered', 'skipped'],
  yesno: ['eq', 'ne', 'answered', 'notAnswered', 'skipped'],
  text: ['sentimentBelow', 'sentimentAbove', 'sentimentLabel', 'sentimentLabelIn', 'confidenceAtLeast', 'mentions', 'contains', 'mismatch', 'answered', 'notAnswered', 'skipped'],
  kano: ['kano', 'answered', 'notAnswered', 'skipped'],
  field: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in'],
};

/** How many values an operator takes: none, one, or a list of one or more. */
export function arity(op: Op): 0 | 1 | 'many' {
  if (op === 'in' || op === 'sentimentLabelIn') return 'many';
  return op === 'answered' || op === 'notAnswered' || op === 'skipped' || op === 'mismatch' ? 0 : 1;
}

export function isField(subject: string): boolean {
  return subject.includes('.');
}

/** The kind of a row's subject, or undefined for a question not asked before this place. */
export function kindOf(subject: string, ctx: PickerContext): AnswerKind | 'field' | undefined {
  if (isField(subject)) return 'field';
  return ctx.questions.find((q) => q.id === subject)?.kind;
}

/** The values a row may pick from, when it picks from a list (undefined: typed). */
export function choicesFor(row: Pick<Row, 'subject' | 'op'>, ctx: PickerContext): readonly Literal[] | undefined {
  const q = ctx.questions.find((x) => x.id === row.subject);
  if (!q) return undefined;
  switch (row.op) {
    case 'mentions':
      return ctx.aspects;
    case 'kano':
      return KANO_CATEGORIES;
    case 'sentimentLabel':
    case 'sentimentLabelIn':
      return SENTIMENT_LABELS;
    case 'sentimentBelow':
    case 'sentimentAbove':
    case 'confidenceAtLeast':
      return undefined;
    case 'contains':
      return q.kind === 'multi' ? q.values : undefined;
    default:
      return q.kind === 'yesno' ? [true, false] : q.values;
  }
}

/** A row for `subject` with the operator and value most conditions on it start from. */
export function defaultRow(subject: string, ctx: PickerContext): Row {
  const kind = kindOf(subject, ctx);
  const q = ctx.questions.find((x) => x.id === subject);
  const values = q?.values ?? [];
  switch (kind) {
    case 'rating': {
      // "2 or lower" on a 1-5 scale: the unhappy end, the common reason to branch.
      const low = values[Math.min(1, values.length - 1)];
      return { subject, op: 'le', values: low === undefined ? [] : [low] };
    }
    case 'choice':
      return { subject, op: 'eq', values: values.slice(0, 1) as Literal[] };
    case 'multi':
      return { subject, op: 'contains', values: values.slice(0, 1) as Literal[] };
    case 'yesno':
      return { subject, op: 'eq', values: [true] };
    case 'text':
      return { subject, op: 'sentimentBelow', values: [-0.4] };
    case 'kano':
      return { subject, op: 'kano', values: ['must_be'] };
    default:
      return { subject, op: 'eq', values: [''] };
  }
}

/** The row after its operator changed: values kept where they still fit, else the defaults. */
export function withOp(row: Row, op: Op, ctx: PickerContext): Row {
  const next: Row = { ...row, op };
  const n = arity(op);
  if (n === 0) return { ...next, values: [] };
  const list = choicesFor(next, ctx);
  // A sentiment score is no confidence: going from one to the other starts from the default.
  const fits = (v: Literal) => (list ? list.includes(v) : op === 'sentimentBelow' || op === 'sentimentAbove' ? typeof v === 'number' && v >= -1 && v <= 1 : op === 'confidenceAtLeast' ? row.op === op : true);
  const kept = row.values.filter(fits);
  if (kept.length) return { ...next, values: n === 1 ? kept.slice(0, 1) : kept };
  if (op === 'sentimentBelow') return { ...next, values: [-0.4] };
  if (op === 'sentimentAbove') return { ...next, values: [0.4] };
  if (op === 'confidenceAtLeast') return { ...next, values: [0.8] };
  if (list?.length) return { ...next, values: [list[0]!] };
  return { ...next, values: [''] };
}

/** Whether a row says something complete enough to write. */
export function isComplete(row: Row, ctx: PickerContext): boolean {
  return problemOf(row, ctx) === undefined;
}

/** What keeps a row from being written, or undefined when it can be. */
export function problemOf(row: Row, ctx: PickerContext): Unreadable | 'empty' | undefined {
  const kind = kindOf(row.subject, ctx);
  if (!kind) return 'notHere';
  if (kind === 'field' && !fieldPath(row.subject)) return 'empty';
  if (!OPS_FOR[kind].includes(row.op)) return 'shape';
  const n = arity(row.op);
  if (n === 0) return row.values.length ? 'value' : undefined;
  if (!row.values.length || (n === 1 && row.values.length > 1)) return 'empty';
  for (const v of row.values) {
    if (v === '') return 'empty';
    if (!fitsValue(row, v, kind, ctx)) return 'value';
  }
  return undefined;
}

function fitsValue(row: Row, v: Literal, kind: AnswerKind | 'field', ctx: PickerContext): boolean {
  if (kind === 'field') {
    // Typed as text: written as a number or true/false when it reads as one, so a quoted "3"
    // or "true" could not come back the same, and is left as text.
    return typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean' || (typeof v === 'string' && !NUMBER_TEXT.test(v) && v !== 'true' && v !== 'false' && !/[\p{Cc}]/u.test(v));
  }
  if (row.op === 'sentimentBelow' || row.op === 'sentimentAbove') return typeof v === 'number' && v >= -1 && v <= 1;
  if (row.op === 'confidenceAtLeast') return typeof v === 'number' && v >= 0 && v <= 1;
  if (row.op === 'contains' && kind === 'text') return typeof v === 'string' && v.trim() === v && !/[\p{Cc}]/u.test(v);
  const list = choicesFor(row, ctx);
  return !!list && list.includes(v);
}

/** A start-data field's value typed as text: a number or true/false when it reads as one. */
export function typedValue(typed: string): Literal {
  const s = typed.trim();
  if (NUMBER_TEXT.test(s)) return Number(s);
  return s === 'true' ? true : s === 'false' ? false : s;
}

/** `customer.tier` → ['customer', 'tier'], or undefined when it is not a field the rows can write. */
export function fieldPath(subject: string): string[] | undefined {
  const path = subject.split('.');
  const [root, ...rest] = path;
  if (!FIELD_ROOTS.includes(root as (typeof FIELD_ROOTS)[number]) || !rest.length) return undefined;
  return rest.every((k) => FIELD_KEY.test(k) && !FORBIDDEN_KEYS.has(k)) ? path : undefined;
}

// ------------------------------------------------------------------------------------ writing

/** A literal as the condition language writes it. Strings in single quotes unless they hold one. */
export function literal(v: Literal): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v.includes("'") || v.includes('\\') ? JSON.stringify(v) : `'${v}'`;
}

export function rowText(row: Row): string {
  const s = row.subject;
  const [v] = row.values;
  const one = v === undefined ? "''" : literal(v);
  const compare = COMPARE[row.op];
  if (compare) return `${s} ${compare} ${one}`;
  switch (row.op) {
    case 'in':
      return `${s} in [${row.values.map(literal).join(', ')}]`;
    case 'answered':
      return `answered(${s})`;
    case 'notAnswered':
      return `not answered(${s})`;
    case 'skipped':
      return `skipped(${s})`;
    case 'mismatch':
      return `mismatch(${s})`;
    case 'contains':
      return `contains(${s}, ${one})`;
    case 'mentions':
      return `mentions(${s}, ${one})`;
    case 'sentimentBelow':
      return `sentiment(${s}) < ${one}`;
    case 'sentimentAbove':
      return `sentiment(${s}) > ${one}`;
    case 'sentimentLabel':
      return `sentimentLabel(${s}) == ${one}`;
    case 'sentimentLabelIn':
      return `sentimentLabel(${s}) in [${row.values.map(literal).join(', ')}]`;
    case 'confidenceAtLeast':
      return `confidence(${s}) >= ${one}`;
    case 'kano':
      return `kano(${s}) == ${one}`;
    default:
      throw new RangeError(`no operator ${row.op}`);
  }
}

/** The condition text of the rows that are complete ("" when none is). */
export function writeCondition(picked: Picked, ctx: PickerContext): string {
  return picked.rows
    .filter((r) => isComplete(r, ctx))
    .map(rowText)
    .join(` ${picked.join} `);
}

// ------------------------------------------------------------------------------------ reading

const JOINS: Record<string, Join> = { and: 'and', '&&': 'and', or: 'or', '||': 'or' };

/** The rows a condition text is, when the picker can show it exactly; else why not. */
export function readCondition(source: string, ctx: PickerContext): Reading {
  const text = source.trim();
  if (!text) return { ok: true, picked: { join: 'and', rows: [] } };
  let ast: Expression;
  try {
    ast = jsep(text);
  } catch {
    return { ok: false, why: 'syntax' };
  }
  const join = ast.type === 'BinaryExpression' ? JOINS[ast.operator as string] : undefined;
  const parts = join ? operands(ast, join) : [ast];
  if (!parts) return { ok: false, why: 'mixed' };
  const rows: Row[] = [];
  for (const part of parts) {
    const row = rowOf(part);
    if (!row) return { ok: false, why: 'shape' };
    const problem = problemOf(row, ctx);
    if (problem === 'notHere') return { ok: false, why: 'notHere', detail: row.subject };
    if (problem === 'shape') return { ok: false, why: 'shape' };
    if (problem) return { ok: false, why: 'value', detail: row.subject };
    rows.push(row);
  }
  const picked: Picked = { join: join ?? 'and', rows };
  // The guarantee: what the rows write is the same expression as what was read.
  let again: Expression;
  try {
    again = jsep(writeCondition(picked, ctx));
  } catch {
    return { ok: false, why: 'shape' };
  }
  return sameTree(again, ast) ? { ok: true, picked } : { ok: false, why: 'shape' };
}

/** The operands of a chain of one join (`a and b and c`), or undefined when the chain mixes in the other. */
function operands(node: Expression, join: Join): Expression[] | undefined {
  if (node.type === 'BinaryExpression') {
    const j = JOINS[node.operator as string];
    if (j && j !== join) return undefined;
    if (j) {
      const left = operands(node.left as Expression, join);
      const right = operands(node.right as Expression, join);
      return left && right ? [...left, ...right] : undefined;
    }
  }
  return [node];
}

function rowOf(node: Expression): Row | undefined {
  switch (node.type) {
    case 'BinaryExpression': {
      const operator = node.operator as string;
      const left = node.left as Expression;
      const right = node.right as Expression;
      if (operator === 'in') {
        // `q in [...]`, or `sentimentLabel(q) in [...]`.
        const [fn, q] = left.type === 'CallExpression' ? (call(left, 1) ?? []) : [];
        const subject = fn === 'sentimentLabel' ? q : fn ? undefined : subjectOf(left);
        if (!subject || right.type !== 'ArrayExpression') return undefined;
        const values = (right.elements as (Expression | null)[]).map((e) => (e ? literalOf(e) : undefined));
        return values.length && values.every((v) => v !== undefined) ? { subject, op: fn ? 'sentimentLabelIn' : 'in', values: values as Literal[] } : undefined;
      }
      const op = (Object.keys(COMPARE) as Op[]).find((k) => COMPARE[k] === operator);
      const value = literalOf(right);
      if (!op || value === undefined) return undefined;
      if (left.type === 'CallExpression') {
        const [fn, q] = call(left, 1) ?? [];
        if (!fn || !q) return undefined;
        if (fn === 'sentiment' && (op === 'lt' || op === 'gt')) return { subject: q, op: op === 'lt' ? 'sentimentBelow' : 'sentimentAbove', values: [value] };
        if (fn === 'sentimentLabel' && op === 'eq') return { subject: q, op: 'sentimentLabel', values: [value] };
        if (fn === 'confidence' && op === 'ge') return { subject: q, op: 'confidenceAtLeast', values: [value] };
        if (fn === 'kano' && op === 'eq') return { subject: q, op: 'kano', values: [value] };
        return undefined;
      }
      const subject = subjectOf(left);
      return subject ? { subject, op, values: [value] } : undefined;
    }
    case 'UnaryExpression': {
      if (node.operator !== 'not' && node.operator !== '!') return undefined;
      const inner = node.argument as Expression;
      const [fn, q] = inner.type === 'CallExpression' ? (call(inner, 1) ?? []) : [];
      return fn === 'answered' && q ? { subject: q, op: 'notAnswered', values: [] } : undefined;
    }
    case 'CallExpression': {
      const one = call(node, 1);
      if (one) {
        const [fn, q] = one;
        if (fn === 'answered' || fn === 'skipped' || fn === 'mismatch') return { subject: q, op: fn, values: [] };
        return undefined;
      }
      const two = call(node, 2);
      if (!two) return undefined;
      const [fn, q, arg] = two;
      const value = literalOf(arg);
      if ((fn === 'contains' || fn === 'mentions') && typeof value === 'string') return { subject: q, op: fn, values: [value] };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A call `fn(questionId, …)` with `n` arguments: its name, the question id and the second argument. */
function call(node: Expression, n: 1): [string, string] | undefined;
function call(node: Expression, n: 2): [string, string, Expression] | undefined;
function call(node: Expression, n: 1 | 2): [string, string, Expression?] | undefined {
  const callee = node.callee as Expression;
  const args = node.arguments as Expression[];
  if (callee.type !== 'Identifier' || args.length !== n || args[0]?.type !== 'Identifier') return undefined;
  return [callee.name as string, args[0].name as string, args[1]];
}

/** A question id, or `customer.x` / `order.x.y` written with plain names. */
function subjectOf(node: Expression): string | undefined {
  if (node.type === 'Identifier') return FIELD_ROOTS.includes(node.name as (typeof FIELD_ROOTS)[number]) ? undefined : (node.name as string);
  const path: string[] = [];
  let n: Expression = node;
  while (n.type === 'MemberExpression') {
    const prop = n.property as Expression;
    if (n.computed || prop.type !== 'Identifier') return undefined;
    path.unshift(prop.name as string);
    n = n.object as Expression;
  }
  if (n.type !== 'Identifier') return undefined;
  const subject = [n.name as string, ...path].join('.');
  return fieldPath(subject) ? subject : undefined;
}

function literalOf(node: Expression): Literal | undefined {
  if (node.type === 'Literal') {
    const v = node.value;
    return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;
  }
  if (node.type === 'UnaryExpression' && node.operator === '-') {
    const inner = node.argument as Expression;
    return inner.type === 'Literal' && typeof inner.value === 'number' ? -inner.value : undefined;
  }
  return undefined;
}

/** Two trees mean the same: same shape and values, with `&&`/`and`, `||`/`or` and `!`/`not` as one,
 * and chains of one join compared as their lists of operands. */
function sameTree(a: Expression, b: Expression): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function normal(node: Expression): unknown {
  switch (node.type) {
    case 'Literal':
      return ['lit', typeof node.value, node.value];
    case 'Identifier':
      return ['id', node.name];
    case 'MemberExpression':
      return ['member', !!node.computed, normal(node.object as Expression), normal(node.property as Expression)];
    case 'ArrayExpression':
      return ['list', ...(node.elements as (Expression | null)[]).map((e) => (e ? normal(e) : null))];
    case 'CallExpression':
      return ['call', normal(node.callee as Expression), ...(node.arguments as Expression[]).map(normal)];
    case 'UnaryExpression': {
      const op = node.operator === '!' ? 'not' : node.operator;
      // -0.4 is written as a negative number; the tree has a minus and 0.4.
      const inner = node.argument as Expression;
      if (op === '-' && inner.type === 'Literal' && typeof inner.value === 'number') return ['lit', 'number', -inner.value];
      return ['unary', op, normal(inner)];
    }
    case 'BinaryExpression': {
      const join = JOINS[node.operator as string];
      if (join) return [join, ...(operands(node, join) ?? [node.left, node.right]).map((n) => normal(n as Expression))];
      return ['binary', node.operator, normal(node.left as Expression), normal(node.right as Expression)];
    }
    default:
      return ['other', node.type];
  }
}
