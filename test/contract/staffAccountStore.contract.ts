import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StaffAccount, StaffAccountStore } from '../../src/core/ports.js';

export function staffAccountStoreContract(name: string, make: () => Promise<{ store: StaffAccountStore; another: () => Promise<StaffAccountStore> | StaffAccountStore }>): void {
  describe(`StaffAccountStore contract: ${name}`, () => {
    const account = (over: Partial<StaffAccount> = {}): StaffAccount => ({
      name: `ana_${randomUUID().slice(0, 8)}`,
      role: 'agent',
      passwordHash: '$2b$04$abcdefghijklmnopqrstuu5Xr0w0Ih8bE7QqZbO2R6d5Y0m6J1y9K',
      displayName: 'Ana García',
      disabled: false,
      createdAt: '2026-01-01T10:00:00.000Z',
      ...over,
    });

    it('creates an account once, reads it back as written, and lists accounts oldest first', async () => {
      const { store } = await make();
      const ana = account({ createdAt: '2026-01-02T00:00:00.000Z' });
      const bo = account({ createdAt: '2026-01-01T00:00:00.000Z', role: 'viewer', displayName: '博' });
      expect(await store.get(ana.name)).toBeUndefined();
      expect(await store.create(ana)).toBe(true);
      expect(await store.create(bo)).toBe(true);
      expect(await store.create({ ...ana, role: 'admin' })).toBe(false);
      expect(await store.get(ana.name)).toEqual(ana);
      const names = (await store.list()).map((a) => a.name);
      expect(names).toEqual([bo.name, ana.name]);
    });

    it('applies a patch to one account and keeps the rest; an unknown name changes nothing', async () => {
      const { store } = await make();
      const ana = account();
      await store.create(ana);
      const at = '2026-02-03T04:05:06.789Z';
      expect(await store.update(ana.name, { disabled: true, sessionsValidAfter: at, role: undefined })).toEqual({ ...ana, disabled: true, sessionsValidAfter: at });
      expect(await store.update(ana.name, { role: 'admin', disabled: false })).toEqual({ ...ana, role: 'admin', disabled: false, sessionsValidAfter: at });
      expect(await store.get(ana.name)).toEqual({ ...ana, role: 'admin', disabled: false, sessionsValidAfter: at });
      expect(await store.update(`nobody_${randomUUID()}`, { disabled: true })).toBeUndefined();
      expect(await store.get(`nobody_${randomUUID()}`)).toBeUndefined();
    });

    it('shows a change made through one instance to another at once, and lets concurrent patches all land', async () => {
      const { store, another } = await make();
      const other = await another();
      const ana = account();
      await store.create(ana);
      expect((await other.get(ana.name))?.role).toBe('agent');
      await Promise.all([other.update(ana.name, { role: 'viewer' }), store.update(ana.name, { disabled: true }), other.update(ana.name, { displayName: 'Ana G.' })]);
      expect(await store.get(ana.name)).toEqual({ ...ana, role: 'viewer', disabled: true, displayName: 'Ana G.' });
    });
  });
}
