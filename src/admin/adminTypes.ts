/**
 * What the admin API answers (src/admin/adminRoutes.ts): plain types, shared with the staff
 * app's surveys page (web/staff), which imports them as types only.
 */
import type { SurveyEvent } from '../core/events.js';
import type { Output } from '../core/outputs.js';
import type { ScriptDraft, ScriptVersion } from '../core/ports.js';
import type { Problem } from '../core/problem.js';
import type { Session } from '../core/session.js';
import type { LocaleCoverage } from './localeCoverage.js';

export interface Validation {
  ok: boolean;
  /** The id the script declares, when it can be read. */
  surveyId?: string;
  problems: Problem[];
  coverage: LocaleCoverage;
}

/**
 * Why a saved draft may no longer apply (src/admin/draftStaleness.ts): `behind`, a version was
 * published after it was started (`baseVersion` null: before anything was published);
 * `published`, its text is what is live.
 */
export type DraftStale = { reason: 'behind'; baseVersion: number | null; publishedVersion: number } | { reason: 'published'; publishedVersion: number };

/** What the list and the draft answer say of a saved draft, besides its text. */
export type DraftSummary = Omit<ScriptDraft, 'source' | 'surveyId'> & { stale?: DraftStale };

export interface SurveySummary {
  id: string;
  /** In the script's default locale. */
  title: string;
  /** By locale, as the script writes them, so the staff app shows the one in its own language. */
  titles: Record<string, string>;
  publishedVersion: number | null;
  latestVersion: number | null;
  draft: DraftSummary | null;
}

/** A row of a survey's version history (the text is fetched on its own). */
export type VersionSummary = Omit<ScriptVersion, 'source'> & { published: boolean };

export interface PreviewResult {
  session: Session;
  outputs: Output[];
  events: SurveyEvent[];
}
