/// <reference lib="dom" />
import bcrypt from 'bcryptjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient, Stream, type DlActivity } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 900 };
const NOTE = 'Internal: refund pre-approved by finance, do not mention the voucher';

const botTexts = (all: DlActivity[]) => all.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');
const lastQuestion = (all: DlActivity[]) => all.filter((a) => a.from.role === 'bot' && a.channelData?.satisfy?.questionId).at(-1)?.channelData?.satisfy?.questionId;

/** An agent who lives in the console: alerted when a case arrives, finds it by order id, replies
 * from a canned reply, leaves a note the customer never sees, and hands the case to a colleague. */
describe('the agent console: alerts, search, canned replies, notes and transfer in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  const streams: Stream[] = [];

  beforeAll(async () => {
    const users = [`ana:agent:${bcrypt.hashSync('correct horse', 4)}`, `ben:agent:${bcrypt.hashSync('battery staple', 4)}`].join(',');
    satisfy = await createTestApp({ CONSOLE_USERS: users }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
    browser = await launch();
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  it('a new case changes the title and the unread count and notifies; the agent works it from the keyboard and the panels', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['notifications'], { origin: server.url });
    // Desktop notifications are recorded as the page makes them (headless Chromium shows none).
    await context.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class Recorded {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
        close(): void {}
      }
      (window as unknown as { Notification: unknown }).Notification = Recorded;
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/staff/console`);
    await byTestId(page, 'staff-login-user').fill('ana');
    await byTestId(page, 'staff-login-password').fill('correct horse');
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'console-live').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'console-alerts-toggle').check();
    expect(await page.evaluate(() => localStorage.getItem('satisfy.staff.caseAlerts'))).toBe('1');
    expect(await page.title()).toBe('Cases · Satisfy');
    expect(await byTestId(page, 'staff-nav-unread').isVisible()).toBe(false);

    // A customer with order ORD-5150 is unhappy and asks for a person.
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-77', name: 'Zoë' }, order: { id: 'ORD-5150' } }, 86_400_000);
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    const session = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const client = new DirectLineClient(server.url, session.token);
    const stream = new Stream(session.streamUrl);
    streams.push(stream);
    await stream.opened;
    await stream.waitFor((all) => lastQuestion(all) === 'csat', 'the first question');
    for (const [text, next] of [['1', 'delivery'], ['1', 'product_quality'], ['1', 'value'], ['1', 'improve'], ['The parcel was crushed', 'nps']] as const) {
      await client.say(session.conversationId, text);
      await stream.waitFor((all) => lastQuestion(all) === next, `the ${next} question`);
    }
    await client.say(session.conversationId, 'I want to talk to a person');
    await stream.waitFor((all) => botTexts(all).some((t) => /support team will join this chat/.test(t)), 'the hand-off message');

    // The agent, on the page all along, sees it arrive: title, unread count, a notification.
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Cases · Satisfy');
    expect(await byTestId(page, 'staff-nav-unread').textContent()).toBe('1');
    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(shown[0]!.title).toMatch(/New case|Urgent case/);
    expect(shown[0]!.body).toContain('Zoë');
    await screenshot(page, 'console-agent-unread');

    // Found by its order id; opening it marks it read.
    await byTestId(page, 'console-search').fill('ord-5150');
    const rows = byTestId(page, 'console-case-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await byTestId(page, 'console-search').fill('ORD-0000');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(0);
    await byTestId(page, 'console-search').fill('ORD-5150');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    const caseId = (await rows.first().getAttribute('data-case-id'))!;
    await rows.first().click();
    await expect.poll(() => byTestId(page, 'console-case-title').textContent()).toContain('Zoë');
    await expect.poll(() => page.title()).not.toMatch(/^\(1\)/);
    expect(await byTestId(page, 'staff-nav-unread').isVisible()).toBe(false);

    // Claimed from the keyboard, then a canned reply filled for this customer and order.
    await byTestId(page, 'console-case-title').focus();
    await page.keyboard.press('c');
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/claimed/i);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('console-canned');
    await byTestId(page, 'console-canned').selectOption('sorry');
    const reply = await byTestId(page, 'console-reply-input').inputValue();
    expect(reply).toBe("Hi Zoë, I'm sorry about your experience with order ORD-5150. I'm looking into it now.");
    await byTestId(page, 'console-reply-send').click();
    await stream.waitFor((all) => botTexts(all).some((t) => t.includes('experience with order ORD-5150')), 'the canned reply in the chat');

    // An internal note: on the case page, never in the customer's chat.
    await byTestId(page, 'console-note-input').fill(NOTE);
    await byTestId(page, 'console-note-add').click();
    await byTestId(page, 'console-note').filter({ hasText: 'refund pre-approved' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'console-agent-case');

    // The shortcuts are listed.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    await byTestId(page, 'console-shortcuts').waitFor({ state: 'visible' });
    expect(await byTestId(page, 'console-shortcuts').textContent()).toMatch(/Next case.*Previous case.*Claim the case/s);
    await screenshot(page, 'console-shortcuts');
    await page.keyboard.press('Escape');
    await byTestId(page, 'console-shortcuts').waitFor({ state: 'hidden' });

    // Handed to Ben: he owns it, Ana may no longer write, and the customer hears who is there.
    await byTestId(page, 'console-assign-input').fill('ben');
    await byTestId(page, 'console-assign').click();
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/ben/i);
    expect(await byTestId(page, 'console-reply-input').isVisible()).toBe(false);
    await stream.waitFor((all) => botTexts(all).some((t) => /ben/i.test(t)), 'Ben joining the chat');
    const stored = await satisfy.stores.cases.get(caseId);
    expect(stored).toMatchObject({ status: 'claimed', assignee: { id: 'ben' } });

    // The customer's chat never held the note: not on their stream, not in the Direct Line log.
    expect(JSON.stringify(stream.activities)).not.toContain('pre-approved');
    expect(JSON.stringify((await satisfy.stores.activities.since(session.conversationId, 0, 1000)).activities)).not.toContain('pre-approved');
    expect(JSON.stringify(stored!.transcript)).not.toContain('pre-approved');

    expect(errors).toEqual([]);
    await context.close();
  });
});
