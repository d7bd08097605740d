import { buildWeb } from '../../scripts/buildWeb.js';

/** The admin page loads the CodeMirror bundle (dist/web/editor.js): build it once per run. */
export default async function setup(): Promise<void> {
  await buildWeb();
}
