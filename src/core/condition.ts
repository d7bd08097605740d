import jsep from 'jsep';
import type { Expression } from 'jsep';
import { isKanoAnswer, kanoCategory } from './results/kano.js';

/**
 * The condition language admins write in scripts (`csat <= 2 and not answered(nps)`).
 * jsep only parses; we walk its tree with a whitelist, so admin text is data and is never run
 * as code. Word operators read better in YAML than `&&`, so both spellings work.
 */
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('in', 7);
jsep.addUnaryOp('not');

export type Value = string | number | boolean | null | undefined | readonly Value[] | { readonly [k: string]: Value };

export interface ConditionScope {
  /** Answer values by question id; null means skipped, absent means not asked (yet). */
  answers: Readonly<Record<string, Value>>;
  /** Sentiment score in [-1, 1] of open answers, by question id. */
  sentiment: Readonly<Record<string, number>>;
  /** Sentiment label of open answers (negative, neutral, positive, mixed, unsure), by question id. */
  sentimentLabel?: Readonly<Record<string, string>>;
  /** The scorer's confidence in that label, in [0, 1], by question id. */
  confidence?: Readonly<Record<string, number>>;
  /** Aspects each open answer mentions, by question id. */
  mentioned?: Readonly<Record<string, readonly string[]>>;
  /** Open answers that contradict the rating given before them. */
  mismatched?: readonly string[];
  customer: Readonly<Record<string, Value>>;
  order: Readonly<Record<string, Value>>;
}

export interface ParsedCondition {
  source: string;
  ast: Expression;
  /** Question ids the condition reads, for validation (unknown, or asked later). */
  questionRefs: string[];
  /** Questions read through kano(), which must be Kano questions. */
  kanoRefs: string[];
}

export type ParseResult = { ok: true; condition: ParsedCondition } | { ok: false; message: string };

