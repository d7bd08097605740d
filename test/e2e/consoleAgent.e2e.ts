/// <reference lib="dom" />
import bcrypt from 'bcryptjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 900 };
const PHONE = { width: 420, height: 860 };
const NOTE = 'Internal: refund pre-approved by finance, do not mention the voucher';
const EDITED = "Hi {name}, I'm so sorry about order {orderId}. I'm on it right now and will write again today.";

/** An agent who lives in the console: alerted when a case arrives, finds it by order id, sees the
 * customer typing and is seen typing, replies from a canned reply an admin has just reworded,
 * leaves a note the customer never sees, and hands the case to a colleague picked from the list.
 * The customer is in the real widget. */
describe('the agent console: alerts, search, typing, canned replies, notes and transfer in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    const users = [`ana:agent:${bcrypt.hashSync('correct horse', 4)}`, `ben:agent:${bcrypt.hashSync('battery staple', 4)}:Ben Ito`, `root:admin:${bcrypt.hashSync('root password', 4)}`].join(',');
    satisfy = await createTestApp({ CONSOLE_USERS: users }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
  const signIn = async (page: Page, user: string, password: string) => {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
  };

  it('an admin rewords a canned reply on the Replies page; agents cannot open it', async () => {
    // Tall enough for the whole editor under the header (the docs' picture).
    const context = await browser.newContext({ viewport: { width: 1360, height: 1800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/staff/replies`);
    await signIn(page, 'root', 'root password');
    const row = byTestId(page, 'canned-row').filter({ hasText: 'sorry' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('From the file');
    await row.locator('[data-testid="canned-edit"]').click();
    await byTestId(page, 'canned-text-en').fill('Hi {nmae}');
    await byTestId(page, 'canned-save').click();
    // The server's words, naming the place and the placeholders there are.
    await expect.poll(() => byTestId(page, 'canned-error').textContent()).toContain('unknown placeholder {nmae}');
    await byTestId(page, 'canned-text-en').fill(EDITED);
    // Mending the text clears the complaint about it.
    await byTestId(page, 'canned-error').waitFor({ state: 'hidden' });
    expect(await byTestId(page, 'canned-preview-en').textContent()).toContain("Hi Zoë, I'm so sorry about order ORD-1042.");
    await screenshot(page, 'canned-replies-editor');
    // The agent guide's picture of the editor.
    await byTestId(page, 'canned-form').screenshot({ path: `${ROOT}docs/images/canned-replies-editor.png`, animations: 'disabled' });
    await byTestId(page, 'canned-save').click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Changed here');
    await screenshot(page, 'canned-replies-list');
    await context.close();
    // The one refused save is the browser's only complaint.
    expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // An agent: the page is not theirs.
    const agent = await browser.newContext({ viewport: DESKTOP });
    const agentPage = await agent.newPage();
    await agentPage.goto(`${server.url}/staff/replies`);
    await signIn(agentPage, 'ana', 'correct horse');
    await byTestId(agentPage, 'staff-forbidden').waitFor({ timeout: 10_000 });
    expect(await byTestId(agentPage, 'staff-nav-replies').isVisible()).toBe(false);
    await agent.close();
  });

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
    await signIn(page, 'ana', 'correct horse');
    await byTestId(page, 'console-live').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await byTestId(page, 'console-alerts-toggle').check();
    expect(await page.evaluate(() => localStorage.getItem('satisfy.staff.caseAlerts'))).toBe('1');
    expect(await page.title()).toBe('Cases · Satisfy');
    expect(await byTestId(page, 'staff-nav-unread').isVisible()).toBe(false);

    // A customer with order ORD-5150 is unhappy, in the widget, and asks for a person.
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-77', name: 'Zoë' }, order: { id: 'ORD-5150' } }, 86_400_000);
    const shopper = await browser.newContext({ viewport: PHONE });
    const chat = await shopper.newPage();
    const chatErrors = watchErrors(chat);
    await chat.goto(`${server.url}/s/${invite}`);
    const botSays = (fragment: string) => byTestId(chat, 'satisfy-msg-bot').filter({ hasText: fragment }).last().waitFor({ timeout: 20_000 });
    const typeInChat = async (text: string) => {
      await byTestId(chat, 'satisfy-input').fill(text);
      await byTestId(chat, 'satisfy-send').click();
    };
    await botSays('Overall, how satisfied');
    for (const [answer, next] of [['1', 'delivery'], ['1', 'quality'], ['1', 'value for money'], ['1', 'What could we do better'], ['The parcel was crushed', 'recommend']] as const) {
      await typeInChat(answer);
      await botSays(next);
    }
    await typeInChat('I want to talk to a person');
    await botSays('support team will join this chat');

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

    // The customer starts typing in the widget: the case says so, for a few seconds.
    await byTestId(chat, 'satisfy-input').fill('Are you still th');
    await expect.poll(() => byTestId(page, 'console-customer-typing').textContent(), { timeout: 10_000 }).toBe('Zoë is typing…');
    await screenshot(page, 'console-customer-typing');
    await byTestId(page, 'console-customer-typing').waitFor({ state: 'hidden', timeout: 10_000 });

    // Claimed from the keyboard, then a canned reply filled for this customer and order.
    await byTestId(page, 'console-case-title').focus();
    await page.keyboard.press('c');
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/claimed/i);
    // The transcript's note of the claim reads in the agent's language, like the rest of the page.
    await expect.poll(() => byTestId(page, 'console-transcript').textContent()).toContain('ana claimed the case');
    await byTestId(page, 'staff-lang').selectOption('es');
    await expect.poll(() => byTestId(page, 'console-transcript').textContent()).toContain('ana asumió el caso');
    await byTestId(page, 'staff-lang').selectOption('zh-CN');
    await expect.poll(() => byTestId(page, 'console-transcript').textContent()).toContain('ana认领了此工单');
    await byTestId(page, 'staff-lang').selectOption('en');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('console-canned');
    // The reply as the admin reworded it a moment ago, filled in for Zoë and her order.
    await byTestId(page, 'console-canned').selectOption('sorry');
    const reply = await byTestId(page, 'console-reply-input').inputValue();
    expect(reply).toBe("Hi Zoë, I'm so sorry about order ORD-5150. I'm on it right now and will write again today.");
    // Ana types: Zoë sees the typing dots in the widget (never a message of their own).
    await byTestId(page, 'console-reply-input').press('End');
    await byTestId(page, 'console-reply-input').type(' Thanks');
    await byTestId(chat, 'satisfy-typing').waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(chat, 'widget-agent-typing');
    await byTestId(page, 'console-reply-send').click();
    await botSays('on it right now');
    await byTestId(chat, 'satisfy-typing').waitFor({ state: 'hidden', timeout: 10_000 });

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

    // Handed to Ben, picked from the list of people who take cases (Ana owns it, so she is not
    // on it; Ben has no console open); he owns it, Ana may no longer write, and the customer
    // hears who is there.
    const pick = byTestId(page, 'console-assign-pick');
    await expect.poll(() => pick.locator('option').allTextContents(), { timeout: 10_000 }).toEqual(['Choose a colleague…', 'Ben Ito · offline · 0 open', 'root · offline · 0 open']);
    await pick.selectOption('ben');
    await screenshot(page, 'console-assign-pick');
    await byTestId(page, 'console-assign').click();
    await expect.poll(() => byTestId(page, 'console-case-status').textContent()).toMatch(/Ben Ito/);
    expect(await byTestId(page, 'console-reply-input').isVisible()).toBe(false);
    await botSays('Ben Ito');
    const stored = await satisfy.stores.cases.get(caseId);
    expect(stored).toMatchObject({ status: 'claimed', assignee: { id: 'ben', name: 'Ben Ito' } });

    // The customer's chat never held the note: not in the widget, not in the Direct Line log;
    // and no typing was kept.
    const conversationId = stored!.address.conversationId;
    expect(await chat.locator('body').textContent()).not.toContain('pre-approved');
    const log = (await satisfy.stores.activities.since(conversationId, 0, 1000)).activities;
    expect(JSON.stringify(log)).not.toContain('pre-approved');
    expect(log.filter((a) => a.type === 'typing')).toEqual([]);
    expect(JSON.stringify(stored!.transcript)).not.toContain('pre-approved');

    expect(errors).toEqual([]);
    expect(chatErrors).toEqual([]);
    await shopper.close();
    await context.close();
  });
});
