import type { CannedReply } from '../core/cases/cannedReply.js';
import type { CannedReplyStore, StoredCannedReply } from '../core/ports.js';
import { MAX_REPLIES } from './cannedReplies.js';

/** A canned reply as admins see it on the editor (GET /console/api/canned-replies/manage). */
export interface CannedReplyView extends CannedReply {
  /** What a change must name (PUT/DELETE `version`): 0 for the file's reply never changed. */
  version: number;
  /** file: as in CANNED_REPLIES_FILE; edited: the file's, changed in the app; added: made in the app. */
  source: 'file' | 'edited' | 'added';
  /** A file reply deleted in the app: hidden from agents, and may be restored. */
  deleted?: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

export type CannedOutcome =
  | { ok: true; reply: CannedReplyView }
  | { ok: false; why: 'not_found' | 'exists' | 'too_many' | 'not_from_file' }
  | { ok: false; why: 'changed'; version: number };

type Body = Pick<CannedReply, 'title' | 'text'>;

/**
 * The canned replies agents pick from: the file's (CANNED_REPLIES_FILE, the default) with the
 * admins' changes from the store over them. An admin's change replaces the file's reply of that
 * id (or hides it, deleted); a reply added in the app comes after the file's. Every change names
 * the version it was made from, so two admins editing one reply cannot overwrite each other
 * unseen; the loser is told and nothing is lost.
 */
export class CannedReplyLibrary {
  constructor(
    private readonly file: readonly CannedReply[],
    private readonly store: CannedReplyStore,
    private readonly now: () => number,
  ) {}

  /** What agents pick from: deleted ones left out. */
  async current(): Promise<CannedReply[]> {
    return (await this.all()).filter((r) => !r.deleted).map(({ id, title, text }) => ({ id, title, text }));
  }

  /** What admins edit: the deleted file replies too (to restore them). */
  async all(): Promise<CannedReplyView[]> {
    const stored = await this.store.list();
    const byId = new Map(stored.map((r) => [r.id, r]));
    const fromFile = this.file.map((f) => {
      const s = byId.get(f.id);
      return s ? view(s, 'edited') : { ...f, version: 0, source: 'file' as const };
    });
    const fileIds = new Set(this.file.map((f) => f.id));
    // A reply added and then deleted in the app is simply gone.
    const added = stored.filter((s) => !fileIds.has(s.id) && !s.deleted).map((s) => view(s, 'added'));
    return [...fromFile, ...added];
  }

  async create(id: string, body: Body, by: string): Promise<CannedOutcome> {
    const all = await this.all();
    const same = all.find((r) => r.id === id);
    if (same && !same.deleted) return { ok: false, why: 'exists' };
    if (all.filter((r) => !r.deleted).length >= MAX_REPLIES) return { ok: false, why: 'too_many' };
    // A deleted file reply of that id comes back with the new text; a deleted added one is gone
    // from the list but its entry may still be stored (version > 0).
    const version = same?.version ?? (await this.storedVersion(id));
    return this.write(id, body, by, version, false);
  }

  async update(id: string, body: Body, version: number, by: string): Promise<CannedOutcome> {
    const found = (await this.all()).find((r) => r.id === id && !r.deleted);
    if (!found) return { ok: false, why: 'not_found' };
    return this.write(id, body, by, version, false);
  }

  async delete(id: string, version: number, by: string): Promise<CannedOutcome> {
    const found = (await this.all()).find((r) => r.id === id && !r.deleted);
    if (!found) return { ok: false, why: 'not_found' };
    return this.write(id, found, by, version, true);
  }

  /** The file's reply of this id as the file has it, the app's changes dropped. */
  async restore(id: string): Promise<CannedOutcome> {
    const original = this.file.find((f) => f.id === id);
    if (!original) return { ok: false, why: 'not_from_file' };
    await this.store.remove(id);
    return { ok: true, reply: { ...original, version: 0, source: 'file' } };
  }

  private async write(id: string, body: Body, by: string, expected: number, deleted: boolean): Promise<CannedOutcome> {
    const entry: Omit<StoredCannedReply, 'version'> = { id, title: body.title, text: body.text, updatedAt: new Date(this.now()).toISOString(), updatedBy: by, ...(deleted ? { deleted: true } : {}) };
    const done = await this.store.put(entry, expected);
    if (!done.ok) return { ok: false, why: 'changed', version: done.version };
    return { ok: true, reply: view(done.reply, this.file.some((f) => f.id === id) ? 'edited' : 'added') };
  }

  private async storedVersion(id: string): Promise<number> {
    return (await this.store.list()).find((s) => s.id === id)?.version ?? 0;
  }
}

function view(s: StoredCannedReply, source: CannedReplyView['source']): CannedReplyView {
  return { id: s.id, title: s.title, text: s.text, version: s.version, source, updatedAt: s.updatedAt, updatedBy: s.updatedBy, ...(s.deleted ? { deleted: true } : {}) };
}
