import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NO_CONTACT, withInvitation, withOptOut } from '../../src/core/distribution/contactRules.js';
import type { InvitationRecord } from '../../src/core/distribution/invitation.js';
import type { InvitationStore } from '../../src/core/ports.js';

/** The rules every invitation store keeps (memory, Redis, Redis Cluster). */
export function invitationStoreContract(name: string, make: () => Promise<InvitationStore> | InvitationStore): void {
  describe(`InvitationStore contract: ${name}`, () => {
    const record = (customerId: string, at: string, over: Partial<InvitationRecord> = {}): InvitationRecord => ({
      id: randomUUID(),
      surveyId: 'post-purchase',
      channel: 'email',
      customer: { id: customerId, email: 'a@example.com' },
      order: { id: 'o1' },
      locale: 'en',
      status: 'scheduled',
      createdAt: at,
      sendAt: at,
      expiresAt: '2027-01-01T00:00:00.000Z',
      reminders: { sent: 0, max: 1 },
      history: [{ at, status: 'scheduled' }],
      requestedBy: 'key:abc',
      ...over,
    });

    it('writes an invitation with the contact record only at the version it was decided on', async () => {
      const store = await make();
      const c = `c-${randomUUID()}`;
      const contact = await store.contact(c);
      expect(contact).toEqual(NO_CONTACT);
      const first = record(c, '2026-12-01T10:00:00.000Z');
      expect(await store.commit({ customerId: c, expected: 0, contact: withInvitation(contact, 'post-purchase', first.id, 1), invitation: first })).toEqual({ ok: true });
      // Another instance decided on the same old version: it must read and decide again.
      const second = record(c, '2026-12-01T10:00:01.000Z');
      expect(await store.commit({ customerId: c, expected: 0, contact: withInvitation(contact, 'post-purchase', second.id, 2), invitation: second })).toEqual({ ok: false, conflict: true });
      expect((await store.contact(c)).open).toEqual({ 'post-purchase': first.id });
      expect((await store.ofCustomer(c, 10)).map((i) => i.id)).toEqual([first.id]);
    });

    it('answers a used idempotency key with its invitation, per requester', async () => {
      const store = await make();
      const c = `c-${randomUUID()}`;
      const first = record(c, '2026-12-01T10:00:00.000Z');
      await store.commit({ customerId: c, expected: 0, contact: withInvitation(NO_CONTACT, 's', first.id, 1), invitation: first, idempotencyKey: 'order-1' });
      const again = record(c, '2026-12-01T10:00:05.000Z');
      expect(await store.commit({ customerId: c, expected: 1, contact: withInvitation(NO_CONTACT, 's2', again.id, 2), invitation: again, idempotencyKey: 'order-1' })).toEqual({ ok: false, existing: first.id });
      const other = record(c, '2026-12-01T10:00:06.000Z', { requestedBy: 'key:other' });
      expect(await store.commit({ customerId: c, expected: 1, contact: { ...withInvitation(NO_CONTACT, 's2', other.id, 2), version: 2 }, invitation: other, idempotencyKey: 'order-1' })).toEqual({ ok: true });
    });

    it('lists newest first, keeps status changes, pages by time, and keeps refusals newest first', async () => {
      const store = await make();
      const c = `c-${randomUUID()}`;
      const a = record(c, '2026-12-01T10:00:00.000Z');
      const b = record(c, '2026-12-02T10:00:00.000Z');
      await store.commit({ customerId: c, expected: 0, contact: withInvitation(NO_CONTACT, 's', a.id, 1), invitation: a });
      await store.commit({ customerId: c, expected: 1, contact: { ...withInvitation(NO_CONTACT, 's', b.id, 2), version: 2 }, invitation: b });
      await store.save({ ...a, status: 'sent' });
      expect((await store.ofCustomer(c, 10)).map((i) => [i.id, i.status])).toEqual([[b.id, 'scheduled'], [a.id, 'sent']]);
      expect((await store.recent(1000, Date.parse('2026-12-02T00:00:00.000Z'))).some((i) => i.id === b.id)).toBe(false);
      expect(await store.get('no-such-id')).toBeUndefined();
      await store.refuse({ at: '2026-12-01T00:00:00.000Z', surveyId: 's', channel: 'link', customerId: c, reason: 'COOLDOWN', requestedBy: 'key:abc' });
      await store.refuse({ at: '2026-12-01T00:00:01.000Z', surveyId: 's', channel: 'link', customerId: c, reason: 'DUPLICATE', requestedBy: 'key:abc' });
      expect((await store.refusals(1000)).filter((r) => r.customerId === c).map((r) => r.reason)).toEqual(['DUPLICATE', 'COOLDOWN']);
    });

    it('erases a customer but remembers that they opted out', async () => {
      const store = await make();
      const c = `c-${randomUUID()}`;
      const a = record(c, '2026-12-01T10:00:00.000Z');
      await store.commit({ customerId: c, expected: 0, contact: withInvitation(NO_CONTACT, 's', a.id, 1), invitation: a });
      await store.commit({ customerId: c, expected: 1, contact: withOptOut(withInvitation(NO_CONTACT, 's', a.id, 1), '2026-12-01T11:00:00.000Z', 'email') });
      await store.refuse({ at: '2026-12-01T12:00:00.000Z', surveyId: 's', channel: 'link', customerId: c, reason: 'OPTED_OUT', requestedBy: 'key:abc' });
      await store.forgetCustomer(c);
      expect(await store.get(a.id)).toBeUndefined();
      expect(await store.ofCustomer(c, 10)).toEqual([]);
      expect((await store.refusals(1000)).some((r) => r.customerId === c)).toBe(false);
      const left = await store.contact(c);
      expect(left.optedOut).toBeDefined();
      expect(left.open).toEqual({});
      expect(left.lastInvitedAt).toBeUndefined();
    });
    it('keeps what it stores apart from what callers hold, given or read', async () => {
      const store = await make();
      const c = `c-${randomUUID()}`;
      const untouched = await store.contact(c);
      untouched.open['post-purchase'] = 'mutated';
      expect(await store.contact(c)).toEqual(NO_CONTACT);
      const invitation = record(c, '2026-12-01T10:00:00.000Z');
      const contact = withInvitation(NO_CONTACT, 'post-purchase', invitation.id, 1);
      expect(await store.commit({ customerId: c, expected: 0, contact, invitation })).toEqual({ ok: true });
      contact.open['other'] = 'mutated';
      invitation.history.push({ at: 'later', status: 'sent' });
      const got = (await store.get(invitation.id))!;
      got.history.length = 0;
      const listed = (await store.ofCustomer(c, 10))[0]!;
      listed.customer.id = 'someone else';
      expect((await store.contact(c)).open).toEqual({ 'post-purchase': invitation.id });
      expect((await store.get(invitation.id))?.history).toEqual([{ at: '2026-12-01T10:00:00.000Z', status: 'scheduled' }]);
      expect((await store.ofCustomer(c, 10)).map((i) => i.customer.id)).toEqual([c]);
    });
  });
}
