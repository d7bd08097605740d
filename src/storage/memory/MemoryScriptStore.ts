import type { ScriptDraft, ScriptStore, ScriptVersion } from '../../core/ports.js';

export class MemoryScriptStore implements ScriptStore {
  private readonly bySurvey = new Map<string, ScriptVersion[]>();
  private readonly publishedVersion = new Map<string, number>();
  private readonly drafts = new Map<string, ScriptDraft>();

  async surveyIds(): Promise<string[]> {
    return [...new Set([...this.bySurvey.keys(), ...this.drafts.keys()])].sort();
  }

  async latest(surveyId: string): Promise<ScriptVersion | undefined> {
    return this.bySurvey.get(surveyId)?.at(-1);
  }

  async get(surveyId: string, version: number): Promise<ScriptVersion | undefined> {
    return this.bySurvey.get(surveyId)?.find((v) => v.version === version);
  }

  async versions(surveyId: string): Promise<ScriptVersion[]> {
    return [...(this.bySurvey.get(surveyId) ?? [])];
  }

  async add(input: Omit<ScriptVersion, 'version'>): Promise<ScriptVersion> {
    const list = this.bySurvey.get(input.surveyId) ?? [];
    const stored = { ...input, version: list.length + 1 };
    this.bySurvey.set(input.surveyId, [...list, stored]);
    return stored;
  }

  async published(surveyId: string): Promise<number | undefined> {
    return this.publishedVersion.get(surveyId);
  }

  async publish(surveyId: string, version: number): Promise<void> {
    if (!(await this.get(surveyId, version))) throw new Error(`No version ${version} of survey "${surveyId}" to publish`);
    this.publishedVersion.set(surveyId, version);
  }

  async getDraft(surveyId: string): Promise<ScriptDraft | undefined> {
    const draft = this.drafts.get(surveyId);
    return draft && { ...draft };
  }

  async saveDraft(draft: ScriptDraft): Promise<void> {
    this.drafts.set(draft.surveyId, { ...draft });
  }

  async deleteDraft(surveyId: string): Promise<void> {
    this.drafts.delete(surveyId);
  }
}
