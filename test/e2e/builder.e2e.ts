/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { fromTemplate } from '../../web/staff/surveys/surveyTemplates.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { byTestId, realErrors, signInWithToken } from './staffPage.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1440, height: 1000 };
const ES_OLD = '¿Qué tan fácil fue resolver tu problema?';
const ES_NEW = '¿Fue fácil que te ayudáramos?';

/** The survey builder in real Chromium: a survey from a template, edited on its cards, published. */
describe('the survey builder (question cards) in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const editorText = (page: Page) => page.locator('[data-testid="admin-editor"] .cm-content').innerText();
  const card = (page: Page, id: string) => page.locator(`[data-testid="builder-card"][data-question-id="${id}"]`);

  it('an admin creates a survey from a template, edits a Spanish text on a card, sees the YAML follow, and publishes', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/staff/surveys`);
    await signInWithToken(page, ADMIN_TOKEN);
    await page.locator('[data-testid="admin-survey-row"]').first().waitFor({ timeout: 10_000 });

    // 1. New survey from the CES template.
    await page.getByRole('button', { name: 'New survey' }).click();
    await byTestId(page, 'admin-new-id').fill('after-support');
    await byTestId(page, 'admin-new-template').selectOption('ces-support');
    await byTestId(page, 'admin-new-create').click();
    await card(page, 'ces').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'builder-card').count()).toBe(3);
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await editorText(page)).toContain('id: after-support');
    expect(await card(page, 'ces').locator('[data-testid="builder-text-es"]').inputValue()).toBe(ES_OLD);
    await screenshot(page, 'builder-from-template');

    // 2. The Spanish text, changed on the card, is changed in the YAML (and nothing else is).
    await card(page, 'ces').locator('[data-testid="builder-text-es"]').fill(ES_NEW);
    await expect.poll(() => editorText(page), { timeout: 5_000 }).toContain(`es: ${ES_NEW}`);
    const after = await editorText(page);
    expect(after).not.toContain(ES_OLD);
    expect(after).toContain('# 1 (very difficult) to 7 (very easy).');

    // 3. An emptied Chinese text is a problem in plain words on that card, and the preview says why it cannot run.
    const zh = card(page, 'hardest').locator('[data-testid="builder-text-zh-CN"]');
    const zhText = await zh.inputValue();
    await zh.fill('');
    await zh.blur();
    const cardProblem = card(page, 'hardest').locator('[data-testid="builder-card-problems"]');
    await cardProblem.waitFor({ timeout: 10_000 });
    expect(await cardProblem.textContent()).toContain('Question “hardest” has no Chinese');
    expect(await byTestId(page, 'admin-problem-text').first().textContent()).toContain('Question “hardest” has no Chinese');
    await expect.poll(() => byTestId(page, 'admin-preview-blocked').textContent()).toContain('The preview cannot run yet: Question “hardest” has no Chinese');
    expect(await byTestId(page, 'admin-publish').isDisabled()).toBe(true);
    await screenshot(page, 'builder-card-problem');
    await card(page, 'hardest').locator('[data-testid="builder-text-zh-CN"]').fill(zhText);
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await byTestId(page, 'admin-preview-blocked').isHidden()).toBe(true);

    // 4. Search in the YAML editor.
    await page.locator('[data-testid="admin-editor"] .cm-content').click();
    await page.keyboard.press('Control+f');
    await page.locator('[data-testid="admin-editor"] .cm-search input[name="search"]').waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');

    // 5. Publish; publishing the same text again says nothing changed.
    await byTestId(page, 'admin-publish-comment').fill('first version, Spanish reworded');
    await byTestId(page, 'admin-publish').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toMatch(/Published version 1/);
    const published = await satisfy.stores.scripts.get('after-support', 1);
    // Exactly the template with the id and that one Spanish line changed: comments and order kept.
    expect(published?.source).toBe(fromTemplate('ces-support', 'after-support').replace(ES_OLD, ES_NEW));
    await byTestId(page, 'admin-publish-comment').fill('again');
    await byTestId(page, 'admin-publish').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toMatch(/Nothing changed: this text is already published as version 1/);
    expect(await satisfy.stores.scripts.versions('after-support')).toHaveLength(1);
    await screenshot(page, 'builder-published');
    expect(realErrors(errors)).toEqual([]);
    await page.close();
  });
});