const MAX_SOURCE = 500;
const MAX_DEPTH = 24;
const CONTEXT_ROOTS = new Set(['customer', 'order']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', 'and', 'or', '&&', '||', 'in']);
const UNARY = new Set(['!', 'not', '-']);

/** Functions take question ids by name, so `answered(nps)` reads like the script it is in. */
const FUNCTIONS: Record<string, { arity: number; questionArg: boolean }> = {
  answered: { arity: 1, questionArg: true },
  skipped: { arity: 1, questionArg: true },
  sentiment: { arity: 1, questionArg: true },
  sentimentLabel: { arity: 1, questionArg: true },
  confidence: { arity: 1, questionArg: true },
  count: { arity: 1, questionArg: false },
  contains: { arity: 2, questionArg: false },
  mentions: { arity: 2, questionArg: true },
  mismatch: { arity: 1, questionArg: true },
  kano: { arity: 1, questionArg: true },
};

export function parseCondition(source: string): ParseResult {
  if (source.length > MAX_SOURCE) return { ok: false, message: `is longer than ${MAX_SOURCE} characters` };
  let ast: Expression;
  try {
    ast = jsep(source);
  } catch (err) {
    return { ok: false, message: `cannot be parsed: ${(err as Error).message}` };
  }
  const questionRefs = new Set<string>();
  const kanoRefs = new Set<string>();
  const problem = check(ast, 0, questionRefs, kanoRefs);
  if (problem) return { ok: false, message: problem };
  return { ok: true, condition: { source, ast, questionRefs: [...questionRefs], kanoRefs: [...kanoRefs] } };
}

function check(node: Expression, depth: number, refs: Set<string>, kanoRefs: Set<string>): string | undefined {
  if (depth > MAX_DEPTH) return `nests deeper than ${MAX_DEPTH} levels`;
  const next = (n: Expression) => check(n, depth + 1, refs, kanoRefs);
  switch (node.type) {
    case 'Literal':
      return node.value instanceof RegExp ? 'uses a regular expression, which is not supported' : undefined;
    case 'Identifier': {
      const name = node.name as string;
      if (CONTEXT_ROOTS.has(name)) return `uses "${name}" alone; name a field, e.g. ${name}.id`;
      refs.add(name);
      return undefined;
    }
    case 'MemberExpression': {
      const path = memberPath(node);
      if (!path) return 'uses a property access that is not a plain name (write customer.tier or order.total)';
      const [root, ...rest] = path;
      if (!CONTEXT_ROOTS.has(root!)) return `reads "${path.join('.')}"; only customer.* and order.* have fields`;
      const bad = rest.find((k) => FORBIDDEN_KEYS.has(k));
      return bad ? `reads the forbidden property "${bad}"` : undefined;
    }
    case 'BinaryExpression':
      if (!BINARY.has(node.operator as string)) return `uses the operator "${String(node.operator)}", which is not supported`;
      return next(node.left as Expression) ?? next(node.right as Expression);
    case 'UnaryExpression':
      if (!UNARY.has(node.operator as string)) return `uses the operator "${String(node.operator)}", which is not supported`;
      return next(node.argument as Expression);
    case 'ArrayExpression':
      for (const el of node.elements as (Expression | null)[]) {
        if (!el) return 'has an empty element in a list';
        const p = next(el);
        if (p) return p;
      }
      return undefined;
    case 'CallExpression': {
      const callee = node.callee as Expression;
      const name = callee.type === 'Identifier' ? (callee.name as string) : undefined;
      const fn = name ? FUNCTIONS[name] : undefined;
      if (!name || !fn) return `calls "${name ?? 'an expression'}"; the functions are ${Object.keys(FUNCTIONS).join(', ')}`;
      const args = node.arguments as Expression[];
      if (args.length !== fn.arity) return `calls ${name} with ${args.length} argument(s); it takes ${fn.arity}`;
      if (fn.questionArg && args[0]?.type !== 'Identifier') return `calls ${name} with something that is not a question id`;
      if (name === 'kano') kanoRefs.add(args[0]!.name as string);
      for (const a of args) {
        const p = next(a);
        if (p) return p;
      }
      return undefined;
    }
    default:
      return `uses a ${node.type}, which is not supported`;
  }
}

function memberPath(node: Expression): string[] | undefined {
  if (node.type === 'Identifier') return [node.name as string];
  if (node.type !== 'MemberExpression') return undefined;
  const prop = node.property as Expression;
  let key: string | undefined;
  if (!node.computed && prop.type === 'Identifier') key = prop.name as string;
  else if (node.computed && prop.type === 'Literal' && typeof prop.value === 'string') key = prop.value;
  if (key === undefined) return undefined;
  const base = memberPath(node.object as Expression);
  return base ? [...base, key] : undefined;
}

/** Evaluates to a boolean; a value missing or of the wrong type makes a comparison false, so an
 * unanswered question never satisfies `csat <= 2`. */
export function evaluateCondition(condition: ParsedCondition, scope: ConditionScope): boolean {
  return truthy(evaluate(condition.ast, scope));
}

function evaluate(node: Expression, scope: ConditionScope): Value {
  switch (node.type) {
    case 'Literal':
      return node.value as Value;
    case 'Identifier':
      return lookup(scope.answers, node.name as string);
    case 'MemberExpression': {
      const [root, ...rest] = memberPath(node) ?? [];
      let value: Value = root === 'customer' ? scope.customer : root === 'order' ? scope.order : undefined;
      for (const key of rest) value = isRecord(value) ? lookup(value, key) : undefined;
      return value;
    }
    case 'UnaryExpression': {
      const v = evaluate(node.argument as Expression, scope);
      return node.operator === '-' ? (typeof v === 'number' ? -v : undefined) : !truthy(v);
    }
    case 'ArrayExpression':
      return (node.elements as Expression[]).map((e) => evaluate(e, scope));
    case 'BinaryExpression':
      return binary(node.operator as string, node.left as Expression, node.right as Expression, scope);
    case 'CallExpression':
      return call(node, scope);
    default:
      return undefined;
  }
}

function binary(op: string, leftNode: Expression, rightNode: Expression, scope: ConditionScope): Value {
  if (op === 'and' || op === '&&') return truthy(evaluate(leftNode, scope)) && truthy(evaluate(rightNode, scope));
  if (op === 'or' || op === '||') return truthy(evaluate(leftNode, scope)) || truthy(evaluate(rightNode, scope));
  const left = evaluate(leftNode, scope);
  const right = evaluate(rightNode, scope);
  // A question not asked (or a field not given) satisfies no comparison, not even `!=`, so
  // `nps != 10` does not fire before nps is answered.
  if (left === undefined || right === undefined) return false;
  switch (op) {
    case '==':
      return equals(left, right);
    case '!=':
      return !equals(left, right);
    case 'in':
      return Array.isArray(right) ? right.some((r) => equals(left, r)) : false;
    default:
      return compare(op, left, right);
  }
}

function compare(op: string, left: Value, right: Value): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

function call(node: Expression, scope: ConditionScope): Value {
  const name = (node.callee as Expression).name as string;
  const args = node.arguments as Expression[];
  const questionId = args[0]?.type === 'Identifier' ? (args[0].name as string) : '';
  switch (name) {
    case 'answered': {
      const v = lookup(scope.answers, questionId);
      return v !== undefined && v !== null;
    }
    case 'skipped':
      return Object.hasOwn(scope.answers, questionId) && scope.answers[questionId] === null;
    case 'sentiment':
      return lookup(scope.sentiment, questionId) as Value;
    case 'sentimentLabel':
      return lookup(scope.sentimentLabel ?? {}, questionId) as Value;
    case 'confidence':
      return lookup(scope.confidence ?? {}, questionId) as Value;
    case 'mentions': {
      const aspect = evaluate(args[1]!, scope);
      return typeof aspect === 'string' && (lookup(scope.mentioned ?? {}, questionId) as readonly string[] | undefined)?.includes(aspect) === true;
    }
    case 'mismatch':
      return scope.mismatched?.includes(questionId) ?? false;
    case 'kano': {
      // A Kano answer is [functional, dysfunctional]; the condition reads its category.
      const v = lookup(scope.answers, questionId);
      const [functional, dysfunctional] = Array.isArray(v) ? v : [];
      return Array.isArray(v) && v.length === 2 && isKanoAnswer(functional) && isKanoAnswer(dysfunctional) ? kanoCategory(functional, dysfunctional) : undefined;
    }
    case 'count': {
      const v = evaluate(args[0]!, scope);
      return Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : 0;
    }
    case 'contains': {
      const haystack = evaluate(args[0]!, scope);
      const needle = evaluate(args[1]!, scope);
      if (Array.isArray(haystack)) return haystack.some((h) => equals(h, needle));
      if (typeof haystack === 'string' && typeof needle === 'string') {
        return haystack.toLocaleLowerCase().includes(needle.toLocaleLowerCase());
      }
      return false;
    }
    default:
      return undefined;
  }
}

function lookup(record: Readonly<Record<string, unknown>>, key: string): Value {
  return Object.hasOwn(record, key) && !FORBIDDEN_KEYS.has(key) ? (record[key] as Value) : undefined;
}

function isRecord(v: Value): v is { readonly [k: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLocaleLowerCase() === b.toLocaleLowerCase();
  return a === b;
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}
