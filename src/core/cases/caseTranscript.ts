import type { EscalationCase, TranscriptEntry } from '../cases.js';

/** Longest message an agent or customer line keeps on a case (the rest is cut, and says so). */
export const MAX_ENTRY_CHARS = 4000;
/** Entries kept per case; the oldest handoff lines go first. */
export const MAX_TRANSCRIPT = 500;

/** Cuts a line to MAX_ENTRY_CHARS; cutting an already cut line changes nothing. */
export function clip(text: string): string {
  return text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)} […]` : text;
}

export function capped(transcript: TranscriptEntry[]): TranscriptEntry[] {
  return transcript.length > MAX_TRANSCRIPT ? transcript.slice(-MAX_TRANSCRIPT) : transcript;
}

/** The lines already on the case (the conversation as it happened), then any survey line it
 * lacks (by id): the case's transcript only grows. */
export function mergeTranscript(survey: TranscriptEntry[], existing: TranscriptEntry[]): TranscriptEntry[] {
  const known = new Set(existing.flatMap((e) => (e.id ? [e.id] : [])));
  return capped([...existing, ...survey.filter((e) => e.id && !known.has(e.id))]);
}

/**
 * Adds the lines the case does not have yet (by id; a line without an id is always new), cut to
 * size: a replayed turn adds nothing. The same case object back when nothing is new.
 */
export function appendEntries(c: EscalationCase, entries: readonly TranscriptEntry[]): EscalationCase {
  const known = new Set(c.transcript.flatMap((e) => (e.id ? [e.id] : [])));
  const fresh = entries.filter((e) => !e.id || !known.has(e.id)).map((e) => ({ ...e, text: clip(e.text) }));
  return fresh.length ? { ...c, transcript: capped([...c.transcript, ...fresh]), updatedAt: fresh.at(-1)!.at } : c;
}
