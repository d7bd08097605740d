/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { FakeSlack, SIGNING_SECRET } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 1000 };
const PHONE = { width: 390, height: 844 };

/**
 * Three rows: a link invitation (with an idempotency key), a Slack invitation to an address the
 * fake Slack does not know (it will fail and be dead-lettered), and a row without a customer id.
 */
const CSV = [
  'surveyId,channel,customer.id,customer.email,customer.name,customer.locale,customer.timezone,customer.slackUserId,order.id,sendAt,idempotencyKey,customer.tier',
  'post-purchase,link,cust-ana,,Ana García,es,Europe/Madrid,,A-1001,,order-A-1001,gold',
  'post-purchase,slack,cust-kim,nobody@example.com,Kim,en,UTC,,A-1002,,,silver',
  'post-purchase,link,,,No Id,en,,,A-1003,,,',
].join('\r\n');

/** The Distribution page and the case page's customer history in Chromium, on the real app. */
describe('the distribution page in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  let slack: FakeSlack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    receiver = await startWebhookReceiver();
    const users = [`root:admin:${bcrypt.hashSync('battery staple', 4)}`, `ana:agent:${bcrypt.hashSync('correct horse', 4)}`].join(',');
    satisfy = await createTestApp(
      {
        CONSOLE_USERS: users,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PUBLIC_URL: 'https://survey.example.com',
        INVITE_QUIET_HOURS: 'off',
        // One try: a send that fails is a dead letter at once.
        JOBS_MAX_ATTEMPTS: '1',
      },
      { stores: memoryStores(), background: false },
    );
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await satisfy?.close();
    await slack?.close();
    await receiver?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  async function open(path: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
    const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}${path}`);
    return { page, errors, context };
  }

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
  }

  async function upload(page: Page, name: string, csv: string): Promise<void> {
    await byTestId(page, 'csv-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await byTestId(page, 'csv-table').waitFor({ timeout: 10_000 });
  }

  const rowState = (page: Page, row: number) => byTestId(page, 'csv-table').locator(`[data-row="${row}"]`).getAttribute('data-state');

  it('lets an admin make an API key, send invitations from a CSV, follow them, retry a dead letter and set up a webhook', async () => {
    const { page, errors, context } = await open('/staff/distribution');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, 'root', 'battery staple');
    await byTestId(page, 'staff-nav-distribution').waitFor();
    await byTestId(page, 'dist-keys').waitFor({ timeout: 10_000 });
    expect(await page.title()).toContain('Distribution');

    // 1. An API key, shown once, that works.
    await byTestId(page, 'key-name').fill('shop backend');
    await byTestId(page, 'key-scope-read').check();
    await byTestId(page, 'key-create').click();
    const secret = byTestId(page, 'key-secret-value');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^sat_/);
    expect(await byTestId(page, 'key-secret').textContent()).toContain("You won't see it again");
    await byTestId(page, 'key-secret-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await byTestId(page, 'keys-table').locator('[data-testid="key-row"]', { hasText: 'shop backend' }).waitFor();
    const works = await fetch(`${server.url}/api/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ surveyId: 'post-purchase', customer: { id: 'cust-api' } }),
    });
    expect(works.status).toBe(201);
    await byTestId(page, 'key-secret-done').click();
    expect(await byTestId(page, 'key-secret').count()).toBe(0);
    await page.reload();
    await byTestId(page, 'keys-table').waitFor({ timeout: 10_000 });
    expect(await page.locator('body').textContent()).not.toContain(key);
    expect(await byTestId(page, 'keys-table').textContent()).toMatch(/shop backend.*invite.*read/);

    // 2. The sample file is offered, and reads as three good rows.
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'csv-sample').click()]);
    const sample = await readFile((await download.path())!, 'utf8');
    expect(sample.split('\r\n')[0]).toMatch(/^surveyId,channel,customer\.id,customer\.email/);
    await upload(page, 'sample.csv', sample);
    await expect.poll(() => byTestId(page, 'csv-summary').textContent()).toContain('3 rows, 3 ready to send, 0 with problems');
    await byTestId(page, 'csv-clear').click();

    // 3. The CSV: the row without a customer id is shown with its problem and not sent.
    await upload(page, 'orders.csv', CSV);
    await expect.poll(() => byTestId(page, 'csv-summary').textContent()).toContain('3 rows, 2 ready to send, 1 with problems');
    expect(await rowState(page, 4)).toBe('invalid');
    expect(await byTestId(page, 'csv-table').locator('[data-row="4"]').textContent()).toContain('customer.id: required.');
    expect(await byTestId(page, 'csv-send').textContent()).toBe('Send 2 invitations');
    await screenshot(page, 'distribution-csv-preview');
    await byTestId(page, 'csv-send').click();
    await expect.poll(() => rowState(page, 2)).toBe('created');
    expect(await rowState(page, 3)).toBe('created');
    expect(await rowState(page, 4)).toBe('invalid');
    await expect.poll(() => byTestId(page, 'csv-summary').textContent()).toContain('2 created, 0 already there, 0 refused');
    expect((await satisfy.stores.invitations.ofCustomer('cust-ana', 10)).map((i) => [i.status, i.customer.tier])).toEqual([['sent', 'gold']]);
    expect(await satisfy.stores.invitations.ofCustomer('', 10)).toEqual([]);

    // The same file again: the keyed row is the same invitation, the other a DUPLICATE.
    await byTestId(page, 'csv-clear').click();
    await upload(page, 'orders.csv', CSV);
    await byTestId(page, 'csv-send').click();
    await expect.poll(() => rowState(page, 2)).toBe('existing');
    await expect.poll(() => rowState(page, 3)).toBe('refused');
    expect(await byTestId(page, 'csv-table').locator('[data-row="3"]').textContent()).toContain('duplicate');

    // 4. The invitations, with their statuses and history, and the refusal with its reason.
    const invRow = (customer: string) => byTestId(page, 'inv-table').locator(`[data-customer="${customer}"]`);
    await invRow('cust-ana').waitFor({ timeout: 10_000 });
    await expect.poll(() => invRow('cust-ana').getAttribute('data-status')).toBe('sent');
    expect(await invRow('cust-kim').getAttribute('data-status')).toBe('scheduled');
    await byTestId(page, 'refusals-table').locator('[data-reason="DUPLICATE"]', { hasText: 'cust-kim' }).waitFor();

    // 5. The scheduler runs the Slack send; Slack knows no such user: failed, and a dead letter.
    await satisfy.jobs.runDue();
    await byTestId(page, 'jobs-refresh').click();
    const dead = byTestId(page, 'jobs-table').locator('[data-testid="job-row"]');
    await dead.first().waitFor({ timeout: 10_000 });
    expect(await dead.count()).toBe(1);
    expect(await dead.textContent()).toMatch(/send an invitation.*users_not_found/);
    expect(await byTestId(page, 'jobs-count-dead').textContent()).toContain('1');
    await byTestId(page, 'inv-refresh').click();
    await expect.poll(() => invRow('cust-kim').getAttribute('data-status')).toBe('failed');
    expect(await invRow('cust-kim').textContent()).toContain('users_not_found');
    await invRow('cust-kim').locator('[data-testid="inv-toggle"]').click();
    const history = byTestId(page, 'inv-history');
    await history.waitFor();
    expect(await history.textContent()).toMatch(/scheduled[\s\S]*failed/);

    // Kim joins the Slack workspace; "Try again": the dead letter goes back to the queue, runs,
    // and the invitation is sent this time.
    slack.emails.set('nobody@example.com', 'UKIM');
    await dead.locator('[data-testid="job-revive"]').click();
    await byTestId(page, 'jobs-dead').getByText('No dead letters').waitFor({ timeout: 10_000 });
    expect((await satisfy.stores.jobs.counts()).dead).toBe(0);
    await satisfy.jobs.runDue();
    expect((await satisfy.stores.jobs.deadLetters(10)).length).toBe(0);
    await byTestId(page, 'inv-refresh').click();
    await expect.poll(() => invRow('cust-kim').getAttribute('data-status')).toBe('sent');

    // 6. A webhook endpoint at a local receiver: its secret once, a ping delivered, the log.
    await byTestId(page, 'hook-url').fill(receiver.url);
    await byTestId(page, 'hook-desc').fill('CRM');
    await byTestId(page, 'hook-event-case.opened').check();
    await byTestId(page, 'hook-event-response.completed').check();
    await byTestId(page, 'hook-create').click();
    expect(await byTestId(page, 'hook-secret-value').inputValue()).toMatch(/^whsec_/);
    const hook = byTestId(page, 'hook').filter({ hasText: receiver.url });
    await hook.waitFor({ timeout: 10_000 });
    await hook.locator('[data-testid="hook-ping"]').click();
    await expect.poll(() => hook.locator('[data-testid="hook-ping-result"]').getAttribute('data-status')).toBe('delivered');
    expect(receiver.received.map((r) => r.headers['satisfy-event'])).toEqual(['ping']);
    await hook.locator('[data-testid="hook-log-toggle"]').click();
    await hook.locator('[data-testid="hook-delivery"][data-status="delivered"]').waitFor({ timeout: 10_000 });
    await byTestId(page, 'hook-secret-done').click();

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'distribution');
    // For docs/distribution.md: the CSV upload's outcome and the invitations, as an admin sees them.
    await mkdir(`${ROOT}docs/images`, { recursive: true });
    await byTestId(page, 'dist-upload').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${ROOT}docs/images/distribution.png`, animations: 'disabled' });

    // In Spanish, the refusal reason is translated.
    await byTestId(page, 'staff-lang').selectOption('es');
    await expect.poll(() => byTestId(page, 'refusals-table').textContent()).toContain('duplicada');
    await byTestId(page, 'staff-lang').selectOption('en');
    expect(errors).toEqual([]);
  });

  it('stacks on a phone', async () => {
    const { page, errors } = await open('/staff/distribution', PHONE);
    await signIn(page, 'root', 'battery staple');
    const table = byTestId(page, 'inv-table');
    await table.waitFor({ timeout: 10_000 });
    // One card per row: the header is hidden and no table is wider than the screen.
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.dist-ws table')].map((t) => t.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'distribution-phone');
    expect(errors).toEqual([]);
  });

  it('is not offered to agents, and shows them a customer’s history on a case', async () => {
    // cust-ana, invited above, answers another survey unhappily: a case.
    const c = new BotDriver(satisfy.bot, { conversationId: 'ana-unhappy' });
    await c.start({ surveyId: 'post-purchase', customer: { id: 'cust-ana', name: 'Ana García' }, order: { id: 'A-2002' } });
    await c.send('1');
    const { page, errors } = await open('/staff/console');
    await signIn(page, 'ana', 'correct horse');
    expect(await byTestId(page, 'staff-nav-distribution').isVisible()).toBe(false);
    const row = byTestId(page, 'console-case-row').filter({ hasText: 'Ana García' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const panel = byTestId(page, 'customer-history');
    await panel.waitFor({ timeout: 10_000 });
    await byTestId(page, 'history-invitations').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'history-optout').textContent()).toContain('May be invited');
    // Her link invitation to post-purchase, which this very survey started.
    const invited = byTestId(page, 'history-invitations').locator('li');
    expect(await invited.count()).toBe(1);
    expect(await invited.getAttribute('data-status')).toBe('started');
    expect(await panel.textContent()).toContain('post-purchase');
    await screenshot(page, 'distribution-case-history');

    // The page itself says no to an agent who opens its address.
    await page.goto(`${server.url}/staff/distribution`);
    await byTestId(page, 'staff-forbidden').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-forbidden').textContent()).toContain('managed by admins');
    expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
  });
});
