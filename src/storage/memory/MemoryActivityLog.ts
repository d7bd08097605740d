import { EventEmitter } from 'node:events';
import type { ActivityLog, ActivityPage, ChatConversation, ChatSignal, LoggedActivity } from '../../core/ports.js';
import { conversationFull } from '../conversationFull.js';

interface Entry {
  conversation: ChatConversation;
  activities: LoggedActivity[];
  byClientId: Map<string, LoggedActivity>;
}

/** Web chat activity logs in process memory (the laptop default; TTLs are not enforced). */
export class MemoryActivityLog implements ActivityLog {
  private readonly conversations = new Map<string, Entry>();
  private readonly events = new EventEmitter().setMaxListeners(0);

  async createConversation(conversation: ChatConversation): Promise<void> {
    if (!this.conversations.has(conversation.id)) {
      this.conversations.set(conversation.id, { conversation: { ...conversation }, activities: [], byClientId: new Map() });
    }
  }

  async getConversation(id: string): Promise<ChatConversation | undefined> {
    const entry = this.conversations.get(id);
    return entry && { ...entry.conversation };
  }

  async append(conversationId: string, activity: Record<string, unknown>, options: { clientActivityId?: string; maxActivities?: number }) {
    const entry = this.conversations.get(conversationId);
    if (!entry) throw new Error(`No conversation ${conversationId}`);
    const earlier = options.clientActivityId ? entry.byClientId.get(options.clientActivityId) : undefined;
    if (earlier) return { activity: structuredClone(earlier), duplicate: true };
    if (options.maxActivities !== undefined && entry.activities.length >= options.maxActivities) throw conversationFull(options.maxActivities);
    const seq = entry.activities.length + 1;
    const stored: LoggedActivity = { ...structuredClone(activity), id: activityId(conversationId, seq) };
    entry.activities.push(stored);
    if (options.clientActivityId) entry.byClientId.set(options.clientActivityId, stored);
    this.events.emit(conversationId);
    return { activity: structuredClone(stored), duplicate: false };
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

  async subscribe(conversationId: string, listener: (signal?: ChatSignal) => void): Promise<() => Promise<void>> {
    this.events.on(conversationId, listener);
    return async () => {
      this.events.off(conversationId, listener);
    };
  }
}

/** Ids sort in order within a conversation, and carry the watermark after them. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
