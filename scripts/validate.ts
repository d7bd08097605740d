// `npm run validate [dir]`: checks every survey script and locale file, printing every problem
// with file, line and path; exits 1 when there is any.
import { loadConfig } from '../src/config.js';
import { isSatisfyError } from '../src/errors.js';
import { loadCatalog } from '../src/scripts/loadCatalog.js';
import { loadDialogs } from '../src/scripts/loadDialogs.js';

try {
  const config = loadConfig();
  const dialogsDir = process.argv[2] ?? config.dialogsDir;
  const catalog = await loadCatalog(config.localesDir);
  const dialogs = await loadDialogs(dialogsDir, catalog);
  for (const d of dialogs) {
    console.log(`ok  ${d.file}: ${d.script.id}, ${d.script.questions.length} questions, locales ${d.script.locales.join(', ')}`);
  }
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  if (isSatisfyError(err)) console.error(err.message);
  else if (code === 'ENOENT' || code === 'ENOTDIR') console.error(`Cannot read ${(err as NodeJS.ErrnoException).path}: no such folder`);
  else throw err;
  process.exit(1);
}
