// `npm run docs:check`: every relative link and #anchor in README.md, docs/**/*.md and
// bench/README.md must resolve, so that moving or renaming a section cannot silently break a
// cross-reference. Anchors are GitHub's heading slugs. Exits 1 with the list of broken links.
// test/unit/docsLinks.test.ts runs the same check in `npm test`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { slug } from 'github-slugger';

export interface BrokenLink {
  /** The page, relative to the root, with `/` separators. */
  file: string;
  line: number;
  target: string;
  reason: string;
}

/** The pages checked: README.md, bench/README.md and every .md under docs/. */
export function docFiles(root: string): string[] {
  const files = ['README.md', 'bench/README.md'].filter((f) => existsSync(join(root, f)));
  const walk = (dir: string): void => {
    if (!existsSync(join(root, dir))) return;
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  return files;
}

/** GitHub's anchor for a heading's rendered text: github-slugger, as the /docs pages use. */
export function githubSlug(text: string): string {
  return slug(text);
}

/** The text GitHub renders for a heading's markdown: code spans keep their content, links their
 * text, and emphasis markers and HTML tags go. */
function headingText(markdown: string): string {
  return markdown
    .split(/(`+)(.*?)\1/)
    .map((part, i) => {
      // split() with two groups yields [text, ticks, code, text, ticks, code, …]
      if (i % 3 === 1) return '';
      if (i % 3 === 2) return part;
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/\*+/g, '')
        .replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1');
    })
    .join('')
    .trim();
}

/** The lines of a page with fenced code blocks blanked out (line numbers stay). */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (marker === undefined) return line;
      fence = marker;
    } else if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = null;
    }
    return '';
  });
}

/** Every anchor a page offers: its headings' slugs (repeats get -1, -2, …) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const base = githubSlug(headingText(heading[1]!));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** Every link target on a page, outside code: inline links and images, reference definitions,
 * and href/src of inline HTML. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((raw, i) => {
    const line = raw.replace(/(`+).*?\1/g, (code) => ' '.repeat(code.length));
    const found = [
      ...[...line.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
      ...[...line.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
      ...[...line.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
    ];
    for (const target of found) links.push({ line: i + 1, target });
  });
  return links;
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
const toPosix = (path: string): string => path.split(sep).join('/');

/** Checks every page's relative links and anchors; answers the broken ones (none: all good). */
export function checkDocs(root: string, files: string[] = docFiles(root)): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsAt = (path: string): Set<string> => {
    let anchors = anchorCache.get(path);
    if (!anchors) anchorCache.set(path, (anchors = anchorsOf(readFileSync(join(root, path), 'utf8'))));
    return anchors;
  };

  for (const file of files) {
    for (const { line, target } of linksOf(readFileSync(join(root, file), 'utf8'))) {
      if (target === '' || isExternal(target)) continue;
      const report = (reason: string): void => void broken.push({ file, line, target, reason });
      const hashAt = target.indexOf('#');
      const pathPart = hashAt < 0 ? target : target.slice(0, hashAt);
      const anchor = hashAt < 0 ? null : target.slice(hashAt + 1);
      let decoded: string;
      try {
        decoded = decodeURIComponent(pathPart);
      } catch {
        report('malformed percent-escape');
        continue;
      }
      const absolute = decoded === '' ? join(root, file) : decoded.startsWith('/') ? join(root, decoded) : resolve(root, dirname(file), decoded);
      const path = toPosix(relative(root, absolute));
      if (path.startsWith('../') || path === '..') {
        report('points outside the repository');
        continue;
      }
      if (!existsSync(absolute)) {
        // The screenshots in docs/images are committed; the browser tests only renew them.
        report(`no file ${path}`);
        continue;
      }
      if (anchor === null || !path.endsWith('.md') || statSync(absolute).isDirectory()) continue;
      if (!anchorsAt(path).has(anchor)) report(`no heading with anchor #${anchor} in ${path}`);
    }
  }
  return broken;
}

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runAsScript) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = docFiles(root);
  const broken = checkDocs(root, files);
  if (broken.length > 0) {
    console.error(`Broken links in the docs (${broken.length}):`);
    for (const b of broken) console.error(`  ${b.file}:${b.line}: ${b.target}: ${b.reason}`);
    process.exit(1);
  }
  console.log(`docs: ${files.length} pages, every relative link and anchor resolves`);
}
