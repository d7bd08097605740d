import type { ScriptStore, ScriptVersion } from '../core/ports.js';
import { formatProblem } from '../core/problem.js';
import type { Catalog, CompiledScript } from '../core/script/compiled.js';
import { SatisfyError } from '../errors.js';
import type { DialogFile } from './loadDialogs.js';
import { parseScriptYaml } from './parseScriptYaml.js';

/** The author of versions imported from dialogs/. */
export const FILE_AUTHOR = 'file';

/**
 * Compiled scripts by survey and version. Scripts are compiled once per version and cached,
 * never per turn; a conversation asks for the version it started with, new conversations for
 * the published one.
 */
export class ScriptRegistry {
  private readonly compiled = new Map<string, CompiledScript>();

  constructor(
    private readonly store: ScriptStore,
    private readonly catalog: Catalog,
  ) {}

  /**
   * Imports each file that changed since it was last imported (or was never imported) as a new
   * version, and publishes it: a team that edits dialogs/ in git gets its change live on the
   * next start. A file that did not change leaves alone whatever admins published since.
   * Returns the versions it imported.
   */
  async seed(files: readonly DialogFile[], at: string): Promise<ScriptVersion[]> {
    const imported: ScriptVersion[] = [];
    for (const { file, text, script } of files) {
      const versions = await this.store.versions(script.id);
      const fromFile = versions.findLast((v) => v.author === FILE_AUTHOR);
      if (fromFile?.source === text) {
        if ((await this.store.published(script.id)) === undefined) await this.store.publish(script.id, fromFile.version);
        continue;
      }
      const added = await this.store.add({ surveyId: script.id, source: text, createdAt: at, author: FILE_AUTHOR, comment: `imported from ${file}` });
      await this.store.publish(script.id, added.version);
      imported.push(added);
    }
    return imported;
  }

  async published(surveyId: string): Promise<CompiledScript> {
    const version = await this.store.published(surveyId);
    if (version === undefined) throw new SatisfyError('SURVEY_NOT_FOUND', `No published survey "${surveyId}"`);
    return this.get(surveyId, version);
  }

  async get(surveyId: string, version: number): Promise<CompiledScript> {
    const key = `${surveyId}@${version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const stored = await this.store.get(surveyId, version);
    if (!stored) throw new SatisfyError('SURVEY_NOT_FOUND', `No version ${version} of survey "${surveyId}"`);
    const result = parseScriptYaml(stored.source, this.catalog, version);
    if (!result.ok) {
      throw new SatisfyError('SCRIPTS_INVALID', `Stored ${key} does not validate:\n  ${result.problems.map((p) => formatProblem(p)).join('\n  ')}`);
    }
    this.compiled.set(key, result.script);
    return result.script;
  }
}
