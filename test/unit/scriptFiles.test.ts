import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { surveyJsonSchema } from '../../src/scripts/surveyJsonSchema.js';
import { catalog, DIALOGS_DIR, ROOT } from '../support/scripts.js';

describe('checked-in scripts, locales and schema', () => {
  it('schemas/survey.schema.json is generated from the zod schema (run `npm run schema`)', async () => {
    expect(await readFile(`${ROOT}schemas/survey.schema.json`, 'utf8')).toBe(surveyJsonSchema());
  });

  it('every dialogs/*.yaml validates, in en, zh-CN and es', async () => {
    const dialogs = await loadDialogs(DIALOGS_DIR, catalog);
    const sample = dialogs.find((d) => d.script.id === 'post-purchase');
    expect(sample?.script.locales).toEqual(['en', 'zh-CN', 'es']);
    expect(sample?.script.questions.map((q) => [q.id, q.type, q.aspect])).toEqual([
      ['csat', 'rating', 'overall'],
      ['delivery', 'rating', 'delivery'],
      ['product_quality', 'rating', 'product_quality'],
      ['value', 'rating', 'price'],
      ['improve', 'text', undefined],
      ['nps', 'rating', undefined],
      ['detractor_reason', 'choice', undefined],
      ['contact_ok', 'yesno', undefined],
      ['liked', 'text', undefined],
    ]);
    expect(sample?.script.escalation.map((r) => r.when?.source)).toContain('csat <= 2');
    expect(sample?.script.escalation.map((r) => r.when?.source)).toContain('nps <= 6');
    const kano = dialogs.find((d) => d.script.id === 'feature-check');
    expect(kano?.script.locales).toEqual(['en', 'zh-CN', 'es']);
    expect(kano?.script.questions.map((q) => [q.id, q.type, q.required])).toEqual([
      ['gift_wrap', 'kano', false],
      ['live_tracking', 'kano', false],
    ]);
  });

  it('every locale file has every key of en.json', () => {
    const keys = Object.keys(catalog.en!).sort();
    expect(Object.keys(catalog).sort()).toEqual(['en', 'es', 'zh-CN']);
    for (const locale of Object.keys(catalog)) expect(Object.keys(catalog[locale]!).sort()).toEqual(keys);
  });
});
