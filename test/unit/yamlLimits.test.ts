import { describe, expect, it } from 'vitest';
import { countYamlValues, MAX_MAP_KEYS, MAX_YAML_VALUES, parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';
import { catalog } from '../support/scripts.js';

const HEAD = 'id: big\ntitle: { en: Big }\ndefaultLocale: en\nlocales: [en]\n';
const manyKeys = (n: number) => `${HEAD}${Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n')}\n`;

// Issue 12 item 8: a 20,000-key YAML took 7.4 s to validate (the yaml library's duplicate-key
// check is quadratic). Counts, not timings: bench figures are in bench/README.md.
describe('YAML size limits', () => {
  it('refuses a 20,000-key script before building it, naming the limit', () => {
    const result = parseScriptYaml(manyKeys(20_000), catalog, 1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ code: 'YAML', message: expect.stringContaining(`more than ${MAX_YAML_VALUES}`) })]);
  });

  it('stops counting just past the limit, so a huge file is not walked to its end', () => {
    expect(countYamlValues(manyKeys(20_000), MAX_YAML_VALUES)).toBe(MAX_YAML_VALUES + 1);
    expect(countYamlValues(manyKeys(10), MAX_YAML_VALUES)).toBe(9 + 20);
  });

  it('refuses one mapping with more keys than a survey needs, with its line', () => {
    const result = parseScriptYaml(manyKeys(MAX_MAP_KEYS + 10), catalog, 1);
    expect(!result.ok && result.problems[0]).toEqual(expect.objectContaining({ code: 'YAML', message: `a mapping has more than ${MAX_MAP_KEYS} keys`, line: 1 }));
  });

  it('still finds a key given twice, on its line', () => {
    const result = parseScriptYaml(`${HEAD}questions: []\nid: again\n`, catalog, 1);
    expect(!result.ok && result.problems[0]).toEqual(expect.objectContaining({ code: 'YAML', message: 'the key "id" is given twice in one mapping', line: 6 }));
  });
});
