import { describe, expect, it } from 'vitest';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { fromTemplate, TEMPLATE_IDS } from '../../../web/staff/surveys/surveyTemplates.js';
import { catalog } from '../../support/scripts.js';

/** The templates of "New from template": each compiles with the server's compiler, in every staff language. */
describe('survey templates', () => {
  it.each(TEMPLATE_IDS)('%s validates, takes the new id and speaks en, es and zh-CN with nothing missing', (template) => {
    const result = parseScriptYaml(fromTemplate(template, 'my-survey'), catalog, 1);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.script.id).toBe('my-survey');
    expect(result.script.locales).toEqual(['en', 'es', 'zh-CN']);
  });

  it('covers CSAT, NPS, CES and Kano', () => {
    const kinds = TEMPLATE_IDS.map((t) => {
      const r = parseScriptYaml(fromTemplate(t, 'x'), catalog, 1);
      return r.ok ? r.script.questions.map((q) => (q.type === 'rating' ? q.rating?.preset ?? 'rating' : q.type)) : [];
    });
    expect(kinds.flat()).toEqual(expect.arrayContaining(['csat', 'nps', 'ces', 'kano']));
  });
});
