/** Ids sort in order within a conversation, and carry the watermark after them (both logs;
 * RedisActivityLog's script writes the same format). */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
