/// <reference lib="dom" />
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import bcrypt from 'bcryptjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { DirectLineClient, Stream, type DlActivity } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 900 };
const PHONE = { width: 390, height: 844 };
const HOSTILE = 'Terrible, the box arrived broken and nobody answers <img src=x onerror=alert(1)>';

const botTexts = (all: DlActivity[]) => all.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');
const questionOf = (a: DlActivity | undefined) => a?.channelData?.satisfy?.questionId;
const lastQuestion = (all: DlActivity[]) => questionOf(all.filter((a) => a.from.role === 'bot' && a.channelData?.satisfy?.questionId).at(-1));

/** A customer in the web chat, over Direct Line as the widget talks to it. */
interface Customer {
  client: DirectLineClient;
  conversationId: string;
  stream: Stream;
  say(text: string): Promise<void>;
}

/** The agent console in real Chromium, against a case a real web-chat customer raised. */
describe('the agent console in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  const streams: Stream[] = [];
  const consoleSockets = new Set<Socket>();

  beforeAll(async () => {
    const hash = bcrypt.hashSync('correct horse', 4);
    satisfy = await createTestApp({ CONSOLE_USERS: `ana:agent:${hash}` }, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => {
      satisfy.attach(http);
      // The test keeps the console's WebSocket connections so it can cut them like a network would.
      http.on('upgrade', (req: IncomingMessage, socket: Socket) => {
        if (!req.url?.startsWith('/console/ws')) return;
        consoleSockets.add(socket);
        socket.on('close', () => consoleSockets.delete(socket));
      });
    });
    browser = await launch();
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  async function newCustomer(customer: Record<string, unknown>, order: Record<string, unknown>): Promise<Customer> {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer, order }, 86_400_000);
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const client = new DirectLineClient(server.url, session.token);
    const stream = new Stream(session.streamUrl);
    streams.push(stream);
    await stream.opened;
    const say = async (text: string) => {
      await client.say(session.conversationId, text);
    };
    return { client, conversationId: session.conversationId, stream, say };
  }

  /** Answers the current question and waits for the next one. */
  async function answer(c: Customer, text: string, next: string): Promise<void> {
    await c.say(text);
    await c.stream.waitFor((all) => lastQuestion(all) === next, `the ${next} question`);
  }

  async function openConsole(viewport = DESKTOP): Promise<{ page: Page; errors: string[]; alerts: string[] }> {
    const page = await browser.newPage({ viewport });
    const errors = watchErrors(page);
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/staff/console`);
    return { page, errors, alerts };
  }

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
  }

  it('shows an error for a wrong password and signs in with the right one', async () => {
    const { page, errors } = await openConsole(PHONE);
    await signIn(page, 'ana', 'wrong horse');
    const error = byTestId(page, 'staff-login-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await error.textContent()).toMatch(/wrong username or password/i);
    expect(await byTestId(page, 'staff-signout').isVisible()).toBe(false);
    await screenshot(page, 'staff-login-error-phone');

    await byTestId(page, 'staff-login-password').fill('correct horse');
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'console-live').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    expect(await error.isVisible()).toBe(false);
    await byTestId(page, 'staff-signout').click();
    await byTestId(page, 'staff-login-user').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.getItem('satisfy:staff'))).toBeNull();

    // An operator signs in with the admin token instead.
    await page.getByLabel('Use the admin token instead').check();
    expect(await byTestId(page, 'staff-login-user').isVisible()).toBe(false);
    await byTestId(page, 'staff-login-password').fill(ADMIN_TOKEN);
    await byTestId(page, 'staff-login-submit').click();
    await page.locator('#who').filter({ hasText: '(admin)' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'staff-signout').click();

    // Chromium reports the refused login (401) as a failed resource load; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e))).toEqual([]);
    await page.close();
  });

  it('takes a case from an unhappy web-chat customer to resolved, live, with the customer text shown as text', async () => {
    // 1. A customer answers the survey in the web chat, angrily, and asks for a person.
    const bea = await newCustomer({ id: 'c-42', name: 'Bea' }, { id: 'W-42', items: [{ name: 'Teapot' }] });
    await bea.stream.waitFor((all) => lastQuestion(all) === 'csat', 'the first question');
    await answer(bea, '1', 'delivery');
    await answer(bea, '1', 'product_quality');
    await answer(bea, '1', 'value');
    await answer(bea, '1', 'improve');
    await answer(bea, HOSTILE, 'nps');
    await bea.say('I want to talk to a person');
    await bea.stream.waitFor((all) => botTexts(all).some((t) => /support team will join this chat/.test(t)), 'the hand-off message');

    // 2. Ana signs in and sees the case.
    const { page, errors, alerts } = await openConsole();
    await signIn(page, 'ana', 'correct horse');
    await byTestId(page, 'console-live').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'console-filter-status').inputValue()).toBe('open,claimed');
    const row = byTestId(page, 'console-case-row').filter({ hasText: 'Bea' });
    await row.waitFor({ timeout: 10_000 });
    const caseId = await row.getAttribute('data-case-id');
    expect(caseId).toBeTruthy();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('W-42');
    expect(rowText).toMatch(/high|urgent/i);
    await screenshot(page, 'console-list');

    // 3. The case: the customer's words appear literally, nothing of them runs or renders as HTML.
    await row.click();
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Bea');
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/open/i);
    const transcript = byTestId(page, 'console-transcript');
    const customerLines = transcript.locator('[data-testid="console-transcript-line"][data-from="customer"]');
    await expect.poll(async () => (await customerLines.allTextContents()).some((t) => t.includes(HOSTILE))).toBe(true);
    expect(await page.locator('#main img, #main script').count()).toBe(0);
    expect(await transcript.locator('[data-testid="console-transcript-line"][data-from="bot"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-case-open');

    // 4. Claim, and write to the customer: it reaches their chat.
    await byTestId(page, 'console-claim').click();
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/claimed/i);
    expect(await byTestId(page, 'console-claim').isVisible()).toBe(false);
    await byTestId(page, 'console-reply-input').fill("Hello, I'm Ana");
    await byTestId(page, 'console-reply-send').click();
    await bea.stream.waitFor((all) => botTexts(all).some((t) => t.includes("Hello, I'm Ana")), "the agent's message");
    await transcript.locator('[data-testid="console-transcript-line"][data-from="agent"]', { hasText: "Hello, I'm Ana" }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'console-reply-input').inputValue()).toBe('');

    // 5. The customer answers; it appears in the open case without a reload.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
    await bea.say('thanks');
    await customerLines.filter({ hasText: /thanks$/ }).last().waitFor({ timeout: 5_000 });
    expect(navigations).toEqual([]);
    await screenshot(page, 'console-case-chat');

    // 6. Resolve with a note: the status says so and the customer is asked about the outcome.
    await byTestId(page, 'console-resolve-note').fill('Sent a replacement teapot, express.');
    await byTestId(page, 'console-resolve').click();
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/resolved/i);
    await page.getByText('Sent a replacement teapot, express.').waitFor({ timeout: 5_000 });
    await bea.stream.waitFor((all) => botTexts(all).some((t) => t.includes('Was your issue resolved?')), 'the recovery question');
    expect(await byTestId(page, 'console-reply-input').isVisible()).toBe(false);
    await screenshot(page, 'console-case-resolved');

    // The resolved case leaves the default list (open and claimed), live.
    await expect.poll(() => page.locator(`[data-testid="console-case-row"][data-case-id="${caseId}"]`).count(), { timeout: 5_000 }).toBe(0);
    await byTestId(page, 'console-filter-status').selectOption('resolved');
    await page.locator(`[data-testid="console-case-row"][data-case-id="${caseId}"]`).waitFor({ timeout: 5_000 });

    // 7. The same page on a phone.
    await page.setViewportSize(PHONE);
    await screenshot(page, 'console-case-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    expect(alerts).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reconnects after the live connection drops, and shows a new case without a reload', async () => {
    const { page, errors } = await openConsole(PHONE);
    await signIn(page, 'ana', 'correct horse');
    const live = byTestId(page, 'console-live');
    await live.filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    for (const socket of consoleSockets) socket.destroy();
    await live.filter({ hasText: 'reconnecting' }).waitFor({ timeout: 5_000 });
    await live.filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    const before = await byTestId(page, 'console-case-row').count();
    const carl = await newCustomer({ id: 'c-43', name: 'Carl' }, { id: 'W-43' });
    await carl.stream.waitFor((all) => lastQuestion(all) === 'csat', 'the first question');
    await carl.say('I want to talk to a person');
    await byTestId(page, 'console-case-row').filter({ hasText: 'Carl' }).waitFor({ timeout: 5_000 });
    expect(await byTestId(page, 'console-case-row').count()).toBe(before + 1);
    await screenshot(page, 'console-list-phone');

    // On a phone the case replaces the list; a reload keeps the session and the open case.
    await byTestId(page, 'console-case-row').filter({ hasText: 'Carl' }).click();
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Carl');
    expect(await byTestId(page, 'console-case-row').first().isVisible()).toBe(false);
    await byTestId(page, 'console-claim').waitFor();
    await page.reload();
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Carl');
    await page.getByRole('button', { name: '← Cases' }).click();
    await byTestId(page, 'console-case-row').filter({ hasText: 'Carl' }).waitFor();
    expect(await byTestId(page, 'console-case-title').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
