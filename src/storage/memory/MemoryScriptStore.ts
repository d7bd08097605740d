import type { ScriptStore, ScriptVersion } from '../../core/ports.js';

export class MemoryScriptStore implements ScriptStore {
  private readonly versions = new Map<string, ScriptVersion[]>();
  private readonly publishedVersion = new Map<string, number>();

  async surveyIds(): Promise<string[]> {
    return [...this.versions.keys()].sort();
  }

  async latest(surveyId: string): Promise<ScriptVersion | undefined> {
    return this.versions.get(surveyId)?.at(-1);
  }

  async get(surveyId: string, version: number): Promise<ScriptVersion | undefined> {
    return this.versions.get(surveyId)?.find((v) => v.version === version);
  }

  async add(input: Omit<ScriptVersion, 'version'>): Promise<ScriptVersion> {
    const list = this.versions.get(input.surveyId) ?? [];
    const stored = { ...input, version: list.length + 1 };
    this.versions.set(input.surveyId, [...list, stored]);
    return stored;
  }

  async published(surveyId: string): Promise<number | undefined> {
    return this.publishedVersion.get(surveyId);
  }

  async publish(surveyId: string, version: number): Promise<void> {
    if (!(await this.get(surveyId, version))) throw new Error(`No version ${version} of survey "${surveyId}" to publish`);
    this.publishedVersion.set(surveyId, version);
  }
}
