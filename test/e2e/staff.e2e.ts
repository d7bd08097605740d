/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient, Stream, type DlActivity } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 900 };
const DOCS_IMAGES = `${ROOT}docs/images`;
/** Chromium reports a refused request as a failed resource load; nothing else may fail. */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[13]/.test(e));
const questionOf = (a: DlActivity | undefined) => a?.channelData?.satisfy?.questionId;
const lastQuestion = (all: DlActivity[]) => questionOf(all.filter((a) => a.from.role === 'bot' && a.channelData?.satisfy?.questionId).at(-1));

/** The staff app's shell in Chromium: one sign-in for every page, navigation, roles, languages. */
describe('the staff app in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  let editorChunks: string[] = [];
  const streams: Stream[] = [];

  beforeAll(async () => {
    const users = [`ana:agent:${bcrypt.hashSync('correct horse', 4)}`, `root:admin:${bcrypt.hashSync('battery staple', 4)}`].join(',');
    satisfy = await createTestApp({ CONSOLE_USERS: users }, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
    await mkdir(DOCS_IMAGES, { recursive: true });
    // The chunks staff.js loads with import(): the CodeMirror editor.
    const html = await (await fetch(`${server.url}/staff`)).text();
    const main = /src="(\/assets\/staff-[A-Z0-9]+\.js)"/.exec(html)![1]!;
    const js = await (await fetch(`${server.url}${main}`)).text();
    editorChunks = [...js.matchAll(/import\("\.\/(chunk-[A-Z0-9]+\.js)"\)/g)].map((m) => `/assets/${m[1]}`);
    expect(editorChunks.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  /** An unhappy web-chat customer who asks for a person: a case for the console. */
  async function unhappyCustomer(): Promise<void> {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-7', name: 'Dana' }, order: { id: 'W-1007', items: [{ name: 'Kettle' }] } }, 86_400_000);
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    const session = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const client = new DirectLineClient(server.url, session.token);
    const stream = new Stream(session.streamUrl);
    streams.push(stream);
    await stream.opened;
    const answer = async (text: string, next: string) => {
      await client.say(session.conversationId, text);
      await stream.waitFor((all) => lastQuestion(all) === next, `the ${next} question`);
    };
    await stream.waitFor((all) => lastQuestion(all) === 'csat', 'the first question');
    await answer('2', 'delivery');
    await answer('1', 'product_quality');
    await answer('2', 'value');
    await answer('2', 'improve');
    await answer('The kettle leaks from the lid and the courier left it in the rain.', 'nps');
    await client.say(session.conversationId, 'Can I talk to someone please?');
    await stream.waitFor((all) => all.some((a) => a.from.role === 'bot' && /support team will join this chat/.test(a.text ?? '')), 'the hand-off message');
  }

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  /** A picture for the docs (docs/images), without the passing toast or the mouse's hover. */
  async function docsImage(page: Page, name: string, target: Page | ReturnType<Page['locator']> = page): Promise<void> {
    await page.evaluate(() => {
      const toast = document.querySelector('[data-testid="staff-toast"]');
      if (toast) toast.textContent = '';
    });
    await page.mouse.move(0, 0);
    await target.screenshot({ path: `${DOCS_IMAGES}/${name}.png`, animations: 'disabled' });
  }

  async function open(path: string, options: { locale?: string } = {}): Promise<{ page: Page; errors: string[]; chunks: string[] }> {
    const context = await browser.newContext({ viewport: DESKTOP, ...(options.locale ? { locale: options.locale } : {}) });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const chunks: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (editorChunks.includes(path)) chunks.push(path);
    });
    page.on('dialog', (d) => {
      errors.push(`unexpected native dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${server.url}${path}`);
    return { page, errors, chunks };
  }

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
  }

  it('signs in once, then goes between Cases and Surveys (and back and forward) without signing in again', async () => {
    await unhappyCustomer();
    const { page, errors, chunks } = await open('/staff');
    expect(new URL(page.url()).pathname).toBe('/staff/console');
    await signIn(page, 'root', 'battery staple');
    await byTestId(page, 'console-live').filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-nav-cases').getAttribute('aria-current')).toBe('page');

    // A case, for the docs.
    const row = byTestId(page, 'console-case-row').filter({ hasText: 'Dana' });
    await row.click();
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Dana');
    await byTestId(page, 'console-claim').click();
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/claimed by you/i);
    await byTestId(page, 'console-reply-input').fill("Hi Dana, I'm sorry about the kettle. I'm sending a new one today.");
    await byTestId(page, 'console-reply-send').click();
    await page.locator('[data-testid="console-transcript-line"][data-from="agent"]').waitFor({ timeout: 10_000 });
    // The angry answer with how sure the scorer was and the words it read that from.
    const quotes = (await page.locator('ul.quotes').textContent()) ?? '';
    expect(quotes).toMatch(/negative −0\.\d+ · \d+% sure/);
    expect(quotes).toMatch(/Read from: “[^”]+”/);
    await docsImage(page, 'console-case');
    await screenshot(page, 'staff-cases-admin');
    // The editor is not loaded for the cases.
    expect(chunks).toEqual([]);

    // Surveys: no second sign-in; the editor chunk is fetched now.
    await byTestId(page, 'staff-nav-surveys').click();
    expect(new URL(page.url()).pathname).toBe('/staff/surveys');
    const survey = page.locator('[data-testid="admin-survey-row"][data-survey-id="post-purchase"]');
    await survey.waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-login-user').isVisible()).toBe(false);
    expect(await byTestId(page, 'staff-nav-surveys').getAttribute('aria-current')).toBe('page');
    await survey.click();
    await page.locator('[data-testid="admin-editor"] .cm-content').waitFor({ timeout: 10_000 });
    expect(chunks.length).toBeGreaterThan(0);
    await expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
    const bot = byTestId(page, 'admin-preview-bot');
    await bot.first().waitFor({ timeout: 10_000 });
    await byTestId(page, 'admin-preview-button').first().waitFor();
    await docsImage(page, 'surveys-editor');

    // The preview draws the customer widget's own controls: answer with the fourth star.
    await byTestId(page, 'admin-preview-button').nth(3).click();
    await bot.filter({ hasText: 'delivery' }).waitFor({ timeout: 10_000 });
    await docsImage(page, 'surveys-preview', page.locator('.preview-panel'));
    await screenshot(page, 'staff-surveys-admin');

    // Back to the cases, and with the browser's back and forward buttons: the same session, the same open survey.
    await byTestId(page, 'staff-nav-cases').click();
    expect(new URL(page.url()).pathname).toBe('/staff/console');
    await byTestId(page, 'console-case-row').first().waitFor();
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/staff/surveys');
    await expect.poll(() => page.locator('#survey-title').textContent()).toMatch(/purchase/i);
    expect(new URL(page.url()).hash).toBe('#survey=post-purchase');
    await page.goForward();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/staff/console');
    await byTestId(page, 'console-filter-status').waitFor();

    // A reload keeps the session too.
    await page.goto(`${server.url}/staff/surveys`);
    await survey.waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-login-user').isVisible()).toBe(false);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('shows an agent no Surveys link, and "this page is for admins" at its address, without loading the editor', async () => {
    // An old link to a case still opens it, after the sign-in.
    const [dana] = await satisfy.desk.list(10);
    const { page, errors, chunks } = await open(`/console#case=${encodeURIComponent(dana!.id)}`);
    expect(new URL(page.url()).pathname).toBe('/staff/console');
    await signIn(page, 'ana', 'correct horse');
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Dana');
    await byTestId(page, 'console-filter-status').waitFor();
    expect(await byTestId(page, 'staff-nav-cases').isVisible()).toBe(true);
    expect(await byTestId(page, 'staff-nav-surveys').isVisible()).toBe(false);
    expect(await page.locator('#who').textContent()).toBe('ana (agent)');

    await page.goto(`${server.url}/staff/surveys`);
    await page.getByText('This page is for admins').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-login-user').isVisible()).toBe(false);
    expect(await byTestId(page, 'admin-survey-row').count()).toBe(0);
    await screenshot(page, 'staff-agent-surveys');
    await page.getByRole('link', { name: 'Open the cases' }).click();
    await byTestId(page, 'console-filter-status').waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/console');
    expect(chunks).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('switches to Chinese from the language picker and remembers it; a Spanish browser starts in Spanish', async () => {
    const { page, errors } = await open('/staff/console');
    await signIn(page, 'ana', 'correct horse');
    await byTestId(page, 'console-live').filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'staff-lang').selectOption('zh-CN');
    await expect.poll(() => byTestId(page, 'staff-nav-cases').textContent()).toBe('工单');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await byTestId(page, 'staff-signout').textContent()).toBe('退出登录');
    expect(await byTestId(page, 'console-live').textContent()).toBe('实时');
    expect(await page.locator('#who').textContent()).toBe('ana（客服）');
    expect(await page.locator('label[for="f-status"]').textContent()).toBe('状态');
    expect(await byTestId(page, 'console-filter-status').locator('option:checked').textContent()).toBe('待处理和已认领');
    expect(await byTestId(page, 'console-case-row').first().textContent()).toMatch(/待处理|已认领/);
    await screenshot(page, 'staff-cases-zh');

    await page.reload();
    await expect.poll(() => byTestId(page, 'staff-nav-cases').textContent()).toBe('工单');
    await byTestId(page, 'staff-signout').click();
    await expect.poll(() => byTestId(page, 'staff-login-submit').textContent()).toBe('登录');
    expect(await page.getByText('改用管理员令牌').isVisible()).toBe(true);
    await byTestId(page, 'staff-lang').selectOption('en');
    await expect.poll(() => byTestId(page, 'staff-login-submit').textContent()).toBe('Sign in');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();

    const spanish = await open('/staff', { locale: 'es-ES' });
    await expect.poll(() => spanish.page.locator('#signin-title').textContent()).toBe('Iniciar sesión');
    expect(await byTestId(spanish.page, 'staff-lang').inputValue()).toBe('es');
    await spanish.page.context().close();
  });
});
