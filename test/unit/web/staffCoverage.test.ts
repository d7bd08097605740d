import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { localeCoverage } from '../../../src/admin/localeCoverage.js';
import { createTranslator } from '../../../web/staff/i18n.js';
import { coverageLabel } from '../../../web/staff/surveys/coverage.js';
import { catalog, DIALOGS_DIR, ROOT } from '../../support/scripts.js';

const table = (locale: string) => JSON.parse(readFileSync(join(ROOT, 'web/staff/locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const tr = (locale: string) => createTranslator(locale, table(locale), table('en'));
const sample = parse(readFileSync(join(DIALOGS_DIR, 'post-purchase.yaml'), 'utf8')) as unknown;

describe('the language table names each text in the staff UI language', () => {
  const rows = localeCoverage(sample, catalog).rows;
  const row = (path: string) => rows.find((r) => r.path === path)!;

  it('gets from the server what each text is, not only an English label', () => {
    expect(row('title')).toMatchObject({ label: 'survey title', what: { kind: 'title' } });
    expect(row('questions[0].text').what).toEqual({ kind: 'question', question: 'csat' });
    const ending = rows.find((r) => r.what.kind === 'ending')!;
    expect(ending.what.ending).toMatch(/^\w+$/);
  });

  it('words every row in Spanish and Chinese, never in English', () => {
    expect(coverageLabel(row('title'), tr('es'))).toBe('Título de la encuesta');
    expect(coverageLabel(row('title'), tr('zh-CN'))).toBe('问卷标题');
    expect(coverageLabel(row('questions[0].text'), tr('es'))).toBe('Pregunta «csat»');
    expect(coverageLabel(row('questions[0].text'), tr('zh-CN'))).toBe('问题“csat”');
    for (const locale of ['es', 'zh-CN']) {
      const t = tr(locale);
      for (const r of rows) {
        const said = coverageLabel(r, t);
        expect(said, r.path).not.toBe(r.label);
        expect(said, r.path).not.toMatch(/^coverage\.|\{\w+\}|question |ending /);
      }
    }
  });

  it('falls back to the English label from a server that does not describe its rows', () => {
    expect(coverageLabel({ path: 'intro', label: 'intro', missing: [] } as never, tr('es'))).toBe('intro');
  });
});
