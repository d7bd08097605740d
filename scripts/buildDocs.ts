/**
 * Renders the documentation (README.md, docs/**, bench/README.md) into dist/web/docs as plain
 * HTML pages with no script, so every server links to the docs of the version it runs, even
 * where the repository is out of reach. Called by scripts/buildWeb.ts.
 *
 *   README.md            → /docs
 *   docs/agent-guide.md  → /docs/agent-guide
 *   docs/ops/redis.md    → /docs/ops/redis
 *   bench/README.md      → /docs/bench
 *   docs/images/*        → /docs/images/*
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import { Marked, type Tokens } from 'marked';

export interface DocPage {
  /** The markdown file, relative to the repository root. */
  source: string;
  /** Its route under /docs ('' for the README). */
  route: string;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.md') ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

/** Every page the docs are made of: README first, then in the order the README lists them. */
export async function docPages(root: string): Promise<DocPage[]> {
  const readme = await readFile(join(root, 'README.md'), 'utf8').catch(() => '');
  const list = readme.slice(Math.max(0, readme.indexOf('## Documentation')));
  const order = (source: string) => {
    const at = list.indexOf(`](${source}`);
    return at < 0 ? Infinity : at;
  };
  const docs = (await markdownFiles(join(root, 'docs')))
    .map((f) => relative(root, f).split('\\').join('/'))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return [
    { source: 'README.md', route: '' },
    ...docs.map((source) => ({ source, route: source.slice('docs/'.length, -'.md'.length) })),
    { source: 'bench/README.md', route: 'bench' },
  ];
}

/**
 * A link as written in `fromSource` (relative, as GitHub reads it) → where it goes on the
 * server: another doc page keeps its #anchor, anything else of the repository stays as text
 * the reader can find (undefined: not a link here).
 */
export function docLink(href: string, fromSource: string, pages: DocPage[]): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href;
  const [path = '', anchor] = href.split('#');
  const target = posix.normalize(posix.join(posix.dirname(fromSource), path));
  const page = pages.find((p) => p.source === target);
  if (page) return `/docs${page.route ? `/${page.route}` : ''}${anchor ? `#${anchor}` : ''}`;
  if (target.startsWith('docs/images/')) return `/docs/${target.slice('docs/'.length)}`;
  return undefined;
}

const STYLE = `
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #fff; }
  .wrap { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 2.5rem; max-width: 76rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
  nav { position: sticky; top: 1rem; align-self: start; font-size: .9rem; }
  nav a { display: block; padding: .2rem .5rem; border-radius: .35rem; color: #334e68; text-decoration: none; }
  nav a[aria-current="page"] { background: #e8edfb; color: #1d3fb8; font-weight: 600; }
  nav .home { font-weight: 700; font-size: 1.05rem; margin-bottom: .75rem; color: #1f2933; }
  main { min-width: 0; }
  a { color: #2f54d1; }
  pre { background: #f4f6f8; padding: .85rem 1rem; border-radius: .5rem; overflow-x: auto; font-size: .875rem; line-height: 1.45; }
  code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  :not(pre) > code { background: #f4f6f8; padding: .1em .3em; border-radius: .25rem; }
  table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1rem 0; font-size: .925rem; }
  th, td { border: 1px solid #dde3ea; padding: .4rem .6rem; vertical-align: top; text-align: left; }
  th { background: #f7f9fb; }
  img { max-width: 100%; border: 1px solid #e4e7eb; border-radius: .5rem; }
  h1, h2, h3, h4 { line-height: 1.25; scroll-margin-top: 1rem; }
  blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid #d9e2ec; color: #52606d; }
  @media (max-width: 50rem) { .wrap { grid-template-columns: 1fr; } nav { position: static; } }
`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's title: its first level-one heading. */
function titleOf(markdown: string, fallback: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? fallback;
}

/** Renders one page's markdown: GitHub-style heading ids, links rewritten for /docs. */
export function renderDoc(markdown: string, page: DocPage, pages: DocPage[]): string {
  const slugger = new GithubSlugger();
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const id = slugger.slug(token.text);
        return `<h${token.depth} id="${escapeHtml(id)}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
    },
    walkTokens(token) {
      if (token.type === 'link' || token.type === 'image') {
        const to = docLink(token.href, page.source, pages);
        if (to) token.href = to;
        // A link into the source tree means nothing on a server: keep the words, drop the link.
        else if (token.type === 'link') Object.assign(token, { type: 'text', text: token.text, tokens: token.tokens, escaped: false });
      }
    },
  });
  return marked.parse(markdown, { async: false });
}

/** Writes dist/web/docs: one HTML page per markdown file, and the images. */
export async function buildDocs(root: string, outDir: string): Promise<DocPage[]> {
  const pages = await docPages(root);
  const sources = await Promise.all(pages.map(async (p) => readFile(join(root, p.source), 'utf8').catch(() => undefined)));
  const present = pages.filter((_p, i) => sources[i] !== undefined);
  const titles = present.map((p) => titleOf(sources[pages.indexOf(p)]!, p.route || 'Satisfy'));
  for (const [i, page] of present.entries()) {
    const markdown = sources[pages.indexOf(page)]!;
    const nav = present
      .map((p, j) => `<a href="/docs${p.route ? `/${p.route}` : ''}"${p === page ? ' aria-current="page"' : ''}${j === 0 ? ' class="home"' : ''}>${escapeHtml(j === 0 ? 'Satisfy docs' : titles[j]!)}</a>`)
      .join('\n');
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titles[i]!)} · Satisfy</title>
<style>${STYLE}</style>
</head>
<body>
<div class="wrap">
<nav aria-label="Documentation">
${nav}
</nav>
<main>
${renderDoc(markdown, page, present)}
</main>
</div>
</body>
</html>
`;
    const file = join(outDir, `${page.route || 'index'}.html`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, html);
  }
  const images = await readdir(join(root, 'docs/images')).catch(() => []);
  if (images.length) await mkdir(join(outDir, 'images'), { recursive: true });
  await Promise.all(images.filter((f) => /\.(png|jpe?g|svg|gif|webp)$/i.test(f)).map((f) => copyFile(join(root, 'docs/images', f), join(outDir, 'images', f))));
  return present;
}
