import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem } from '../core/problem.js';
import type { Catalog, CompiledScript } from '../core/script/compiled.js';
import { SatisfyError } from '../errors.js';
import { parseScriptYaml } from './parseScriptYaml.js';

export interface DialogFile {
  file: string;
  text: string;
  script: CompiledScript;
}

/**
 * Reads and validates every dialogs/*.yaml. All files are checked before failing, and the
 * error lists every problem of every file with file, line and path.
 */
export async function loadDialogs(dir: string, catalog: Catalog): Promise<DialogFile[]> {
  const names = (await readdirOrFail(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const loaded: DialogFile[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8');
    const result = parseScriptYaml(text, catalog, 0);
    if (!result.ok) problems.push(...result.problems.map((p) => formatProblem(p, file)));
    else if (loaded.some((d) => d.script.id === result.script.id)) problems.push(`${file}: survey id "${result.script.id}" is used by another file too`);
    else loaded.push({ file, text, script: result.script });
  }
  if (problems.length) throw new SatisfyError('SCRIPTS_INVALID', `Survey scripts have problems:\n  ${problems.join('\n  ')}`);
  if (loaded.length === 0) throw new SatisfyError('SCRIPTS_INVALID', `No survey scripts (*.yaml) in ${dir}`);
  return loaded;
}

async function readdirOrFail(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    throw new SatisfyError('SCRIPTS_INVALID', `Cannot read survey scripts from ${dir}: ${(err as Error).message}`, { cause: err });
  }
}
