import type { ChatAppend, LoggedActivity } from './ports.js';

/** The activities of an announcement (only a stream that sent part of them needs them). */
export function parseAppended(appended: Pick<ChatAppend, 'json'>): LoggedActivity[] {
  return JSON.parse(appended.json) as LoggedActivity[];
}
