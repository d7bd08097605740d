import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/core/ports.js';

export function auditLogContract(name: string, make: () => Promise<AuditLog> | AuditLog): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('lists entries newest first, per survey or all, up to a limit', async () => {
      const log = await make();
      const at = (m: number) => `2026-11-23T10:0${m}:00.000Z`;
      await log.append({ at: at(1), actor: 'file', action: 'version.imported', surveyId: 'a', version: 1, comment: 'imported' });
      await log.append({ at: at(2), actor: 'root', action: 'draft.saved', surveyId: 'b' });
      await log.append({ at: at(3), actor: 'root', action: 'version.published', surveyId: 'a', version: 2, comment: 'ünïcode ✓' });
      expect((await log.list({ limit: 10 })).map((e) => e.at)).toEqual([at(3), at(2), at(1)]);
      expect(await log.list({ surveyId: 'a', limit: 10 })).toEqual([
        { at: at(3), actor: 'root', action: 'version.published', surveyId: 'a', version: 2, comment: 'ünïcode ✓' },
        { at: at(1), actor: 'file', action: 'version.imported', surveyId: 'a', version: 1, comment: 'imported' },
      ]);
      expect(await log.list({ limit: 1 })).toHaveLength(1);
      expect(await log.list({ surveyId: 'none', limit: 10 })).toEqual([]);
    });
  });
}
