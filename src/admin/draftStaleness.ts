import type { DraftStale } from './adminTypes.js';

/**
 * Whether a saved draft no longer applies: a version was published after the draft was started
 * (publishing the draft would quietly undo that version's changes), or the draft says exactly
 * what is live (nothing left to publish). Either way the page offers to discard it. Equal text
 * wins: such a draft is harmless to drop whatever it was started from.
 */
export function draftStaleness(
  draft: { source: string; baseVersion?: number | undefined },
  published: { version: number; source: string } | undefined,
): DraftStale | undefined {
  if (!published) return undefined;
  if (draft.source === published.source) return { reason: 'published', publishedVersion: published.version };
  const base = draft.baseVersion ?? null;
  if (base === null || base < published.version) return { reason: 'behind', baseVersion: base, publishedVersion: published.version };
  return undefined;
}
