/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { DIALOGS_DIR, ROOT } from '../support/scripts.js';
import { ARTIFACTS, launch, screenshot, watchErrors } from './browser.js';
import { byTestId, realErrors, signInWithToken } from './staffPage.js';

const DESKTOP = { width: 1440, height: 1000 };
const DOCS_IMAGES = `${ROOT}docs/images`;
const ORIGINAL = await readFile(`${DIALOGS_DIR}/post-purchase.yaml`, 'utf8');
const OLD_TEXT = 'Overall, how satisfied are you with your order?';
/** Chromium reports a refused request (401, 404) as a failed resource load; nothing else may fail. */

/** The survey preview as the customer's view (phone frame, sample customer) and stale drafts, in real Chromium. */
describe('the survey preview and stale drafts in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
    await mkdir(DOCS_IMAGES, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/admin/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function openSurvey(surveyId: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    page.on('dialog', (d) => {
      errors.push(`unexpected native dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${server.url}/staff/surveys#survey=${surveyId}`);
    await signInWithToken(page, ADMIN_TOKEN);
    await page.locator(`[data-testid="admin-survey-row"][data-survey-id="${surveyId}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    return { page, errors };
  }

  it('previews in zh-CN at phone width in the widget’s own view, greeting the sample customer by name', async () => {
    const { page, errors } = await openSurvey('post-purchase');
    const widget = byTestId(page, 'admin-preview-widget');
    const widgetBot = widget.locator('[data-testid="satisfy-msg-bot"]');

    // 1. Chinese, then Phone: the customer widget's view in a 375 px frame, greeting the zh-CN sample customer.
    await byTestId(page, 'admin-preview-locale').selectOption('zh-CN');
    await byTestId(page, 'admin-preview-bot').filter({ hasText: '王芳好！' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'admin-preview-phone').click();
    await widgetBot.filter({ hasText: '王芳好！感谢您的购买。' }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'admin-preview-phone').getAttribute('aria-pressed')).toBe('true');
    const screen = await page.locator('.phone-screen').boundingBox();
    expect(screen?.width).toBe(375);
    // The widget's own header and composer, in the survey's language (its zh-CN strings).
    expect(await widget.locator('#sf-title').textContent()).toBe('您的反馈');
    expect(await widget.locator('[data-testid="satisfy-input"]').getAttribute('placeholder')).toBe('输入您的回答…');
    // The widget's stylesheet is in its Shadow DOM: a bot bubble is drawn as the widget draws it.
    const bubbleRadius = await widgetBot.first().evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
    expect(bubbleRadius).toBe('18px');
    expect(await byTestId(page, 'admin-preview-input').isVisible()).toBe(false);

    // 2. Another name in the sample form restarts the preview with it.
    await byTestId(page, 'admin-preview-sample').locator('summary').click();
    expect(await byTestId(page, 'admin-preview-sample-name').inputValue()).toBe('王芳');
    await byTestId(page, 'admin-preview-sample-name').fill('李雷');
    await byTestId(page, 'admin-preview-sample-name').press('Tab');
    await widgetBot.filter({ hasText: '李雷好！' }).waitFor({ timeout: 10_000 });
    expect(await widgetBot.filter({ hasText: '王芳' }).count()).toBe(0);
    expect(await byTestId(page, 'admin-preview-sample-summary').textContent()).toBe('李雷 · A-10482');
    await page.locator('.preview-panel').screenshot({ path: `${ARTIFACTS}/preview-sample-form.png`, animations: 'disabled' });

    // 3. Answering in the widget: four stars, then the next question; what was recorded shows under the frame.
    await widget.locator('[data-testid="satisfy-answer"]').nth(3).click();
    await widgetBot.filter({ hasText: '您对配送满意吗' }).waitFor({ timeout: 10_000 });
    expect(await widget.locator('[data-testid="satisfy-msg-user"]').last().textContent()).toContain('★');
    await expect.poll(() => byTestId(page, 'admin-preview-events').textContent()).toContain('csat = 4');
    // The product of the sample fills {{order.items}} a question later.
    await widget.locator('[data-testid="satisfy-answer"]').nth(4).click();
    await widgetBot.filter({ hasText: '您对越野跑鞋的质量满意吗？' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'admin-preview-sample').locator('summary').click();
    await page.mouse.move(0, 0);
    await screenshot(page, 'preview-phone-zh');
    await page.locator('.preview-panel').screenshot({ path: `${DOCS_IMAGES}/surveys-preview-phone.png`, animations: 'disabled' });

    // 4. Back to Desktop: the same conversation, drawn as the log with question ids.
    await byTestId(page, 'admin-preview-desktop').click();
    const bot = byTestId(page, 'admin-preview-bot');
    await bot.filter({ hasText: '李雷好！' }).waitFor({ timeout: 5_000 });
    expect(await bot.filter({ hasText: '您对越野跑鞋的质量满意吗？' }).count()).toBe(1);
    expect(await page.locator('.chat .msg.event').allTextContents()).toEqual(expect.arrayContaining(['csat = 4', 'delivery = 5']));

    // 5. Without the sample, the texts show their fallbacks.
    await byTestId(page, 'admin-preview-sample').locator('summary').click();
    await byTestId(page, 'admin-preview-sample-use').uncheck();
    await bot.filter({ hasText: '您好！感谢您的购买。' }).waitFor({ timeout: 10_000 });
    expect(await bot.filter({ hasText: '李雷' }).count()).toBe(0);

    // 6. A sample that cannot be sent says what to fix, and the preview waits for it.
    await byTestId(page, 'admin-preview-sample-use').check();
    await byTestId(page, 'admin-preview-sample-amount').fill('lots');
    await byTestId(page, 'admin-preview-sample-amount').press('Tab');
    await expect.poll(() => byTestId(page, 'admin-preview-sample-problems').textContent()).toContain('Amount: write a number');
    expect(await byTestId(page, 'admin-preview-error').textContent()).toContain('Fix the sample customer');
    expect(await bot.count()).toBe(0);
    await byTestId(page, 'admin-preview-sample-amount').fill('129.50');
    await byTestId(page, 'admin-preview-sample-amount').press('Tab');
    await bot.filter({ hasText: '李雷好！' }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'admin-preview-sample-problems').isHidden()).toBe(true);

    // Nothing of the sample was kept anywhere.
    expect(await satisfy.stores.responses.list({})).toEqual([]);
    expect(JSON.stringify(await admin('GET', '/audit?limit=1000').then((r) => r.json()))).not.toContain('李雷');
    expect(realErrors(errors, [401, 403, 404])).toEqual([]);
    await page.close();
  });

  it('offers a draft that a publish left behind for discarding, discards it, and a published draft does not linger', async () => {
    const source = ORIGINAL.replace('id: post-purchase', 'id: stale-e2e');
    expect((await admin('POST', '/surveys/stale-e2e/publish', { comment: 'v1', source })).status).toBe(200);
    const mine = source.replace(OLD_TEXT, 'How was your order, all in all?');
    expect((await admin('PUT', '/surveys/stale-e2e/draft', { source: mine })).status).toBe(200);
    const v2 = source.replace(OLD_TEXT, 'Overall, how happy are you with your order?');
    expect((await admin('POST', '/surveys/stale-e2e/publish', { comment: 'v2 by someone else', source: v2 })).status).toBe(200);

    const { page, errors } = await openSurvey('stale-e2e');
    // The list marks the draft as outdated; the survey says so plainly.
    const row = page.locator('[data-testid="admin-survey-row"][data-survey-id="stale-e2e"]');
    expect(await row.locator('[data-testid="admin-survey-stale"]').textContent()).toBe('outdated draft');
    const banner = byTestId(page, 'admin-stale-draft');
    await banner.waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'admin-stale-text').textContent()).toContain('This draft was started from version 1; version 2 has been published since.');

    // Show differences: what publishing the draft would change in version 2.
    await byTestId(page, 'admin-stale-diff').click();
    const diff = byTestId(page, 'admin-diff');
    await diff.locator('.d-add', { hasText: 'How was your order, all in all?' }).waitFor({ timeout: 10_000 });
    expect(await diff.locator('.d-del', { hasText: 'Overall, how happy are you with your order?' }).count()).toBe(1);

    // Keep editing sets the notice aside for now; the list still marks the draft.
    expect(await byTestId(page, 'admin-stale-meta').count()).toBe(0);
    await byTestId(page, 'admin-stale-keep').click();
    expect(await banner.isHidden()).toBe(true);
    expect(await byTestId(page, 'admin-stale-meta').textContent()).toContain('started from version 1; version 2 was published since');
    expect(await row.locator('[data-testid="admin-survey-stale"]').count()).toBe(1);
    await page.reload();
    await banner.waitFor({ timeout: 10_000 });
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    const head = (await page.locator('.survey-head').boundingBox())!;
    const box = (await banner.boundingBox())!;
    const clip = { x: box.x - 8, y: head.y - 8, width: box.width + 16, height: box.y + box.height - head.y + 16 };
    await page.screenshot({ path: `${DOCS_IMAGES}/surveys-stale-draft.png`, animations: 'disabled', clip });
    await screenshot(page, 'preview-stale-draft');

    // Discard draft (after confirming): the draft is gone, the editor shows version 2.
    await byTestId(page, 'admin-stale-discard').click();
    await byTestId(page, 'staff-confirm-ok').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toBe('Draft discarded');
    expect(await banner.isHidden()).toBe(true);
    await page.locator('[data-testid="admin-editor"] .cm-line', { hasText: 'Overall, how happy are you with your order?' }).waitFor({ timeout: 10_000 });
    expect((await admin('GET', '/surveys/stale-e2e/draft')).status).toBe(404);
    await expect.poll(() => row.locator('[data-testid="admin-survey-stale"]').count()).toBe(0);
    expect(await row.textContent()).not.toMatch(/draft/i);

    // A saved draft, edited further without saving and published: the draft goes with it.
    const line = page.locator('[data-testid="admin-editor"] .cm-line', { hasText: 'Overall, how happy are you with your order?' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (saved)');
    await byTestId(page, 'admin-save').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent()).toMatch(/^Saved/);
    await expect.poll(() => row.textContent()).toMatch(/draft/i);
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (and more)');
    await page.locator('[data-testid="admin-editor"] .cm-line', { hasText: '(saved) (and more)' }).waitFor();
    await byTestId(page, 'admin-publish-comment').fill('v3 from the draft');
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    await byTestId(page, 'admin-publish').click();
    await expect.poll(() => byTestId(page, 'admin-status').textContent(), { timeout: 10_000 }).toMatch(/Published version 3/);
    expect((await admin('GET', '/surveys/stale-e2e/draft')).status).toBe(404);
    await expect.poll(() => row.textContent()).not.toMatch(/draft/i);
    expect((await satisfy.stores.scripts.get('stale-e2e', 3))?.source).toContain('(saved) (and more)');

    expect(realErrors(errors, [401, 403, 404])).toEqual([]);
    await page.close();
  });
});
