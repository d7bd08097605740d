// npm run build: the server as one ES module bundle, dist/main.js (with its source map), so that a
// start reads and links one file instead of resolving and loading some 3,000 modules of ours and
// of node_modules: that was most of the start's CPU (issue 18 goal 4, bench/README.md#start-up).
// Run after tsc's type check, before scripts/buildWeb.ts (which writes dist/web, left alone here).
import { readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

const started = performance.now();
// Everything but the web build: earlier builds (tsc's one file per module, older chunks).
for (const entry of await readdir(DIST).catch(() => [])) if (entry !== 'web') await rm(join(DIST, entry), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  // The bcrypt worker is started by file (src/auth/PasswordChecker.ts): it is an entry of its own,
  // beside main.js as PasswordChecker expects it.
  entryPoints: { main: 'src/main.ts', bcryptWorker: 'src/auth/bcryptWorker.ts' },
  outdir: DIST,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Lazy imports (exceljs for an export, pino-pretty at a terminal) stay lazy, as chunks. Every
  // chunk sits beside main.js, so paths built from import.meta.url (config.ts's ROOT, the worker)
  // mean the same in any of them.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  // A smaller file to read, decode and parse (12 MB without; decoding it alone was ~15% of the
  // start). Names are kept, so stack traces read without the source map too.
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS packages in an ES module bundle call require() for Node's own modules, and
  // src/sentiment reaches natural's word lists through createRequire at run time.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`Built dist/main.js in ${Math.round(performance.now() - started)} ms`);
