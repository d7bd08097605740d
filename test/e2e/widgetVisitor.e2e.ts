/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { catalog } from '../support/scripts.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';

const PHONE = { width: 390, height: 844 };
/** How the customer's bubble shows a star rating. */
const stars = (n: number): string => '★'.repeat(n);

interface Stored {
  conversationId: string;
  token: string;
}

/**
 * One visitor of the web chat in real Chromium: the language their browser asks for, one survey
 * however many tabs they open, and a chat that visibly ends when the survey does.
 */
describe('the web chat visitor in Chromium: language, tabs, the end of a survey', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  let browser: Browser;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    api = await listen(satisfy.app, (server) => satisfy.attach(server));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await satisfy?.close();
  });

  /** A browser profile whose navigator.languages and Accept-Language are `locale`. */
  async function visitor(locale: string): Promise<BrowserContext> {
    return browser.newContext({ locale, viewport: PHONE, hasTouch: true, isMobile: true });
  }

  async function openIn(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    return { page, errors };
  }

  const bot = (page: Page) => page.locator('[data-testid="satisfy-msg-bot"]');
  const user = (page: Page) => page.locator('[data-testid="satisfy-msg-user"]');
  const input = (page: Page) => page.locator('[data-testid="satisfy-input"]');
  const closed = (page: Page) => page.locator('[data-testid="satisfy-closed"]');
  const help = (page: Page) => page.locator('[data-testid="satisfy-help"]');

  async function waitForBot(page: Page, fragment: string): Promise<void> {
    await bot(page).filter({ hasText: fragment }).last().waitFor({ timeout: 20_000 });
  }

  /** Clicks the answer button for a value of the current rating (min..max in order). */
  async function rate(page: Page, value: number, min = 1): Promise<void> {
    await page.locator('[data-testid="satisfy-answer"]').nth(value - min).click();
  }

  async function type(page: Page, text: string): Promise<void> {
    await input(page).fill(text);
    await page.locator('[data-testid="satisfy-send"]').click();
  }

  /** What the widget keeps for this origin (shared by its tabs). */
  async function stored(page: Page, key = 'satisfy:default'): Promise<Stored> {
    const raw = await page.evaluate((k) => localStorage.getItem(k), key);
    return JSON.parse(raw ?? 'null') as Stored;
  }

  async function directLineResponses(): Promise<number> {
    return (await satisfy.stores.responses.list({})).filter((r) => r.channel === 'directline').length;
  }

  /** The conversation as the server keeps it, read over Direct Line with the visitor's token. */
  async function transcript(s: Stored): Promise<Array<{ type: string; text?: string; value?: unknown; from: { role?: string } }>> {
    const res = await fetch(`${api.url}/v3/directline/conversations/${encodeURIComponent(s.conversationId)}/activities`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { activities: Array<{ type: string; text?: string; value?: unknown; from: { role?: string } }> }).activities;
  }

  async function expectClosed(page: Page, notice: RegExp, helpLabel: string): Promise<void> {
    await closed(page).waitFor({ state: 'visible', timeout: 20_000 });
    expect(await closed(page).textContent()).toMatch(notice);
    expect(await help(page).textContent()).toBe(helpLabel);
    expect(await input(page).isVisible()).toBe(false);
    // Reachable and named for assistive tech: a labelled group whose notice takes the focus.
    expect(await closed(page).getAttribute('role')).toBe('group');
    expect(await page.evaluate(() => document.querySelector('satisfy-widget')?.shadowRoot?.activeElement?.getAttribute('data-testid') ?? null)).toBe('satisfy-closed-text');
  }

  it('/chat in a Spanish browser (es-MX) speaks Spanish, though the page itself says lang="en"', async () => {
    const context = await visitor('es-MX');
    const { page, errors } = await openIn(context, `${api.url}/chat`);
    expect(await page.evaluate(() => navigator.languages[0])).toBe('es-MX');
    await waitForBot(page, 'Gracias por tu compra');
    await waitForBot(page, 'En general');
    expect(await input(page).getAttribute('placeholder')).toBe('Escribe tu respuesta…');
    expect(await page.locator('satisfy-widget').evaluate((el) => el.shadowRoot?.querySelector('.root')?.getAttribute('lang'))).toBe('es');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await rate(page, 4);
    await waitForBot(page, 'entrega');
    const responses = await satisfy.stores.responses.list({});
    expect(responses.at(-1)).toMatchObject({ locale: 'es', channel: 'directline' });
    await screenshot(page, 'visitor-es-MX-chat');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('/chat in a Chinese browser (zh-Hans-CN) speaks Simplified Chinese', async () => {
    const context = await visitor('zh-Hans-CN');
    const { page, errors } = await openIn(context, `${api.url}/chat`);
    expect(await page.evaluate(() => navigator.languages[0])).toBe('zh-Hans-CN');
    await waitForBot(page, '感谢您的购买');
    expect(await input(page).getAttribute('placeholder')).toBe('输入您的回答…');
    expect(await page.locator('satisfy-widget').evaluate((el) => el.shadowRoot?.querySelector('.root')?.getAttribute('lang'))).toBe('zh-CN');
    await screenshot(page, 'visitor-zh-Hans-CN-chat');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a second tab resumes the same survey, and both tabs show what either sends', async () => {
    const context = await visitor('en-US');
    const first = await openIn(context, `${api.url}/chat`);
    await waitForBot(first.page, 'Overall, how satisfied');
    await rate(first.page, 4);
    await waitForBot(first.page, 'delivery');
    const before = await directLineResponses();
    const conversation = await stored(first.page);

    const second = await openIn(context, `${api.url}/chat`);
    await waitForBot(second.page, 'delivery');
    expect((await stored(second.page)).conversationId).toBe(conversation.conversationId);
    // The whole conversation so far, once: no new survey, no second response.
    expect((await bot(second.page).allTextContents()).filter((t) => t.includes('Overall, how satisfied'))).toHaveLength(1);
    expect(await user(second.page).allTextContents()).toEqual([stars(4)]);
    expect(await directLineResponses()).toBe(before);

    // Both tabs stay live: an answer in the second shows in the first through its stream.
    await expect.poll(() => second.page.locator('[data-testid="satisfy-answer"]').count()).toBe(5);
    await rate(second.page, 5);
    await waitForBot(second.page, 'quality');
    await waitForBot(first.page, 'quality');
    expect(await user(first.page).allTextContents()).toEqual([stars(4), stars(5)]);
    await rate(first.page, 3);
    await waitForBot(second.page, 'value for money');
    expect(await user(second.page).allTextContents()).toEqual([stars(4), stars(5), stars(3)]);
    const [response] = (await satisfy.stores.responses.list({})).filter((r) => r.answers.product_quality);
    expect(response?.answers).toMatchObject({ csat: { value: 4 }, delivery: { value: 5 }, product_quality: { value: 3 } });
    expect(await directLineResponses()).toBe(before);
    await screenshot(second.page, 'visitor-second-tab');
    expect([...first.errors, ...second.errors]).toEqual([]);
    await context.close();
  });

  it('shows the closing state after the last answer, after a reload and in a new tab (en), and the help button asks for a person', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'en', order: { id: 'V-EN' } }, 86_400_000);
    const context = await visitor('en-US');
    const { page, errors } = await openIn(context, `${api.url}/s/${invite}`);
    await waitForBot(page, 'Overall, how satisfied');
    for (const [value, next] of [
      [5, 'delivery'],
      [5, 'quality'],
      [5, 'value for money'],
      [5, 'recommend'],
    ] as const) {
      await rate(page, value);
      await waitForBot(page, next);
    }
    await expect.poll(() => page.locator('[data-testid="satisfy-answer"]').count()).toBe(11);
    await rate(page, 9, 0);
    await waitForBot(page, 'What did you like most');
    await type(page, 'The teapot pours beautifully');
    await waitForBot(page, "We're glad you're happy");
    const label = catalog.en!['survey.help_person']!;
    await expectClosed(page, /This survey is complete/, label);
    await screenshot(page, 'visitor-en-closed');

    await page.reload();
    await waitForBot(page, "We're glad you're happy");
    await expectClosed(page, /This survey is complete/, label);

    const other = await openIn(context, `${api.url}/s/${invite}`);
    await waitForBot(other.page, "We're glad you're happy");
    await closed(other.page).waitFor({ state: 'visible', timeout: 20_000 });
    await other.page.close();

    // By keyboard: Tab from the notice reaches the button, Enter presses it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => user(page).allTextContents()).toContain(label);
    await input(page).waitFor({ state: 'visible' });
    expect(await closed(page).isVisible()).toBe(false);
    const conversation = await stored(page, `satisfy:${invite}`);
    await expect
      .poll(async () => (await transcript(conversation)).filter((a) => a.from.role !== 'bot' && a.type === 'message').at(-1))
      .toMatchObject({ text: label, value: { satisfy: { action: 'human' } } });
    expect((await satisfy.stores.responses.list({})).find((r) => r.orderId === 'V-EN')).toMatchObject({ status: 'completed', endingId: 'happy' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the closing state in Spanish and Chinese, after the last message and after a reload', async () => {
    for (const [locale, stop, ending, notice] of [
      ['es-MX', 'parar', 'no te preguntaré nada más', /No te preguntaremos nada más/],
      ['zh-CN', '停止', '不会再', /我们不会再向您提问/],
    ] as const) {
      const context = await visitor(locale);
      const { page, errors } = await openIn(context, `${api.url}/chat`);
      await page.locator('[data-testid="satisfy-answer"]').first().waitFor({ timeout: 20_000 });
      await type(page, stop);
      await waitForBot(page, ending);
      const label = catalog[locale === 'es-MX' ? 'es' : 'zh-CN']!['survey.help_person']!;
      await expectClosed(page, notice, label);
      await screenshot(page, `visitor-${locale}-closed`);
      await page.reload();
      await waitForBot(page, ending);
      await expectClosed(page, notice, label);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
