import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/scripts.js';

/** The lint rules that keep the core pure are part of the architecture: check they bite. */
describe('lint boundaries', () => {
  const eslint = new ESLint({ cwd: ROOT });

  async function ruleIds(code: string, file: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
    return result!.messages.map((m) => m.ruleId ?? m.message);
  }

  it.each([
    ["import { CloudAdapter } from 'botbuilder';\nexport const x = CloudAdapter;", 'no-restricted-imports'],
    ["import express from 'express';\nexport const x = express;", 'no-restricted-imports'],
    ["import { createClient } from 'redis';\nexport const x = createClient;", 'no-restricted-imports'],
    ["import { App } from '@slack/bolt';\nexport const x = App;", 'no-restricted-imports'],
    ["import { readFile } from 'node:fs/promises';\nexport const x = readFile;", 'no-restricted-imports'],
    ["import { readFile } from 'fs';\nexport const x = readFile;", 'no-restricted-imports'],
    ['export const x = process.env.PORT;', 'no-restricted-globals'],
    ['export const x = Date.now();', 'no-restricted-syntax'],
    ['export const x = new Date();', 'no-restricted-syntax'],
    ['export const x = Math.random();', 'no-restricted-syntax'],
  ])('src/core refuses: %s', async (code, rule) => {
    expect(await ruleIds(code, 'src/core/example.ts')).toContain(rule);
  });

  it('lets src/core use pure libraries and Intl', async () => {
    expect(await ruleIds("import jsep from 'jsep';\nexport const x = [jsep, new Intl.ListFormat('en')];", 'src/core/example.ts')).toEqual([]);
  });

  it('keeps process.env to src/config.ts', async () => {
    expect(await ruleIds('export const x = process.env.PORT;', 'src/app.ts')).toContain('no-restricted-properties');
    expect(await ruleIds('export const x = process.env.PORT;', 'src/config.ts')).toEqual([]);
  });

  it('keeps the browser widget from parsing anything as HTML', async () => {
    expect(await ruleIds('el.innerHTML = text;', 'web/widget/chatView.ts')).toContain('no-restricted-properties');
    expect(await ruleIds("el.insertAdjacentHTML('beforeend', text);", 'web/widget/chatView.ts')).toContain('no-restricted-syntax');
    expect(await ruleIds('export function show(el, text) { el.textContent = text; }', 'web/widget/chatView.ts')).toEqual([]);
    // Pages take only types from the server's code: a value import would bundle Node code into a page.
    expect(await ruleIds("import { negotiateLocale } from '../../src/core/locale.js';\nexport const f = negotiateLocale;", 'web/widget/chatView.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import type { Output } from '../../src/core/outputs.js';\nexport type O = Output;", 'web/widget/chatView.ts')).toEqual([]);
  });

  it('forbids eval and new Function everywhere', async () => {
    expect(await ruleIds("export const x = eval('1');", 'src/admin/x.ts')).toContain('no-eval');
    expect(await ruleIds("export const x = new Function('return 1');", 'src/admin/x.ts')).toContain('no-new-func');
  });
});
