import { readFile } from 'node:fs/promises';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { launch, screenshot, watchErrors } from './browser.js';
import { answerValues } from '../support/answers.js';
import { webchatBundle } from './webchatBundle.js';

const SECRET = 'directline-secret-for-webchat-tests';

/**
 * Microsoft's Web Chat (botframework-webchat, pinned in test/e2e/webchat-compat) against our
 * Direct Line server, served from another origin like a shop page would be.
 */
describe('Microsoft Web Chat against our Direct Line server', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  let host: Listening;
  let browser: Browser;

  beforeAll(async () => {
    // The first run installs Web Chat (npm ci, about half a minute), hence the long timeout.
    const bundle = await readFile(await webchatBundle(), 'utf8');
    satisfy = await createTestApp({ DIRECTLINE_SECRET: SECRET }, { stores: memoryStores() });
    api = await listen(satisfy.app, satisfy.attach);
    const page = express();
    page.get('/favicon.ico', (_req, res) => res.status(204).end());
    page.get('/webchat.js', (_req, res) => res.type('text/javascript').send(bundle));
    page.get('/', (req, res) => {
      const { token, mode } = req.query as { token: string; mode: string };
      res.type('html').send(`<!doctype html><html><body style="margin:0"><div id="webchat" style="height:100vh"></div>
<script src="/webchat.js"></script>
<script>
  window.WebChat.renderWebChat({
    directLine: window.WebChat.createDirectLine({ token: ${JSON.stringify(token)}, domain: ${JSON.stringify(`${api.url}/v3/directline`)}, webSocket: ${mode === 'websocket'} }),
    userID: 'webchat-user', locale: 'en-US'
  }, document.getElementById('webchat'));
</script></body></html>`);
    });
    host = await listen(page);
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await api?.close();
    await satisfy?.close();
  });

  async function lastBotText(page: Page): Promise<string> {
    return (await page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').last().innerText()).trim();
  }

  it.each(['websocket', 'polling'])('completes the sample survey by %s', async (mode) => {
    const { token, conversationId } = await new DirectLineClient(api.url, SECRET).json<{ token: string; conversationId: string }>('POST', '/tokens/generate', { user: { id: `wc-${mode}` } });
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
    const errors = watchErrors(page);

    await page.goto(`${host.url}/?mode=${mode}&token=${encodeURIComponent(token)}`);
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.waitFor();

    const send = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
    };
    const click = async (title: string) => {
      await page.locator('.webchat__suggested-actions button', { hasText: new RegExp(`^${title}$`) }).last().click();
    };
    const waitForBot = async (fragment: string) => {
      await page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: fragment }).last().waitFor({ timeout: 20_000 });
    };

    await send('hi');
    await waitForBot('Overall, how satisfied');
    await click('5');
    await waitForBot('delivery');
    await send('four');
    await waitForBot('quality');
    await click('5');
    await waitForBot('value for money');
    await send('⭐⭐⭐⭐');
    await waitForBot('recommend');
    await click('10');
    await waitForBot('What did you like most');
    await send('The tea is lovely');
    // Web Chat renders Markdown, which turns ' into ’.
    await waitForBot('glad you');
    expect(await lastBotText(page)).toMatch(/We.re glad you.re happy/);
    await screenshot(page, `webchat-${mode}-finished`);

    const [response] = (await satisfy.stores.responses.list({})).filter((r) => r.status === 'completed' && r.answers.liked?.value === 'The tea is lovely' && r.id && r.channel === 'directline').slice(-1);
    expect(response).toBeDefined();
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 4, product_quality: 5, value: 4, nps: 10, liked: 'The tea is lovely' });
    // Every message Web Chat sent was echoed back exactly once (it would show a retry mark otherwise).
    const log = await new DirectLineClient(api.url, SECRET).activities(conversationId);
    const fromUser = log.activities.filter((a) => a.from.role === 'user');
    expect(new Set(fromUser.map((a) => a.channelData?.clientActivityID)).size).toBe(fromUser.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
