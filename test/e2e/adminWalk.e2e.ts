/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { byTestId, realErrors, signInWithToken } from './staffPage.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1440, height: 1100 };
const PHONE = { width: 390, height: 844 };
const PRAISE = { en: 'What did you like most?', es: '¿Qué es lo que más te gustó?', 'zh-CN': '您最喜欢哪一点？' } as const;
const REASON_ZH = '您给出这个分数的主要原因是什么？';

/**
 * The whole job of an admin who never opens the YAML, in a Spanish staff UI: a survey from a
 * template, a question added and translated on its card, a condition picked, the preview at
 * phone width in Chinese, publish — and a customer's chat asking the new question (after the template's
 * own "why that score?", which comes first).
 */
describe('an admin builds and publishes a survey without touching YAML (Chromium, Spanish UI)', () => {
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

  const card = (page: Page, id: string) => page.locator(`[data-testid="builder-card"][data-question-id="${id}"]`);
  const showIf = (page: Page, id: string) => card(page, id).locator('[data-testid="builder-cond"][data-key-prefix$=":if"]').first();
  const valid = (page: Page) => expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);

  it('template → translated question → condition → zh-CN phone preview → publish → the customer is asked', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'es-ES' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/staff/surveys`);
    await signInWithToken(page, ADMIN_TOKEN);
    await page.locator('[data-testid="admin-survey-row"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('es');

    // 1. A new survey from the NPS template.
    await byTestId(page, 'admin-new').click();
    await byTestId(page, 'admin-new-id').fill('nps-q4');
    await byTestId(page, 'admin-new-template').selectOption('nps-relationship');
    await byTestId(page, 'admin-new-create').click();
    await card(page, 'reason').waitFor({ timeout: 10_000 });
    await valid(page);

    // 2. A question added from the palette, written in English: the card says, in Spanish,
    // what is missing; translated on the card, the survey is whole again.
    await byTestId(page, 'builder-add-type').selectOption('text');
    await byTestId(page, 'builder-add').click();
    const fresh = byTestId(page, 'builder-card').last();
    await fresh.waitFor();
    await byTestId(fresh, 'builder-id').fill('praise');
    await byTestId(fresh, 'builder-id').press('Enter');
    const praise = card(page, 'praise');
    await praise.waitFor();
    await byTestId(praise, 'builder-text-en').fill(PRAISE.en);
    await byTestId(praise, 'builder-text-en').blur();
    const problems = byTestId(praise, 'builder-card-problems');
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toContain('no tiene texto en');
    expect(await byTestId(page, 'admin-publish').isDisabled()).toBe(true);
    await screenshot(page, 'walk-untranslated');
    await byTestId(praise, 'builder-text-es').fill(PRAISE.es);
    await byTestId(praise, 'builder-text-zh-CN').fill(PRAISE['zh-CN']);
    await byTestId(praise, 'builder-text-zh-CN').blur();
    await valid(page);
    expect(await problems.count()).toBe(0);

    // 3. Only promoters are asked: a condition picked, not typed.
    await byTestId(showIf(page, 'praise'), 'builder-cond-add').click();
    await byTestId(showIf(page, 'praise'), 'builder-cond-subject').selectOption('nps');
    await byTestId(showIf(page, 'praise'), 'builder-cond-op').selectOption('ge');
    await byTestId(showIf(page, 'praise'), 'builder-cond-value').selectOption({ label: '9' });
    await expect.poll(() => byTestId(showIf(page, 'praise'), 'builder-cond-text').inputValue()).toBe('nps >= 9');
    await valid(page);

    // 4. The preview in Chinese at phone width: a promoter is asked the new question.
    await byTestId(page, 'admin-preview-locale').selectOption('zh-CN');
    await byTestId(page, 'admin-preview-phone').click();
    const widget = byTestId(page, 'admin-preview-widget');
    await widget.locator('[data-testid="satisfy-msg-bot"]').filter({ hasText: '推荐' }).first().waitFor({ timeout: 10_000 });
    await widget.locator('[data-testid="satisfy-answer"]').nth(10).click();
    await widget.locator('[data-testid="satisfy-msg-bot"]').filter({ hasText: REASON_ZH }).waitFor({ timeout: 10_000 });
    await widget.locator('[data-testid="satisfy-input"]').fill('客服很耐心');
    await widget.locator('[data-testid="satisfy-send"]').click();
    await widget.locator('[data-testid="satisfy-msg-bot"]').filter({ hasText: PRAISE['zh-CN'] }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'walk-phone-preview-zh');

    // 5. Publish. The YAML editor was never clicked, and what was published is the whole survey.
    await byTestId(page, 'admin-publish-comment').fill('promoters say what they like');
    await byTestId(page, 'admin-publish').click();
    await expect.poll(async () => (await satisfy.stores.scripts.versions('nps-q4')).length, { timeout: 10_000 }).toBe(1);
    const published = (await satisfy.stores.scripts.get('nps-q4', 1))?.source ?? '';
    expect(published).toContain('id: praise');
    expect(published).toContain('if: nps >= 9');
    expect(published).toContain(`zh-CN: ${PRAISE['zh-CN']}`);
    expect(published).toContain('# Relationship NPS'); // the template's comments kept
    await screenshot(page, 'walk-published');
    expect(realErrors(errors)).toEqual([]);
    await context.close();

    // 6. A customer with a Chinese invitation to the new survey is asked the new question after a 10 and a reason.
    const invite = await satisfy.invitations.create({ surveyId: 'nps-q4', locale: 'zh-CN', customer: { id: 'c-1', name: '王芳' } }, 86_400_000);
    const customer = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' });
    const chat = await customer.newPage();
    const chatErrors = watchErrors(chat);
    await chat.goto(`${server.url}/s/${invite}`);
    const bot = chat.locator('[data-testid="satisfy-msg-bot"]');
    await bot.filter({ hasText: '推荐' }).first().waitFor({ timeout: 20_000 });
    await chat.locator('[data-testid="satisfy-answer"]').nth(10).click();
    await bot.filter({ hasText: REASON_ZH }).waitFor({ timeout: 20_000 });
    await chat.locator('[data-testid="satisfy-input"]').fill('送货很快');
    await chat.locator('[data-testid="satisfy-send"]').click();
    await bot.filter({ hasText: PRAISE['zh-CN'] }).waitFor({ timeout: 20_000 });
    await screenshot(chat, 'walk-customer-zh');
    expect(realErrors(chatErrors)).toEqual([]);
    // A detractor is not asked it: the picked condition holds in the published survey.
    const other = await customer.newPage();
    await other.goto(`${server.url}/s/${await satisfy.invitations.create({ surveyId: 'nps-q4', locale: 'zh-CN', customer: { id: 'c-2' } }, 86_400_000)}`);
    const otherBot = other.locator('[data-testid="satisfy-msg-bot"]');
    await otherBot.filter({ hasText: '推荐' }).first().waitFor({ timeout: 20_000 });
    await other.locator('[data-testid="satisfy-answer"]').nth(3).click();
    await otherBot.filter({ hasText: REASON_ZH }).waitFor({ timeout: 20_000 });
    await other.locator('[data-testid="satisfy-input"]').fill('太贵了');
    await other.locator('[data-testid="satisfy-send"]').click();
    await otherBot.filter({ hasText: '感谢您的坦诚' }).waitFor({ timeout: 20_000 });
    expect(await otherBot.filter({ hasText: PRAISE['zh-CN'] }).count()).toBe(0);
    await customer.close();
  });
});
