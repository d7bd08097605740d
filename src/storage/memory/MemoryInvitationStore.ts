import { NO_CONTACT, type ContactRecord } from '../../core/distribution/contactRules.js';
import type { InvitationRecord, RefusedInvitation } from '../../core/distribution/invitation.js';
import type { InvitationCommit, InvitationStore } from '../../core/ports.js';
import { copyJson } from './copyJson.js';

const MAX_REFUSALS = 1000;

/** Invitations in process memory (lost on restart): the laptop default. */
export class MemoryInvitationStore implements InvitationStore {
  private readonly contacts = new Map<string, ContactRecord>();
  private readonly invitations = new Map<string, InvitationRecord>();
  private readonly idempotency = new Map<string, string>();
  private refused: RefusedInvitation[] = [];

  async contact(customerId: string): Promise<ContactRecord> {
    return copyJson(this.contacts.get(customerId) ?? NO_CONTACT);
  }

  async commit(change: Parameters<InvitationStore['commit']>[0]): Promise<InvitationCommit> {
    const idem = change.idempotencyKey && change.invitation ? `${change.invitation.requestedBy}\u0000${change.idempotencyKey}` : undefined;
    const existing = idem ? this.idempotency.get(idem) : undefined;
    if (existing) return { ok: false, existing };
    if ((this.contacts.get(change.customerId)?.version ?? 0) !== change.expected) return { ok: false, conflict: true };
    this.contacts.set(change.customerId, copyJson(change.contact));
    if (change.invitation) {
      this.invitations.set(change.invitation.id, copyJson(change.invitation));
      if (idem) this.idempotency.set(idem, change.invitation.id);
    }
    return { ok: true };
  }

  async save(invitation: InvitationRecord): Promise<void> {
    this.invitations.set(invitation.id, copyJson(invitation));
  }

  async get(id: string): Promise<InvitationRecord | undefined> {
    const found = this.invitations.get(id);
    return found && copyJson(found);
  }

  async ofCustomer(customerId: string, limit: number): Promise<InvitationRecord[]> {
    return this.newest([...this.invitations.values()].filter((i) => i.customer.id === customerId), limit);
  }

  async recent(limit: number, before?: number): Promise<InvitationRecord[]> {
    return this.newest([...this.invitations.values()].filter((i) => before === undefined || Date.parse(i.createdAt) < before), limit);
  }

  private newest(list: InvitationRecord[], limit: number): InvitationRecord[] {
    return list
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((i) => copyJson(i));
  }

  async refuse(refusal: RefusedInvitation): Promise<void> {
    this.refused = [refusal, ...this.refused].slice(0, MAX_REFUSALS);
  }

  async refusals(limit: number): Promise<RefusedInvitation[]> {
    return this.refused.slice(0, limit);
  }

  async forgetCustomer(customerId: string): Promise<void> {
    for (const [id, inv] of this.invitations) if (inv.customer.id === customerId) this.invitations.delete(id);
    this.refused = this.refused.filter((r) => r.customerId !== customerId);
    const contact = this.contacts.get(customerId);
    if (contact?.optedOut) this.contacts.set(customerId, { version: contact.version + 1, open: {}, optedOut: { at: contact.optedOut.at, via: 'erased' } });
    else this.contacts.delete(customerId);
  }
}
