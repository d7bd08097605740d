/// <reference lib="dom" />
import bcrypt from 'bcryptjs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1440, height: 960 };
const PHONE = { width: 390, height: 844 };
const OLD_TEXT = 'Overall, how satisfied are you with your order?';
const NEW_TEXT = 'How happy are you with your order overall?';
const ZH_TEXT = '总体来说，您对这次订单满意吗？';
const ZH_INTRO = '感谢您的购买';
/** Chromium reports a refused request (401) as a failed resource load; nothing else may fail. */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[13]/.test(e));

/** The admin page in real Chromium: edit, validate, preview, publish and roll back a survey. */
describe('the survey editor (admin page) in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  const customers: WebChatCustomer[] = [];

  beforeAll(async () => {
    const hash = bcrypt.hashSync('correct horse', 4);
    satisfy = await createTestApp({ CONSOLE_USERS: `ana:agent:${hash}` }, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
  });

  afterAll(async () => {
    for (const c of customers) c.close();
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  async function openAdmin(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const errors = watchErrors(page);
    page.on('dialog', (d) => {
      errors.push(`unexpected native dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${server.url}/staff/surveys`);
    return { page, errors };
  }

  async function signInWithToken(page: Page, token = ADMIN_TOKEN): Promise<void> {
    await byTestId(page, 'staff-login-token').check();
    await byTestId(page, 'staff-login-password').fill(token);
    await byTestId(page, 'staff-login-submit').click();
  }

  /** What a new web-chat customer is asked first. */
  async function firstQuestionOfNewConversation(): Promise<string[]> {
    const customer = await WebChatCustomer.open(server.url, {});
    customers.push(customer);
    return customer.botTexts();
  }

  const problems = (page: Page) => byTestId(page, 'admin-problem');
  const editorLine = (page: Page, text: string): Locator => page.locator('[data-testid="admin-editor"] .cm-line', { hasText: text });
  const editorText = (page: Page) => page.locator('[data-testid="admin-editor"] .cm-content').innerText();
  const publishedVersion = async (page: Page): Promise<number> => {
    const status = (await byTestId(page, 'admin-status').textContent()) ?? '';
    const m = /Published version (\d+)/.exec(status);
    if (!m) throw new Error(`no "Published version N" in the status line: ${status}`);
    return Number(m[1]);
  };

  it('refuses a wrong token, and tells an agent the page is for admins', async () => {
    const { page, errors } = await openAdmin(PHONE);
    await signInWithToken(page, 'not-the-token');
    const error = byTestId(page, 'staff-login-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await error.textContent()).toMatch(/not valid/i);
    await screenshot(page, 'staff-login-error-phone');

    await byTestId(page, 'staff-login-token').uncheck();
    await byTestId(page, 'staff-login-user').fill('ana');
    await byTestId(page, 'staff-login-password').fill('correct horse');
    await byTestId(page, 'staff-login-submit').click();
    await page.getByText('This page is for admins').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'admin-survey-row').count()).toBe(0);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('satisfy:staff') ?? 'null')?.user?.role)).toBe('agent');
    await screenshot(page, 'admin-agent-refused-phone');
    expect(realErrors(errors)).toEqual([]);
    await page.close();
  });

  it('edits a question, shows a problem come and go, previews in zh-CN and en, publishes, and rolls back', async () => {
    const { page, errors } = await openAdmin();

    // 1. Sign in with the admin token; the survey list shows the sample survey.
    await signInWithToken(page);
    const row = page.locator('[data-testid="admin-survey-row"][data-survey-id="post-purchase"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('satisfy:staff') ?? 'null')?.user?.role)).toBe('admin');
    expect(await row.textContent()).toMatch(/published/i);
    await row.click();

    // 2. The editor shows the published script, checked: no problems, every text in every locale.
    await editorLine(page, OLD_TEXT).waitFor({ timeout: 10_000 });
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await problems(page).count()).toBe(0);
    const coverage = byTestId(page, 'admin-coverage');
    await expect.poll(() => coverage.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['en', 'zh-CN', 'es']));
    expect(await coverage.locator('td[data-missing="true"]').count()).toBe(0);
    await byTestId(page, 'admin-version-row').first().waitFor();
    await screenshot(page, 'admin-survey-open');

    // 3. Edit the first question's English text with the keyboard.
    await editorLine(page, OLD_TEXT).click();
    await page.keyboard.press('End');
    for (let i = 0; i < OLD_TEXT.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type(NEW_TEXT);
    await editorLine(page, NEW_TEXT).waitFor();
    expect(await editorText(page)).not.toContain(OLD_TEXT);

    // 4. Delete the question's zh-CN text: a problem appears inline and in the list, Publish is off.
    await editorLine(page, ZH_TEXT).click();
    await page.keyboard.press('End');
    for (let i = 0; i < ZH_TEXT.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Backspace');
    await problems(page).first().waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'admin-publish').isDisabled()).toBe(true);
    const problemText = (await byTestId(page, 'admin-problems').textContent()) ?? '';
    expect(problemText).toMatch(/questions/);
    await page.locator('[data-testid="admin-editor"] .cm-lint-marker-error').first().waitFor();
    await screenshot(page, 'admin-problem');

    // 5. Undo brings the text back: the problems go away and Publish is on again.
    await page.keyboard.press('Control+z');
    await editorLine(page, ZH_TEXT).waitFor();
    await expect.poll(() => problems(page).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled()).toBe(true);
    expect(await editorText(page)).toContain(NEW_TEXT);

    // 6. Save the draft: the list marks the survey as having one.
    await byTestId(page, 'admin-save').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent()).toMatch(/^Saved/);
    await expect.poll(() => row.textContent()).toMatch(/draft/i);

    // 7. Preview the draft in zh-CN, answer with a button, then in English with the new text.
    await byTestId(page, 'admin-preview-locale').selectOption('zh-CN');
    const bot = byTestId(page, 'admin-preview-bot');
    await bot.filter({ hasText: ZH_TEXT }).waitFor({ timeout: 10_000 });
    expect((await bot.allTextContents()).join('\n')).toContain(ZH_INTRO);
    await byTestId(page, 'admin-preview-button').nth(3).click(); // four stars
    await bot.filter({ hasText: '您对配送满意吗' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'admin-preview-zh');

    await byTestId(page, 'admin-preview-locale').selectOption('en');
    await bot.filter({ hasText: NEW_TEXT }).waitFor({ timeout: 10_000 });
    expect((await bot.allTextContents()).join('\n')).not.toContain(ZH_TEXT);
    await byTestId(page, 'admin-preview-input').fill('5');
    await byTestId(page, 'admin-preview-send').click();
    await bot.filter({ hasText: 'How satisfied are you with the delivery?' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'admin-preview-restart').click();
    await bot.filter({ hasText: NEW_TEXT }).waitFor({ timeout: 10_000 });
    expect(await bot.filter({ hasText: 'delivery' }).count()).toBe(0);

    // 8. Publish with a comment.
    const versionsBefore = await byTestId(page, 'admin-version-row').count();
    const oldPublished = Number(await byTestId(page, 'admin-version-row').first().getAttribute('data-version'));
    await byTestId(page, 'admin-publish-comment').fill('Friendlier first question');
    await byTestId(page, 'admin-publish').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toMatch(/Published version \d+/);
    const published = await publishedVersion(page);
    expect(published).toBeGreaterThan(oldPublished);
    const newRow = page.locator(`[data-testid="admin-version-row"][data-version="${published}"]`);
    await newRow.waitFor({ timeout: 10_000 });
    expect(await newRow.textContent()).toContain('Friendlier first question');
    expect(await byTestId(page, 'admin-version-row').count()).toBe(versionsBefore + 1);
    await screenshot(page, 'admin-published');

    // 9. A new web-chat conversation asks the new text.
    const afterPublish = await firstQuestionOfNewConversation();
    expect(afterPublish.join('\n')).toContain(NEW_TEXT);
    expect(afterPublish.join('\n')).not.toContain(OLD_TEXT);

    // 10. The diff between the two versions, as coloured text.
    await byTestId(page, 'admin-diff-from').selectOption(String(oldPublished));
    await byTestId(page, 'admin-diff-to').selectOption(String(published));
    await byTestId(page, 'admin-diff-show').click();
    const diff = byTestId(page, 'admin-diff');
    await diff.locator('.d-add', { hasText: NEW_TEXT }).waitFor({ timeout: 10_000 });
    expect(await diff.locator('.d-del', { hasText: OLD_TEXT }).count()).toBe(1);
    await screenshot(page, 'admin-diff');

    // 11. Roll back to the old version, after confirming: a new published version with the old text.
    const oldRow = page.locator(`[data-testid="admin-version-row"][data-version="${oldPublished}"]`);
    await oldRow.locator('[data-testid="admin-rollback"]').click();
    await byTestId(page, 'staff-confirm-ok').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`Published version ${published + 1}`));
    await page.locator(`[data-testid="admin-version-row"][data-version="${published + 1}"]`).waitFor({ timeout: 10_000 });
    const afterRollback = await firstQuestionOfNewConversation();
    expect(afterRollback.join('\n')).toContain(OLD_TEXT);
    expect(afterRollback.join('\n')).not.toContain(NEW_TEXT);

    // 12. The audit log lists the publish and the rollback, with who did them.
    const audit = byTestId(page, 'admin-audit');
    await expect.poll(() => audit.textContent(), { timeout: 10_000 }).toMatch(/roll(ed)? ?back/i);
    expect(await audit.textContent()).toMatch(/publish/i);
    expect(await audit.textContent()).toContain('Friendlier first question');
    await screenshot(page, 'admin-rolled-back');

    // 13. The same page on a phone: nothing wider than the screen.
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    expect(realErrors(errors)).toEqual([]);
    await page.close();
  });
});
