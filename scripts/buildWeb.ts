/**
 * Builds the browser side (web/) into dist/web, the only place the server serves pages from:
 *
 *   dist/web/assets/<name>-<hash>.js|css   bundles and lazy chunks, named by content (cached for a year)
 *   dist/web/pages/<page>.html             web/pages/*.html with {{asset:<name>}} replaced by bundle URLs
 *   dist/web/manifest.json                 { assets: { "widget.js": "/assets/widget-XXXX.js", … } }
 *   dist/web/THIRD-PARTY-LICENSES.txt      the licences of every bundled package (CodeMirror, …)
 *   dist/web/docs/                         the documentation as HTML (scripts/buildDocs.ts), served at /docs
 *
 *   npm run build:web        (npm run build runs it after tsc; the test setups run it too)
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { buildDocs } from './buildDocs.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_SRC_DIR = join(ROOT, 'web');
export const WEB_OUT_DIR = join(ROOT, 'dist/web');
const ASSETS = join(WEB_OUT_DIR, 'assets');
export const LICENCES_FILE = 'THIRD-PARTY-LICENSES.txt';

interface Bundle {
  name: string;
  entry: string;
  options: BuildOptions;
}

/** The widget's stylesheet is text for a Shadow DOM wherever it goes: the staff app's phone
 * preview draws the widget's own ChatView, so it takes the sheet as text too, while the staff
 * app's own CSS files stay bundled as CSS. */
const widgetCssAsText: Plugin = {
  name: 'widget-css-as-text',
  setup(b) {
    b.onLoad({ filter: /[\\/]web[\\/]widget[\\/]widget\.css$/ }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

const BUNDLES: Bundle[] = [
  {
    // Embedded on shops' pages: one self-contained classic script, its CSS as a string for its
    // Shadow DOM, no chunks to fetch from someone else's origin.
    name: 'widget',
    entry: 'web/widget/main.ts',
    options: { format: 'iife', loader: { '.css': 'text' } },
  },
  {
    // One ES module for the staff app; pages it does not always need (the CodeMirror editor)
    // become chunks loaded with import() when first shown.
    name: 'staff',
    entry: 'web/staff/main.ts',
    options: { format: 'esm', splitting: true, chunkNames: 'chunk-[hash]', plugins: [widgetCssAsText] },
  },
];

export interface WebManifest {
  assets: Record<string, string>;
}

/** The package a bundled file came from, e.g. "@codemirror/view" or "crelt". */
function packageOf(input: string): string | null {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
  return m ? m[1]! : null;
}

async function licenceText(pkg: string): Promise<string> {
  const dir = join(ROOT, 'node_modules', pkg);
  const meta = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
  let text = '';
  for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']) {
    text = await readFile(join(dir, f), 'utf8').catch(() => '');
    if (text) break;
  }
  const title = `${meta.name} ${meta.version} (${meta.license ?? 'see package'})`;
  return `${title}\n${'-'.repeat(title.length)}\n${text.trim() || '(no licence file in the package)'}\n`;
}

async function bundle(b: Bundle): Promise<{ files: Record<string, string>; packages: string[] }> {
  const result = await build({
    entryPoints: { [b.name]: join(ROOT, b.entry) },
    absWorkingDir: ROOT,
    outdir: ASSETS,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    banner: { js: `/* Satisfy ${b.name}. Bundled third-party licences: /${LICENCES_FILE} */`, css: `/* Satisfy ${b.name} */` },
    ...b.options,
  });
  for (const w of result.warnings) console.warn(`buildWeb: ${w.text}`);
  const meta = result.metafile as Metafile;
  const files: Record<string, string> = {};
  for (const [out, info] of Object.entries(meta.outputs)) {
    // With code splitting, a lazily imported module is an entry point of its own chunk: only the
    // bundle's own entry names it in the manifest.
    if (info.entryPoint !== b.entry) continue;
    files[`${b.name}.js`] = `/assets/${basename(out)}`;
    if (info.cssBundle) files[`${b.name}.css`] = `/assets/${basename(info.cssBundle)}`;
  }
  const packages = Object.keys(meta.inputs).map(packageOf).filter((p): p is string => !!p);
  return { files, packages };
}

/** {{asset:staff.js}} → /assets/staff-XXXX.js; an unknown name fails the build, not a page view. */
function fillPage(name: string, html: string, assets: Record<string, string>): string {
  return html.replace(/\{\{asset:([\w.-]+)\}\}/g, (_m, asset: string) => {
    const url = assets[asset];
    if (!url) throw new Error(`web/pages/${name} asks for {{asset:${asset}}}, which no bundle produced (have: ${Object.keys(assets).join(', ')})`);
    return url;
  });
}

/** Builds dist/web from web/; throws with esbuild's messages on failure. */
export async function buildWeb(): Promise<WebManifest> {
  await rm(WEB_OUT_DIR, { recursive: true, force: true });
  await mkdir(join(WEB_OUT_DIR, 'pages'), { recursive: true });
  const built = await Promise.all(BUNDLES.map(bundle));
  const assets = Object.assign({}, ...built.map((b) => b.files)) as Record<string, string>;
  const pages = (await readdir(join(WEB_SRC_DIR, 'pages'))).filter((f) => f.endsWith('.html'));
  for (const page of pages) {
    const html = await readFile(join(WEB_SRC_DIR, 'pages', page), 'utf8');
    await writeFile(join(WEB_OUT_DIR, 'pages', page), fillPage(page, html, assets));
  }
  const packages = [...new Set(built.flatMap((b) => b.packages))].sort();
  const licences = await Promise.all(packages.map(licenceText));
  await writeFile(
    join(WEB_OUT_DIR, LICENCES_FILE),
    ['Third-party software bundled in the Satisfy web front end', '=========================================================', '', ...licences].join('\n'),
  );
  await buildDocs(ROOT, join(WEB_OUT_DIR, 'docs'));
  const manifest: WebManifest = { assets };
  await writeFile(join(WEB_OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildWeb().then(
    (m) => console.log(`Built ${relative(ROOT, WEB_OUT_DIR)} in ${Date.now() - started} ms: ${Object.values(m.assets).join(', ')}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
