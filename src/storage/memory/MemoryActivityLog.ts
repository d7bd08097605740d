import { EventEmitter } from 'node:events';
import type { ActivityLog, ActivityPage, ChatAppend, ChatConversation, ChatSignal, LoggedActivity } from '../../core/ports.js';
import { activityId } from '../activityId.js';
import { conversationFull } from '../conversationFull.js';
import { noConversation } from '../noConversation.js';

interface Entry {
  conversation: ChatConversation;
  activities: LoggedActivity[];
  byClientId: Map<string, LoggedActivity>;
}

/** As Redis announces them: one JSON text, which is also the copy every listener gets. */
function announcement(activities: LoggedActivity[], watermark: number): ChatAppend {
  return { json: JSON.stringify(activities), count: activities.length, watermark };
}

/** Web chat activity logs in process memory (the laptop default; TTLs are not enforced). */
export class MemoryActivityLog implements ActivityLog {
  private readonly conversations = new Map<string, Entry>();
  private readonly events = new EventEmitter().setMaxListeners(0);

  async createConversation(conversation: ChatConversation): Promise<boolean> {
    if (this.conversations.has(conversation.id)) return false;
    this.conversations.set(conversation.id, { conversation: { ...conversation }, activities: [], byClientId: new Map() });
    return true;
  }

  async getConversation(id: string): Promise<ChatConversation | undefined> {
    const entry = this.conversations.get(id);
    return entry && { ...entry.conversation };
  }

  async append(conversationId: string, activity: Record<string, unknown>, options: { clientActivityId?: string; maxActivities?: number; announce?: boolean }) {
    const entry = this.entry(conversationId);
    const earlier = options.clientActivityId ? entry.byClientId.get(options.clientActivityId) : undefined;
    if (earlier) return { activity: structuredClone(earlier), duplicate: true };
    if (options.maxActivities !== undefined && entry.activities.length >= options.maxActivities) throw conversationFull(options.maxActivities);
    const [added] = this.add(conversationId, entry, [{ activity, ...(options.clientActivityId ? { clientActivityId: options.clientActivityId } : {}) }], options.announce === false ? 'quiet' : undefined);
    return added!;
  }

  async appendAll(conversationId: string, entries: { activity: Record<string, unknown>; clientActivityId?: string }[], options?: { announceFrom?: number }) {
    return this.add(conversationId, this.entry(conversationId), entries, options?.announceFrom);
  }

  async announce(conversationId: string, from: number): Promise<void> {
    const all = this.conversations.get(conversationId)?.activities ?? [];
    if (from >= all.length) return;
    this.events.emit(conversationId, undefined, announcement(all.slice(Math.max(0, from)), all.length));
  }

  private entry(conversationId: string): Entry {
    const entry = this.conversations.get(conversationId);
    if (!entry) throw noConversation();
    return entry;
  }

  /** Appends what is new, then announces it once, with the activities (as Redis does). */
  private add(conversationId: string, entry: Entry, entries: { activity: Record<string, unknown>; clientActivityId?: string }[], announce?: number | 'quiet') {
    const before = entry.activities.length;
    const results: { activity: LoggedActivity; duplicate: boolean }[] = [];
    const added: LoggedActivity[] = [];
    for (const { activity, clientActivityId } of entries) {
      const earlier = clientActivityId ? entry.byClientId.get(clientActivityId) : undefined;
      if (earlier) {
        results.push({ activity: structuredClone(earlier), duplicate: true });
        continue;
      }
      const stored: LoggedActivity = { ...structuredClone(activity), id: activityId(conversationId, entry.activities.length + 1) };
      entry.activities.push(stored);
      if (clientActivityId) entry.byClientId.set(clientActivityId, stored);
      added.push(stored);
      results.push({ activity: structuredClone(stored), duplicate: false });
    }
    if (added.length > 0 && announce !== 'quiet') {
      const from = announce !== undefined && announce >= 0 && announce < before ? announce : before;
      this.events.emit(conversationId, undefined, announcement(entry.activities.slice(from), entry.activities.length));
    }
    return results;
  }

  async since(conversationId: string, watermark: number, limit: number): Promise<ActivityPage> {
    const all = this.conversations.get(conversationId)?.activities ?? [];
    const activities = all.slice(watermark, watermark + limit);
    return { activities: structuredClone(activities), watermark: watermark + activities.length };
  }

  async deleteConversation(id: string): Promise<boolean> {
    return this.conversations.delete(id);
  }

  async signal(conversationId: string, signal: ChatSignal): Promise<void> {
    this.events.emit(conversationId, structuredClone(signal));
  }

  async subscribe(conversationId: string, listener: (signal?: ChatSignal, appended?: ChatAppend) => void): Promise<() => Promise<void>> {
    this.events.on(conversationId, listener);
    return async () => {
      this.events.off(conversationId, listener);
    };
  }
}
