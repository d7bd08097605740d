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

export interface SurveySummary {
  id: string;
  title: string;
  publishedVersion: number | null;
  latestVersion: number | null;
  draft: Omit<ScriptDraft, 'source' | 'surveyId'> | null;
}

/** A row of a survey's version history (the text is fetched on its own). */
export type VersionSummary = Omit<ScriptVersion, 'source'> & { published: boolean };

export interface PreviewResult {
  session: Session;
  outputs: Output[];
  events: SurveyEvent[];
}
