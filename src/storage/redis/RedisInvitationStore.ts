import { NO_CONTACT, type ContactRecord } from '../../core/distribution/contactRules.js';
import type { InvitationRecord, RefusedInvitation } from '../../core/distribution/invitation.js';
import type { InvitationCommit, InvitationStore } from '../../core/ports.js';
import { lua, type RedisConnection } from './RedisConnection.js';
import type { RedisKeys } from './RedisKeys.js';

const MAX_REFUSALS = 1000;

/**
 * KEYS: contact, idempotency hash, invitation, customer index, recent index. ARGV: expected
 * version, contact JSON, contact TTL ms ('' = none: an opt-out is kept), invitation JSON (''
 * = none), invitation TTL ms, idempotency field ('' = none), invitation id, created-at score.
 */
const COMMIT = lua(`
if ARGV[6] ~= '' then
  local existing = redis.call('HGET', KEYS[2], ARGV[6])
  if existing then return { 'existing', existing } end
end
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = cjson.decode(current).version end
if tostring(version) ~= ARGV[1] then return { 'conflict' } end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[8], ARGV[7])
  redis.call('PEXPIRE', KEYS[4], ARGV[5])
  redis.call('ZADD', KEYS[5], ARGV[8], ARGV[7])
  if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], ARGV[6], ARGV[7]) end
end
return { 'ok' }
`);

/** KEYS: an index; ARGV: max score (exclusive bound as "(n" or "+inf"), limit, invitation key prefix. */
const NEWEST = lua(`
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[2])
local out = {}
local gone = {}
for _, id in ipairs(ids) do
  local json = redis.call('GET', ARGV[3] .. id)
  if json then out[#out + 1] = json else gone[#gone + 1] = id end
end
-- Expired invitations leave their index entries behind: drop them as they are met.
if #gone > 0 then redis.call('ZREM', KEYS[1], unpack(gone)) end
return out
`);

/** Invitations in Redis, every key in the {dist} slot; records expire with the response retention. */
export class RedisInvitationStore implements InvitationStore {
  private readonly base: string;

  constructor(
    private readonly redis: RedisConnection,
    keys: RedisKeys,
    private readonly retentionMs: number,
  ) {
    this.base = keys.distribution();
  }

  private contactKey = (customerId: string) => `${this.base}:contact:${customerId}`;
  private invitationKey = (id: string) => `${this.base}:inv:${id}`;
  private customerIndex = (customerId: string) => `${this.base}:cust:${customerId}`;
  private get recentIndex() {
    return `${this.base}:recent`;
  }

  async contact(customerId: string): Promise<ContactRecord> {
    const json = await this.redis.get(this.contactKey(customerId));
    return json ? (JSON.parse(json) as ContactRecord) : structuredClone(NO_CONTACT);
  }

  async commit(change: Parameters<InvitationStore['commit']>[0]): Promise<InvitationCommit> {
    const inv = change.invitation;
    const ttl = String(this.retentionMs);
    const reply = (await this.redis.run(
      COMMIT,
      [this.contactKey(change.customerId), `${this.base}:idem`, inv ? this.invitationKey(inv.id) : `${this.base}:inv:`, this.customerIndex(change.customerId), this.recentIndex],
      [
        String(change.expected),
        JSON.stringify(change.contact),
        change.contact.optedOut ? '' : ttl,
        inv ? JSON.stringify(inv) : '',
        ttl,
        inv && change.idempotencyKey ? `${inv.requestedBy}\u0000${change.idempotencyKey}` : '',
        inv?.id ?? '',
        inv ? String(Date.parse(inv.createdAt)) : '0',
      ],
    )) as string[];
    if (reply[0] === 'existing') return { ok: false, existing: reply[1]! };
    if (reply[0] === 'conflict') return { ok: false, conflict: true };
    return { ok: true };
  }

  async save(invitation: InvitationRecord): Promise<void> {
    await this.redis.setPx(this.invitationKey(invitation.id), JSON.stringify(invitation), this.retentionMs);
  }

  async get(id: string): Promise<InvitationRecord | undefined> {
    const json = await this.redis.get(this.invitationKey(id));
    return json ? (JSON.parse(json) as InvitationRecord) : undefined;
  }

  async ofCustomer(customerId: string, limit: number): Promise<InvitationRecord[]> {
    return this.newest(this.customerIndex(customerId), limit);
  }

  async recent(limit: number, before?: number): Promise<InvitationRecord[]> {
    return this.newest(this.recentIndex, limit, before);
  }

  private async newest(index: string, limit: number, before?: number): Promise<InvitationRecord[]> {
    const list = (await this.redis.run(NEWEST, [index], [before === undefined ? '+inf' : `(${before}`, String(limit), `${this.base}:inv:`])) as string[];
    return list.map((json) => JSON.parse(json) as InvitationRecord);
  }

  async refuse(refusal: RefusedInvitation): Promise<void> {
    await this.redis.lPushCapped(`${this.base}:refused`, JSON.stringify(refusal), MAX_REFUSALS);
  }

  async refusals(limit: number): Promise<RefusedInvitation[]> {
    return (await this.redis.lRange(`${this.base}:refused`, 0, limit - 1)).map((json) => JSON.parse(json) as RefusedInvitation);
  }

  async forgetCustomer(customerId: string): Promise<void> {
    const invitations = await this.ofCustomer(customerId, 10_000);
    await this.redis.del([...invitations.map((i) => this.invitationKey(i.id)), this.customerIndex(customerId)]);
    const contact = await this.contact(customerId);
    // Forgetting who opted out would invite them again: the flag stays, nothing else.
    if (contact.optedOut) await this.redis.set(this.contactKey(customerId), JSON.stringify({ version: contact.version + 1, open: {}, optedOut: { at: contact.optedOut.at, via: 'erased' } }));
    else await this.redis.del1(this.contactKey(customerId));
    // Refusals name the customer too; they are few (capped), so they are filtered in place.
    const refusals = await this.refusals(MAX_REFUSALS);
    if (refusals.some((r) => r.customerId === customerId)) {
      await this.redis.del1(`${this.base}:refused`);
      for (const r of refusals.filter((x) => x.customerId !== customerId).reverse()) await this.refuse(r);
    }
  }
}
