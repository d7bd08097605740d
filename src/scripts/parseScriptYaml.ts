import { CST, isNode, isScalar, Lexer, LineCounter, parseDocument, visit } from 'yaml';
import { compileScript, type CompileResult } from '../core/script/compileScript.js';
import type { Catalog } from '../core/script/compiled.js';
import type { PathSegment, Problem } from '../core/problem.js';

/** Limits that keep a hostile or mistaken upload from stalling the process. */
export const MAX_SCRIPT_BYTES = 256 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 32;
/** Keys, items and values in the whole document: a real survey has a few thousand. Counted on
 * the lexer's tokens, before anything is built, so a 20,000-key file costs milliseconds. */
export const MAX_YAML_VALUES = 20_000;
/** Keys in one mapping (a question, a locale table). */
export const MAX_MAP_KEYS = 1000;
const VALUE_TOKENS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar', 'alias']);

/**
 * Parses YAML script text and compiles it, with each problem carrying the line it is on.
 * YAML is parsed as plain data (no custom tags, no code), and alias expansion is capped so an
 * anchor bomb is refused instead of expanded.
 */
export function parseScriptYaml(text: string, catalog: Catalog, version: number): CompileResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_SCRIPT_BYTES) {
    return fail({ code: 'YAML', path: [], message: `the script is larger than ${MAX_SCRIPT_BYTES / 1024} KiB` });
  }
  if (countYamlValues(text, MAX_YAML_VALUES) > MAX_YAML_VALUES) {
    return fail({ code: 'YAML', path: [], message: `the script has more than ${MAX_YAML_VALUES} keys and values; split it or remove what is not used` });
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are checked below in one pass: the yaml library's own check compares every
  // key of a mapping with every other, which takes seconds on a mapping of thousands of keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
  const mapProblem = doc.errors.length ? undefined : checkMaps(doc, lineCounter);
  if (mapProblem) return fail(mapProblem);
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        code: 'YAML' as const,
        path: [],
        message: e.message.split('\n')[0] ?? e.message,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    };
  }
  let source: unknown;
  try {
    source = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return fail({ code: 'YAML', path: [], message: (err as Error).message });
  }
  if (depth(source) > MAX_DEPTH) return fail({ code: 'YAML', path: [], message: `the script nests deeper than ${MAX_DEPTH} levels` });
  const result = compileScript({ source, catalog, version });
  if (result.ok) return result;
  return { ok: false, problems: result.problems.map((p) => ({ ...p, line: lineOf(doc, lineCounter, p.path) })) };
}

/** The script as plain data, with the same limits, or undefined when it is not readable YAML
 * (for views of a draft that does not validate yet, such as locale coverage). */
export function scriptData(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_SCRIPT_BYTES || countYamlValues(text, MAX_YAML_VALUES) > MAX_YAML_VALUES) return undefined;
  const doc = parseDocument(text, { uniqueKeys: false, strict: true });
  if (doc.errors.length || checkMaps(doc, new LineCounter())) return undefined;
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    return depth(data) > MAX_DEPTH ? undefined : data;
  } catch {
    return undefined;
  }
}

function fail(problem: Problem): CompileResult {
  return { ok: false, problems: [problem] };
}

/** The line of the deepest node on the path that exists (a missing key points at its parent). */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PathSegment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function depth(value: unknown, level = 0): number {
  if (level > MAX_DEPTH || typeof value !== 'object' || value === null) return level;
  let max = level;
  for (const child of Object.values(value)) max = Math.max(max, depth(child, level + 1));
  return max;
}

/** How many keys, items and values the text has, counting no further than just past `limit`. */
export function countYamlValues(text: string, limit: number): number {
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    if (VALUE_TOKENS.has(CST.tokenType(token) ?? '') && ++count > limit) break;
  }
  return count;
}

/** The first mapping with too many keys or a key given twice, as a problem with its line. */
function checkMaps(doc: ReturnType<typeof parseDocument>, counter: LineCounter): Problem | undefined {
  let problem: Problem | undefined;
  visit(doc, {
    Map(_key, map) {
      const line = map.range ? counter.linePos(map.range[0]).line : undefined;
      if (map.items.length > MAX_MAP_KEYS) {
        problem = { code: 'YAML', path: [], message: `a mapping has more than ${MAX_MAP_KEYS} keys`, ...(line ? { line } : {}) };
        return visit.BREAK;
      }
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : isNode(pair.key) ? pair.key.toString() : String(pair.key);
        if (seen.has(key)) {
          const at = isNode(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line : line;
          problem = { code: 'YAML', path: [], message: `the key "${key.slice(0, 64)}" is given twice in one mapping`, ...(at ? { line: at } : {}) };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return problem;
}
