import { createTwoFilesPatch } from 'diff';
import { runTurn, type TurnDeps, type TurnInput } from '../core/engine/runTurn.js';
import type { AuditEntry, AuditLog, Clock, ScriptDraft, ScriptStore, ScriptVersion } from '../core/ports.js';
import type { Problem } from '../core/problem.js';
import type { Catalog } from '../core/script/compiled.js';
import { SURVEY_ID } from '../core/script/schema.js';
import type { Session } from '../core/session.js';
import { SatisfyError } from '../errors.js';
import { parseScriptYaml, scriptData } from '../scripts/parseScriptYaml.js';
import type { DraftStale, PreviewResult, SurveySummary, Validation, VersionSummary } from './adminTypes.js';
import { draftStaleness } from './draftStaleness.js';
import { localeCoverage } from './localeCoverage.js';

export type { PreviewResult, SurveySummary, Validation, VersionSummary };

/** A script that does not validate: refused with every problem, never stored as a version. */
export class ScriptInvalidError extends SatisfyError {
  constructor(readonly problems: Problem[]) {
    super('SCRIPTS_INVALID', `The script has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`);
  }
}

/**
 * What admins do to survey scripts: validate, keep a draft, publish it as a new immutable
 * version, roll back (an old text published as a new version), compare versions, preview a
 * draft through the real engine. Every change is in the audit log. Conversations already under
 * way keep the version they started with; new ones get the published one, on every instance at
 * once, since the published pointer is read from the store when a survey starts.
 */
export class ScriptAdmin {
  constructor(
    private readonly store: ScriptStore,
    private readonly audit: AuditLog,
    private readonly catalog: Catalog,
    private readonly clock: Clock,
    private readonly engine: Omit<TurnDeps, 'handoff'>,
  ) {}

  validate(source: string): Validation {
    const result = parseScriptYaml(source, this.catalog, 0);
    const data = scriptData(source);
    const declared = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
    return {
      ok: result.ok,
      ...(typeof declared === 'string' ? { surveyId: declared } : {}),
      problems: result.ok ? [] : result.problems,
      coverage: localeCoverage(data, this.catalog),
    };
  }

  async surveys(): Promise<SurveySummary[]> {
    const ids = await this.store.surveyIds();
    return Promise.all(
      ids.map(async (id) => {
        const [published, latest, draft] = await Promise.all([this.store.published(id), this.store.latest(id), this.store.getDraft(id)]);
        const live = published !== undefined ? await this.store.get(id, published) : undefined;
        const shown = live ?? latest;
        const stale = draft && draftStaleness(draft, live);
        return {
          id,
          title: titleOf(shown?.source ?? draft?.source ?? '') ?? id,
          titles: titlesOf(shown?.source ?? draft?.source ?? ''),
          publishedVersion: published ?? null,
          latestVersion: latest?.version ?? null,
          draft: draft
            ? { author: draft.author, updatedAt: draft.updatedAt, ...(draft.baseVersion !== undefined ? { baseVersion: draft.baseVersion } : {}), ...(stale ? { stale } : {}) }
            : null,
        };
      }),
    );
  }

  async versions(surveyId: string): Promise<VersionSummary[]> {
    const [all, published] = await Promise.all([this.store.versions(surveyId), this.store.published(surveyId)]);
    if (!all.length) throw notFound(surveyId);
    return all.reverse().map(({ source: _s, ...v }) => ({ ...v, published: v.version === published }));
  }

  async version(surveyId: string, version: number): Promise<ScriptVersion> {
    const found = await this.store.get(surveyId, version);
    if (!found) throw new SatisfyError('SURVEY_NOT_FOUND', `No version ${version} of survey "${surveyId}"`);
    return found;
  }

  /** The saved draft, and whether a publish since has left it behind (draftStaleness). */
  async draft(surveyId: string): Promise<(ScriptDraft & { stale?: DraftStale }) | undefined> {
    const [draft, published] = await Promise.all([this.store.getDraft(surveyId), this.store.published(surveyId)]);
    if (!draft) return undefined;
    const stale = draftStaleness(draft, published !== undefined ? await this.store.get(surveyId, published) : undefined);
    return stale ? { ...draft, stale } : draft;
  }

