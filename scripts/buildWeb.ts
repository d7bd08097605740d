/**
 * Bundles the admin editor (src/web/editor/editor.js, the one file that imports CodeMirror) into
 * dist/web/editor.js: one minified IIFE for ES2020 browsers, served at /admin/editor.js. The
 * licences of the bundled packages (CodeMirror, Lezer, ... all MIT) ship beside it in
 * dist/web/editor.js.LEGAL.txt, which the bundle links to.
 *
 *   npm run build:web        (npm run build runs it after tsc)
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EDITOR_ENTRY = join(ROOT, 'src/web/editor/editor.js');
export const WEB_OUT_DIR = join(ROOT, 'dist/web');
export const EDITOR_BUNDLE = join(WEB_OUT_DIR, 'editor.js');
const LEGAL = `${EDITOR_BUNDLE}.LEGAL.txt`;

/** The package a bundled file came from, e.g. "@codemirror/view" or "crelt". */
function packageOf(input: string): string | null {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
  return m ? m[1]! : null;
}

async function licenceText(pkg: string): Promise<{ name: string; version: string; license: string; text: string }> {
  const dir = join(ROOT, 'node_modules', pkg);
  const meta = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
  let text = '';
  for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']) {
    text = await readFile(join(dir, f), 'utf8').catch(() => '');
    if (text) break;
  }
  return { name: meta.name, version: meta.version, license: meta.license ?? 'see package', text: text.trim() };
}

/** Builds dist/web/editor.js and its licence file; throws with esbuild's messages on failure. */
export async function buildWeb(): Promise<void> {
  await mkdir(WEB_OUT_DIR, { recursive: true });
  await rm(LEGAL, { force: true });
  const result = await build({
    entryPoints: [EDITOR_ENTRY],
    outfile: EDITOR_BUNDLE,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    // Any /*! or @license comments are collected in editor.js.LEGAL.txt; the packages' own
    // LICENSE files are appended below, since CodeMirror's sources carry no licence comment.
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
    banner: { js: '/* Satisfy admin editor: CodeMirror 6 and friends (MIT). Licences: editor.js.LEGAL.txt */' },
  });
  for (const w of result.warnings) console.warn(`buildWeb: ${w.text}`);
  const legalFromEsbuild = await readFile(LEGAL, 'utf8').catch(() => '');
  const packages = [...new Set(Object.keys((result.metafile as Metafile).inputs).map(packageOf).filter((p): p is string => !!p))].sort();
  const parts = await Promise.all(packages.map(licenceText));
  const body = [
    'Third-party software bundled in editor.js',
    '==========================================',
    '',
    ...parts.map((p) => `${p.name} ${p.version} (${p.license})\n${'-'.repeat(p.name.length + p.version.length + p.license.length + 4)}\n${p.text || '(no licence file in the package)'}\n`),
    legalFromEsbuild.trim() ? `Legal comments found in the sources\n-----------------------------------\n${legalFromEsbuild.trim()}\n` : '',
  ].join('\n');
  await writeFile(LEGAL, body);
  // Make sure the bundle links to the licences even if esbuild found no legal comment to link.
  const bundle = await readFile(EDITOR_BUNDLE, 'utf8');
  if (!bundle.includes('editor.js.LEGAL.txt')) await writeFile(EDITOR_BUNDLE, `${bundle.trimEnd()}\n/*! For license information please see editor.js.LEGAL.txt */\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildWeb().then(
    () => console.log(`Built ${EDITOR_BUNDLE.slice(ROOT.length + 1)} in ${Date.now() - started} ms`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
