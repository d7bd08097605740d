import { LineCounter, parseDocument, isNode } from 'yaml';
import { compileScript, type CompileResult } from '../core/script/compileScript.js';
import type { Catalog } from '../core/script/compiled.js';
import type { PathSegment, Problem } from '../core/problem.js';

/** Limits that keep a hostile or mistaken upload from stalling the process. */
export const MAX_SCRIPT_BYTES = 256 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 32;

/**
 * Parses YAML script text and compiles it, with each problem carrying the line it is on.
 * YAML is parsed as plain data (no custom tags, no code), and alias expansion is capped so an
 * anchor bomb is refused instead of expanded.
 */
export function parseScriptYaml(text: string, catalog: Catalog, version: number): CompileResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_SCRIPT_BYTES) {
    return fail({ code: 'YAML', path: [], message: `the script is larger than ${MAX_SCRIPT_BYTES / 1024} KiB` });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
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
  if (Buffer.byteLength(text, 'utf8') > MAX_SCRIPT_BYTES) return undefined;
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length) return undefined;
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