  /** Keeps work in progress; it need not validate yet, but must be this survey's. */
  async saveDraft(surveyId: string, source: string, actor: string): Promise<{ draft: ScriptDraft; validation: Validation }> {
    checkSurveyId(surveyId);
    const validation = this.validate(source);
    if (validation.surveyId !== undefined && validation.surveyId !== surveyId) {
      throw new SatisfyError('BAD_REQUEST', `The script says id: ${validation.surveyId}, but this is survey "${surveyId}"`);
    }
    const before = await this.store.getDraft(surveyId);
    const published = await this.store.published(surveyId);
    const draft: ScriptDraft = {
      surveyId,
      source,
      author: actor,
      updatedAt: this.now(),
      ...((before?.baseVersion ?? published) !== undefined ? { baseVersion: (before?.baseVersion ?? published)! } : {}),
    };
    await this.store.saveDraft(draft);
    await this.log({ actor, action: 'draft.saved', surveyId });
    return { draft, validation };
  }

  async deleteDraft(surveyId: string, actor: string): Promise<void> {
    if (!(await this.store.getDraft(surveyId))) throw new SatisfyError('NO_DRAFT', `Survey "${surveyId}" has no draft`);
    await this.store.deleteDraft(surveyId);
    await this.log({ actor, action: 'draft.deleted', surveyId });
  }

  /**
   * Publishes `source` (or the saved draft) as the next version, if it validates. `fromDraft` is
   * the `updatedAt` of the draft the editor's text grew from: that draft is done with once its
   * continuation is published, even with unsaved changes on top, so it does not linger behind
   * the new version. A draft saved since (by someone else) is another draft, and stays.
   */
  async publish(surveyId: string, actor: string, comment: string, source?: string, fromDraft?: string): Promise<ScriptVersion> {
    checkSurveyId(surveyId);
    const draft = await this.store.getDraft(surveyId);
    const text = source ?? draft?.source;
    if (text === undefined) throw new SatisfyError('NO_DRAFT', `Survey "${surveyId}" has no draft to publish; send the script as "source"`);
    const done = !!draft && (draft.source === text || (fromDraft !== undefined && draft.updatedAt === fromDraft));
    const publishedNow = await this.store.published(surveyId);
    const live = publishedNow !== undefined ? await this.store.get(surveyId, publishedNow) : undefined;
    if (live && live.source === text) {
      // A new version with the same text would only clutter the history; a draft that says (or
      // grew into) what is already live is done with, so it goes (nothing is lost: it is published).
      if (done) await this.store.deleteDraft(surveyId);
      throw new SatisfyError('NOTHING_CHANGED', `Nothing changed: this text is already published as version ${live.version} of "${surveyId}".`);
    }
    const version = await this.addChecked(surveyId, text, actor, comment.trim() || 'published');
    if (done) await this.store.deleteDraft(surveyId);
    await this.log({ actor, action: 'version.published', surveyId, version: version.version, comment: version.comment });
    return version;
  }

  /** Publishes an old version's text as a new version: history only ever grows. */
  async rollback(surveyId: string, to: number, actor: string, comment?: string): Promise<ScriptVersion> {
    const old = await this.version(surveyId, to);
    const version = await this.addChecked(surveyId, old.source, actor, comment?.trim() || `rolled back to version ${to}`);
    await this.log({ actor, action: 'version.rolled_back', surveyId, version: version.version, comment: version.comment });
    return version;
  }

  async diff(surveyId: string, from: number, to: number | 'draft'): Promise<string> {
    const a = await this.version(surveyId, from);
    const b = to === 'draft' ? await this.store.getDraft(surveyId) : await this.version(surveyId, to);
    if (!b) throw new SatisfyError('NO_DRAFT', `Survey "${surveyId}" has no draft`);
    return createTwoFilesPatch(`${surveyId} v${from}`, to === 'draft' ? `${surveyId} draft` : `${surveyId} v${to}`, a.source, b.source, undefined, undefined, { context: 3 });
  }

