import { describe, expect, it } from 'vitest';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { diffLineKind, SURVEY_ID, surveyTemplate, titleFromId } from '../../../web/staff/surveys/template.js';
import { catalog } from '../../support/scripts.js';

describe('a new survey’s template', () => {
  it('is a script that validates, with the id asked for', () => {
    const result = parseScriptYaml(surveyTemplate('after-support'), catalog, 1);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.script.id).toBe('after-support');
  });

  it('takes ids the server takes', () => {
    expect(['a', 'after-support', 'x_1', 'A'.repeat(64)].every((id) => SURVEY_ID.test(id))).toBe(true);
    expect(['', 'has space', 'a/b', 'A'.repeat(65), 'é'].some((id) => SURVEY_ID.test(id))).toBe(false);
    expect(titleFromId('after_support-2')).toBe('After support 2');
  });
});

describe('diff lines', () => {
  it.each([
    ['--- version 1', 'd-meta'],
    ['+++ version 2', 'd-meta'],
    ['Index: post-purchase', 'd-meta'],
    ['===================================================================', 'd-meta'],
    ['\\ No newline at end of file', 'd-meta'],
    ['@@ -1,3 +1,3 @@', 'd-hunk'],
    ['+      en: New', 'd-add'],
    ['-      en: Old', 'd-del'],
    ['       en: Same', 'd-ctx'],
    ['', 'd-ctx'],
  ])('%j is %s', (line, kind) => {
    expect(diffLineKind(line)).toBe(kind);
  });
});
