/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { InvitationRecord } from '../../src/core/distribution/invitation.js';
import { EmailSender } from '../../src/distribution/email/EmailSender.js';
import { invitationLinks } from '../../src/distribution/invitationLinks.js';
import { UnsubscribeTokens } from '../../src/distribution/UnsubscribeTokens.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp, TOKEN_SIGNING_KEY } from '../support/app.js';
import { answerValues } from '../support/answers.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer.js';
import { launch, screenshot, watchErrors } from './browser.js';

const PHONE = { width: 390, height: 844 };

/**
 * An invitation email's one-click answer in real Chromium: the email goes out over SMTP, the
 * customer clicks "4" in it, and the web chat opens with 4 recorded and the next question asked;
 * opening the link again (a reload, another device) does not answer twice.
 */
describe('one-click answers from the invitation email, in Chromium', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  let smtp: TestSmtpServer;
  let sender: EmailSender;
  let browser: Browser;
  const optOuts: { customerId: string; via: string }[] = [];

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores(), optOut: async (customerId, via) => void optOuts.push({ customerId, via }) });
    api = await listen(satisfy.app, (server) => satisfy.attach(server));
    smtp = await startSmtpServer();
    sender = new EmailSender({ smtpUrl: smtp.url, from: 'Acme <surveys@acme.example>', timeoutMs: 5000 });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    sender?.close();
    await smtp?.close();
    await api?.close();
    await satisfy?.close();
  });

  /** Sends the invitation for one order and returns the email as the customer receives it. */
  async function emailFor(orderId: string, customer: InvitationRecord['customer'], locale = 'en'): Promise<{ html: string; text: string; unsubscribe: string }> {
    const script = await satisfy.scripts.published('post-purchase');
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale, customer: { id: customer.id, ...(customer.name ? { name: customer.name } : {}) }, order: { id: orderId } }, 86_400_000);
    const unsubscribe = await new UnsubscribeTokens(TOKEN_SIGNING_KEY).create({ customerId: customer.id, locale });
    const now = new Date().toISOString();
    const links = invitationLinks(api.url, invite, script, unsubscribe);
    await sender.send({
      invitation: { id: `inv-${orderId}`, surveyId: 'post-purchase', channel: 'email', customer, order: { id: orderId }, locale, status: 'scheduled', createdAt: now, sendAt: now, expiresAt: now, reminders: { sent: 0, max: 1 }, history: [], requestedBy: 'test' },
      script,
      links,
      reminder: false,
    });
    const mail = smtp.mails.at(-1)!;
    return { html: mail.parsed.html as string, text: mail.parsed.text ?? '', unsubscribe: links.unsubscribe };
  }

  /** The href of the answer link for `value` in the HTML part. */
  function answerLink(html: string, value: number): string {
    const href = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&').replace(/&amp;/g, '&')).find((h) => h.endsWith(`?answer=${value}`));
    if (!href) throw new Error(`no answer link for ${value}`);
    return href;
  }

  async function open(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    return { page, errors };
  }

  const bot = (page: Page) => page.locator('[data-testid="satisfy-msg-bot"]');
  const user = (page: Page) => page.locator('[data-testid="satisfy-msg-user"]');
  const waitForBot = (page: Page, fragment: string) => bot(page).filter({ hasText: fragment }).last().waitFor({ timeout: 20_000 });

  async function responseFor(orderId: string) {
    return (await satisfy.stores.responses.list({})).find((r) => r.orderId === orderId);
  }

  /** Long enough for a widget that would answer again to have done so, and the bot to reply. */
  const settle = (page: Page) => page.waitForTimeout(1500);

  it('clicking 4 in the email opens the chat with 4 recorded and the next question; opening it again answers nothing', async () => {
    const email = await emailFor('E-1', { id: 'c-e1', name: 'Ana', email: 'ana@example.com' });

    // How the email looks, for the artifacts and the docs.
    const mailView = await browser.newPage({ viewport: { width: 680, height: 540 } });
    await mailView.setContent(email.html);
    await screenshot(mailView, 'email-invitation-en');
    await mailView.screenshot({ path: `${ROOT}docs/images/email-invitation.png`, fullPage: true, animations: 'disabled' });
    await mailView.close();

    const link = answerLink(email.html, 4);
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'en-US' });
    const { page, errors } = await open(context, link);
    await waitForBot(page, 'How satisfied are you with the delivery?');
    expect(await user(page).allTextContents()).toEqual(['★★★★']);
    expect(answerValues(await responseFor('E-1'))).toEqual({ csat: 4 });
    await screenshot(page, 'email-one-click-answered');

    // A reload of the same link: the chat resumes where it was, and 4 is not sent again.
    await page.goto(link);
    await waitForBot(page, 'How satisfied are you with the delivery?');
    await settle(page);
    expect(await user(page).allTextContents()).toEqual(['★★★★']);
    expect(await bot(page).filter({ hasText: 'already been answered' }).count()).toBe(0);
    expect(answerValues(await responseFor('E-1'))).toEqual({ csat: 4 });

    // The survey goes on from there.
    await page.locator('[data-testid="satisfy-answer"]').nth(4).click();
    await waitForBot(page, 'quality');
    expect(answerValues(await responseFor('E-1'))).toEqual({ csat: 4, delivery: 5 });
    expect(errors).toEqual([]);
    await context.close();

    // Another device (no stored session) opening another value of the same email: the survey has
    // moved on, so nothing is answered and the chat shows where it stands.
    const other = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const second = await open(other, answerLink(email.html, 1));
    await waitForBot(second.page, 'quality');
    await settle(second.page);
    expect(await user(second.page).allTextContents()).toEqual(['★★★★', '★★★★★']);
    expect(await bot(second.page).filter({ hasText: 'already been answered' }).count()).toBe(0);
    expect(answerValues(await responseFor('E-1'))).toEqual({ csat: 4, delivery: 5 });
    expect(second.errors).toEqual([]);
    await other.close();
  });

  it('opens the plain survey for an answer off the scale, in the invitation language', async () => {
    const email = await emailFor('E-2', { id: 'c-e2', email: 'b@example.com' }, 'es');
    const link = answerLink(email.html, 4).replace('?answer=4', '?answer=9');
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const { page, errors } = await open(context, link);
    await waitForBot(page, '¿qué tan satisfecho estás con tu pedido?');
    await settle(page);
    expect(await user(page).count()).toBe(0);
    expect(Object.keys((await responseFor('E-2'))?.answers ?? {})).toEqual([]);
    // Answered by hand from there, as usual.
    await page.locator('[data-testid="satisfy-answer"]').nth(2).click();
    await waitForBot(page, 'entrega');
    expect(answerValues(await responseFor('E-2'))).toEqual({ csat: 3 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the unsubscribe link in the email opens a page whose button unsubscribes the customer', async () => {
    const email = await emailFor('E-3', { id: 'c-e3', email: 'c@example.com' }, 'zh-CN');
    const href = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!).find((h) => h.includes('/u/'));
    expect(href).toBe(email.unsubscribe);
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const { page, errors } = await open(context, href!);
    await page.getByText('您确定不再接收我们的问卷邀请吗？').waitFor();
    expect(optOuts).toEqual([]);
    await screenshot(page, 'email-unsubscribe-page');
    await page.getByRole('button', { name: '退订' }).click();
    await page.getByText('您已退订，我们不会再向您发送问卷邀请。').waitFor();
    expect(optOuts).toEqual([{ customerId: 'c-e3', via: 'link' }]);
    await screenshot(page, 'email-unsubscribed');
    expect(errors).toEqual([]);
    await context.close();
  });
});
