/// <reference lib="dom" />
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { answerValues } from '../support/answers.js';
import { createTestApp } from '../support/app.js';
import { freePort } from '../support/freePort.js';
import { DIALOGS_DIR } from '../support/scripts.js';
import { launch, screenshot, watchErrors } from './browser.js';

/** The prompt kinds the sample survey does not ask: faces, a 1–10 scale, a multiple choice that may be skipped. */
const PROMPTS = `
id: prompts
title: { en: Prompts }
defaultLocale: en
locales: [en]
questions:
  - id: mood
    type: rating
    scale: csat
    display: faces
    text: { en: How do you feel about it? }
  - id: effort
    type: rating
    scale: { min: 1, max: 10 }
    text: { en: How much effort did it take? }
  - id: liked
    type: choice
    multiple: true
    required: false
    text: { en: What did you like? }
    options:
      - { id: speed, label: { en: Speed } }
      - { id: price, label: { en: Price } }
      - { id: staff, label: { en: Staff } }
  - id: extra
    type: choice
    multiple: true
    required: false
    text: { en: Anything else? }
    options:
      - { id: nothing, label: { en: Nothing } }
      - { id: more, label: { en: More } }
endings:
  - { id: done, text: { en: "Thanks, noted." } }
`;

const PHONE = { width: 390, height: 844 };

/**
 * The shared prompt renderer (web/shared/renderPrompt.ts) in the widget, in Chromium, and the
 * widget served behind a path prefix, as a reverse proxy would (https://host/sat/…).
 */
describe('the widget’s prompts, and the widget behind a path prefix', () => {
  let dialogs: string;
  let satisfy: SatisfyApp;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    dialogs = await mkdtemp(join(tmpdir(), 'satisfy-widget-prompts-'));
    for (const f of ['post-purchase.yaml', 'recovery.yaml']) await copyFile(join(DIALOGS_DIR, f), join(dialogs, f));
    await writeFile(join(dialogs, 'prompts.yaml'), PROMPTS);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    satisfy = await createTestApp({ DIALOGS_DIR: dialogs, DEFAULT_SURVEY: 'prompts', PUBLIC_URL: `${origin}/sat` }, { stores: memoryStores() });
    // The proxy: everything under /sat goes to the app without the prefix, the stream too.
    const proxy = express();
    proxy.get('/favicon.ico', (_req, res) => res.status(204).end());
    proxy.use('/sat', satisfy.app);
    const manifest = JSON.parse(await readFile(join(loadConfig({}).webBuildDir, 'manifest.json'), 'utf8')) as { assets: Record<string, string> };
    proxy.get('/shop', (_req, res) => {
      res.type('html').send(`<!doctype html><html lang="en"><body><h1>Shop</h1>
<script src="/sat${manifest.assets['widget.js']}" data-open="true" async></script></body></html>`);
    });
    server = createServer(proxy);
    server.prependListener('upgrade', (req) => {
      req.url = req.url?.replace(/^\/sat(?=\/)/, '');
    });
    satisfy.attach(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await satisfy?.close();
    await rm(dialogs, { recursive: true, force: true });
  });

  const bot = (page: Page) => page.locator('[data-testid="satisfy-msg-bot"]');
  const user = (page: Page) => page.locator('[data-testid="satisfy-msg-user"]');
  const answers = (page: Page) => page.locator('[data-testid="satisfy-answer"]');
  const waitForBot = (page: Page, fragment: string) => bot(page).filter({ hasText: fragment }).last().waitFor({ timeout: 20_000 });

  it('draws faces, a 1–10 scale and a multiple choice with Send and Skip, and sends what was picked', async () => {
    const page = await browser.newPage({ viewport: PHONE, hasTouch: true, isMobile: true });
    const errors = watchErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // The shop page embeds the hashed bundle under /sat/assets/: the widget must find /sat/.
    await page.goto(`${origin}/shop`);
    await waitForBot(page, 'How do you feel');
    expect(requests).toContain('/sat/webchat/session');
    expect(await answers(page).allTextContents()).toEqual(['😡', '😞', '😐', '🙂', '😍']);
    expect(await answers(page).nth(3).getAttribute('aria-label')).toBe('4 of 5');
    await answers(page).nth(3).click();
    await waitForBot(page, 'How much effort');
    expect(await user(page).allTextContents()).toEqual(['4']);
    expect(await answers(page).allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await answers(page).nth(6).click();
    await waitForBot(page, 'What did you like');

    const send = page.locator('[data-testid="satisfy-multi-send"]');
    expect(await send.textContent()).toBe('Send');
    expect(await send.isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="satisfy-skip"]').textContent()).toBe('Skip');
    await answers(page).filter({ hasText: 'Staff' }).click();
    await answers(page).filter({ hasText: 'Speed' }).click();
    await answers(page).filter({ hasText: 'Price' }).click();
    await answers(page).filter({ hasText: 'Price' }).click(); // ticked, then not
    expect(await answers(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-pressed')))).toEqual(['true', 'false', 'true']);
    expect(await send.isDisabled()).toBe(false);
    await screenshot(page, 'widget-multiple-choice');
    await send.click();
    await waitForBot(page, 'Anything else');
    // In the options' order, not the order of the clicks.
    expect(await user(page).allTextContents()).toEqual(['4', '7', 'Speed, Staff']);
    expect(await page.locator('[data-testid="satisfy-multi-send"]').count()).toBe(1);
    await page.locator('[data-testid="satisfy-skip"]').click();
    await waitForBot(page, 'Thanks, noted');
    expect(await user(page).allTextContents()).toEqual(['4', '7', 'Speed, Staff', 'Skip']);
    expect(await answers(page).count()).toBe(0);

    const response = (await satisfy.stores.responses.list({})).find((r) => r.surveyId === 'prompts');
    expect(answerValues(response)).toMatchObject({ mood: 4, effort: 7, liked: ['speed', 'staff'] });
    expect(response?.answers.extra?.value ?? null).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
