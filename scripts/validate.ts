// `npm run validate [dir]`: checks every survey script and locale file, printing every problem
// with file, line and path; exits 1 when there is any.
import { loadConfig } from '../src/config.js';
import { isSatisfyError } from '../src/errors.js';
import { loadCatalog } from '../src/scripts/loadCatalog.js';
import { loadDialogs } from '../src/scripts/loadDialogs.js';

const config = loadConfig();
const dialogsDir = process.argv[2] ?? config.dialogsDir;
try {
  const catalog = await loadCatalog(config.localesDir);
  const dialogs = await loadDialogs(dialogsDir, catalog);
  for (const d of dialogs) {
    console.log(`ok  ${d.file}: ${d.script.id}, ${d.script.questions.length} questions, locales ${d.script.locales.join(', ')}`);
  }
} catch (err) {
  if (!isSatisfyError(err)) throw err;
  console.error(err.message);
  process.exit(1);
}
