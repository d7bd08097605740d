/// <reference lib="dom" />
import type { Socket } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';
import { ROOT } from '../support/scripts.js';
import { answerValues } from '../support/answers.js';

const PHONE = { width: 390, height: 844 };

/** Our widget in real Chromium: embedded on a shop page (another origin) and on /chat. */
describe('the chat widget in Chromium', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  let shop: Listening;
  let browser: Browser;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    api = await listen(satisfy.app, (server) => {
      satisfy.attach(server);
      // The test keeps the WebSocket connections so it can cut them like a network would.
      server.on('upgrade', (_req, socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
    });
    const shopApp = express();
    shopApp.get('/favicon.ico', (_req, res) => res.status(204).end());
    shopApp.get('/order-confirmed', (req, res) => {
      const invite = String(req.query.invite ?? '');
      // The one tag a shop adds to its order-confirmation page.
      res.type('html').send(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>button { all: unset; color: red; } .msg { display: none; }</style></head>
<body><h1>Thank you for your order!</h1>
<script src="${api.url}/widget.js" data-invite="${invite}" async></script></body></html>`);
    });
    shop = await listen(shopApp);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await api?.close();
    await satisfy?.close();
  });

  async function openPage(url: string): Promise<{ page: Page; errors: string[]; alerts: string[] }> {
    const page = await browser.newPage({ viewport: PHONE, hasTouch: true, isMobile: true });
    const errors = watchErrors(page);
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    return { page, errors, alerts };
  }

  const bot = (page: Page) => page.locator('[data-testid="satisfy-msg-bot"]');
  const user = (page: Page) => page.locator('[data-testid="satisfy-msg-user"]');

  async function waitForBot(page: Page, fragment: string): Promise<void> {
    await bot(page).filter({ hasText: fragment }).last().waitFor({ timeout: 20_000 });
  }

  /** Clicks the answer button for a value of the current rating (min..max in order). */
  async function rate(page: Page, value: number, min = 1): Promise<void> {
    await page.locator('[data-testid="satisfy-answer"]').nth(value - min).click();
  }

  async function type(page: Page, text: string): Promise<void> {
    await page.locator('[data-testid="satisfy-input"]').fill(text);
    await page.locator('[data-testid="satisfy-send"]').click();
  }

  async function responseFor(orderId: string) {
    const all = await satisfy.stores.responses.list({});
    return all.find((r) => r.orderId === orderId);
  }

  it('completes the sample survey by clicks in English, from the bubble on a shop page', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-1', name: 'Ana' }, order: { id: 'W-1', items: [{ name: 'Teapot' }] } }, 86_400_000);
    const { page, errors } = await openPage(`${shop.url}/order-confirmed?invite=${invite}`);
    await page.locator('[data-testid="satisfy-bubble"]').click();
    await waitForBot(page, 'Hi Ana!');
    await waitForBot(page, 'Overall, how satisfied');
    await expect.poll(() => page.locator('[data-testid="satisfy-answer"]').count()).toBe(5);
    await rate(page, 2);
    await waitForBot(page, 'delivery');
    await rate(page, 1);
    await waitForBot(page, 'quality of Teapot');
    await rate(page, 3);
    await waitForBot(page, 'value for money');
    await rate(page, 2);
    await waitForBot(page, 'What could we do better');
    await type(page, 'The lid was chipped');
    await waitForBot(page, 'recommend');
    await expect.poll(() => page.locator('[data-testid="satisfy-answer"]').count()).toBe(11);
    // The README's picture: the widget on a shop's page, mid-survey.
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${ROOT}docs/images/widget.png`, animations: 'disabled' });
    await rate(page, 3, 0);
    await waitForBot(page, 'main reason');
    await page.locator('[data-testid="satisfy-answer"]', { hasText: 'Product quality' }).click();
    await waitForBot(page, 'contact you');
    await page.locator('[data-testid="satisfy-answer"]', { hasText: 'Yes' }).click();
    // The ending, then the one promise of a person (from the SLA of the case's priority).
    await waitForBot(page, "we'd like to put it right");
    await waitForBot(page, 'will join this chat within');
    await screenshot(page, 'widget-en-clicks-finished');
    expect(await page.locator('[data-testid="satisfy-answer"]').count()).toBe(0);

    const response = await responseFor('W-1');
    expect(response).toMatchObject({ status: 'completed', channel: 'directline', customerId: 'c-1', endingId: 'callback' });
    expect(answerValues(response)).toEqual({
      csat: 2,
      delivery: 1,
      product_quality: 3,
      value: 2,
      improve: 'The lid was chipped',
      nps: 3,
      detractor_reason: 'product_quality',
      contact_ok: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('completes the sample survey by typing in Simplified Chinese, on /s/:invite', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'zh-CN', customer: { name: '小王' }, order: { id: 'W-2' } }, 86_400_000);
    const { page, errors } = await openPage(`${api.url}/s/${invite}`);
    await waitForBot(page, '小王好');
    expect(await page.locator('[data-testid="satisfy-input"]').getAttribute('placeholder')).toMatch(/[\u4e00-\u9fff]/);
    for (const [answer, next] of [
      ['非常满意', '配送'],
      ['我给4分', '质量'],
      ['四颗星', '性价比'],
      ['一般', '推荐'],
      ['9分', '最喜欢'],
      ['质量很好，包装也漂亮', '期待再次为您服务'],
    ] as const) {
      await type(page, answer);
      await waitForBot(page, next);
    }
    await screenshot(page, 'widget-zh-CN-typed-finished');
    const response = await responseFor('W-2');
    expect(response).toMatchObject({ status: 'completed', locale: 'zh-CN', endingId: 'happy' });
    expect(answerValues(response)).toEqual({
      csat: 5,
      delivery: 4,
      product_quality: 4,
      value: 3,
      nps: 9,
      liked: '质量很好，包装也漂亮',
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a customer text that looks like HTML as text, running nothing', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', order: { id: 'W-3' } }, 86_400_000);
    const { page, errors, alerts } = await openPage(`${api.url}/s/${invite}`);
    await waitForBot(page, 'Overall, how satisfied');
    await rate(page, 1);
    await waitForBot(page, 'delivery');
    await rate(page, 1);
    await waitForBot(page, 'quality');
    await rate(page, 1);
    await waitForBot(page, 'value');
    await rate(page, 1);
    await waitForBot(page, 'What could we do better');
    const hostile = '<img src=x onerror=alert(1)> <script>alert(2)</script> <b>bold</b>';
    await type(page, hostile);
    await waitForBot(page, 'recommend');
    await expect.poll(async () => (await user(page).allTextContents()).includes(hostile)).toBe(true);
    const injected = await page.evaluate(() => {
      const host = [...document.querySelectorAll('*')].find((e) => e.shadowRoot);
      return host?.shadowRoot?.querySelectorAll('img, script, b').length ?? -1;
    });
    expect(injected).toBe(0);
    expect(alerts).toEqual([]);
    expect((await responseFor('W-3'))?.answers.improve?.value).toBe(hostile);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reconnects after the connection drops and the survey goes on, nothing lost or repeated', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', order: { id: 'W-4' } }, 86_400_000);
    const { page, errors } = await openPage(`${api.url}/s/${invite}`);
    await waitForBot(page, 'Overall, how satisfied');
    await rate(page, 5);
    await waitForBot(page, 'delivery');

    for (const socket of sockets) socket.destroy();
    await page.locator('[data-testid="satisfy-status"]').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 }).catch(() => {});
    await rate(page, 4);
    await waitForBot(page, 'quality');

    await page.context().setOffline(true);
    for (const socket of sockets) socket.destroy();
    await rate(page, 5);
    await page.waitForTimeout(1500);
    await page.context().setOffline(false);
    await waitForBot(page, 'value for money');
    await rate(page, 4);
    await waitForBot(page, 'recommend');

    const texts = await bot(page).allTextContents();
    for (const fragment of ['Overall, how satisfied', 'delivery', 'quality', 'value for money', 'recommend']) {
      expect(texts.filter((t) => t.includes(fragment)), fragment).toHaveLength(1);
    }
    expect(await user(page).count()).toBe(4);
    const response = await responseFor('W-4');
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 4, product_quality: 5, value: 4 });
    await screenshot(page, 'widget-after-reconnect');
    // Chromium reports the requests that failed while offline; those are expected here.
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED') && !e.includes('Failed to load resource'))).toEqual([]);
    await page.close();
  });

  it('is usable by keyboard alone', async () => {
    const { page } = await openPage(`${api.url}/chat?locale=es`);
    await waitForBot(page, 'En general');
    // The first answer button has focus when a question arrives.
    await page.keyboard.press('ArrowRight').catch(() => {});
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const host = [...document.querySelectorAll('*')].find((e) => e.shadowRoot);
      const el = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      return el ? { testid: el.dataset.testid, tag: el.tagName } : null;
    });
    expect(focused?.tag).toBe('BUTTON');
    await page.keyboard.press('Enter');
    await waitForBot(page, 'entrega');
    expect(await page.locator('[role="log"]').count()).toBe(1);
    await page.close();
  });
});