  async export(surveyId: string): Promise<{ surveyId: string; publishedVersion: number | null; versions: ScriptVersion[]; draft: ScriptDraft | null }> {
    const [versions, published, draft] = await Promise.all([this.store.versions(surveyId), this.store.published(surveyId), this.store.getDraft(surveyId)]);
    if (!versions.length && !draft) throw notFound(surveyId);
    return { surveyId, publishedVersion: published ?? null, versions, draft: draft ?? null };
  }

  auditLog(surveyId: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.audit.list({ ...(surveyId ? { surveyId } : {}), limit });
  }

  /** Records versions imported from dialogs/ at start. */
  async imported(versions: readonly ScriptVersion[]): Promise<void> {
    for (const v of versions) await this.log({ actor: v.author, action: 'version.imported', surveyId: v.surveyId, version: v.version, comment: v.comment });
  }

  /**
   * One turn of a draft through the real engine, in any of its locales. Nothing is stored: the
   * caller keeps the session and sends it back with the next input.
   */
  preview(source: string, input: TurnInput, session?: unknown): PreviewResult {
    const result = parseScriptYaml(source, this.catalog, 0);
    if (!result.ok) throw new ScriptInvalidError(result.problems);
    if (input.type !== 'start' && !isSession(session)) throw new SatisfyError('BAD_REQUEST', 'Send the session from the previous preview answer (or start again).');
    try {
      return runTurn(result.script, input.type === 'start' ? undefined : (session as Session), input, { ...this.engine, handoff: false });
    } catch {
      throw new SatisfyError('BAD_REQUEST', 'That session does not fit this draft any more; start the preview again.');
    }
  }

  private async addChecked(surveyId: string, source: string, actor: string, comment: string): Promise<ScriptVersion> {
    const result = parseScriptYaml(source, this.catalog, 0);
    if (!result.ok) throw new ScriptInvalidError(result.problems);
    if (result.script.id !== surveyId) throw new SatisfyError('BAD_REQUEST', `The script says id: ${result.script.id}, but this is survey "${surveyId}"`);
    const version = await this.store.add({ surveyId, source, createdAt: this.now(), author: actor, comment: comment.slice(0, 500) });
    await this.store.publish(surveyId, version.version);
    return version;
  }

  private async log(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.audit.append({ at: this.now(), ...entry });
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function checkSurveyId(surveyId: string): void {
  if (!SURVEY_ID.test(surveyId)) throw new SatisfyError('BAD_REQUEST', `"${surveyId}" is not a survey id (letters, digits, _ and -)`);
}

function notFound(surveyId: string): SatisfyError {
  return new SatisfyError('SURVEY_NOT_FOUND', `No survey "${surveyId}"`);
}

/** The title in the script's default locale, read leniently for the list. */
function titleOf(source: string): string | undefined {
  const data = scriptData(source) as { title?: unknown; defaultLocale?: unknown } | undefined;
  const title = data?.title;
  if (typeof title === 'string') return title;
  if (typeof title !== 'object' || title === null) return undefined;
  const byLocale = title as Record<string, unknown>;
  const text = byLocale[typeof data?.defaultLocale === 'string' ? data.defaultLocale : 'en'] ?? Object.values(byLocale)[0];
  return typeof text === 'string' ? text : undefined;
}

/** Every locale's title (none for a plain-text or shared-key title), read leniently. */
function titlesOf(source: string): Record<string, string> {
  const title = (scriptData(source) as { title?: unknown } | undefined)?.title;
  if (typeof title !== 'object' || title === null) return {};
  return Object.fromEntries(Object.entries(title as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Session>;
  return s.v === 1 && typeof s.responseId === 'string' && typeof s.locale === 'string' && typeof s.answers === 'object' && Array.isArray(s.raised);
}
