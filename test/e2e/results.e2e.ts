/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DAY = 86_400_000;
const DESKTOP = { width: 1360, height: 1400 };
const PHONE = { width: 390, height: 844 };
const DOCS_IMAGES = `${ROOT}docs/images`;

const SURVEY = `id: shop-pulse
title: { en: Shop pulse }
defaultLocale: en
locales: [en]
segments: [brand]
questions:
  - id: csat
    type: rating
    scale: csat
    aspect: overall
    text: { en: How satisfied are you with your order? }
  - id: delivery
    type: rating
    scale: csat
    aspect: delivery
    text: { en: And with the delivery? }
  - id: ease
    type: rating
    scale: ces
    text: { en: How easy was it to order? }
  - id: nps
    type: rating
    scale: nps
    text: { en: How likely are you to recommend us? }
  - id: comment
    type: text
    required: false
    text: { en: Anything else you want to tell us? }
endings:
  - id: thanks
    text: { en: Thank you! }
`;

/** A one-question survey with enough responses for more than one page of the response table. */
const QUICK = `id: quick
title: { en: Quick }
defaultLocale: en
locales: [en]
questions:
  - id: score
    type: rating
    scale: csat
    text: { en: How was it? }
endings:
  - id: thanks
    text: { en: Thanks! }
`;
const QUICK_RESPONSES = 61;

/** [brand, csat, delivery, ces, nps, comment] of a customer who answers everything. */
type Answers = [brand: string, csat: number, delivery: number, ces: number, nps: number, comment: string];

/** This week's customers: 6 complete, 1 stops after the first question (Bolt, csat 4). */
const RECENT: Answers[] = [
  ['Acme', 5, 5, 7, 10, 'Great service and fast delivery'],
  ['Acme', 5, 4, 6, 9, 'Great service, lovely staff'],
  ['Acme', 4, 4, 5, 8, 'Fine overall'],
  ['Acme', 2, 2, 3, 3, 'The <b>late delivery</b> ruined it'],
  ['Bolt', 1, 1, 2, 0, 'Late delivery and a broken box'],
  ['Bolt', 3, 3, 4, 6, 'Late delivery again'],
];
/** Twenty days ago: two unhappy Acme customers (only in the 30-day view and the custom range's previous period). */
const OLD: Answers[] = [
  ['Acme', 2, 1, 3, 2, 'Slow'],
  ['Acme', 1, 2, 2, 7, 'Slow and rude'],
];

/** The results page in Chromium, as a viewer, on answers recorded through the real bot. */
describe('the results page in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  let offset = 0;
  let resultsChunk = '';
  const contexts: BrowserContext[] = [];
  const today = () => new Date(Date.now()).toISOString().slice(0, 10);
  const dayBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

  async function customer(i: number, a: Answers): Promise<void> {
    const c = new BotDriver(satisfy.bot, { conversationId: `pulse-${i}` });
    await c.start({ surveyId: 'shop-pulse', customer: { id: `c-${i}` }, order: { id: `o-${i}`, brand: a[0] } });
    const steps: [string, string | undefined][] = [
      [String(a[1]), 'delivery'],
      [String(a[2]), 'ease'],
      [String(a[3]), 'nps'],
      [String(a[4]), 'comment'],
      [a[5], undefined],
    ];
    expect(c.currentQuestion()).toBe('csat');
    for (const [text, next] of steps) {
      await c.send(text);
      if (next) expect(c.currentQuestion(), `customer ${i} after "${text}"`).toBe(next);
    }
  }

  beforeAll(async () => {
    const users = [`vera:viewer:${bcrypt.hashSync('read only', 4)}`, `root:admin:${bcrypt.hashSync('battery staple', 4)}`].join(',');
    const clock = { now: () => Date.now() + offset };
    satisfy = await createTestApp({ CONSOLE_USERS: users }, { clock, stores: memoryStores(clock) });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
    await mkdir(DOCS_IMAGES, { recursive: true });

    // The survey, published as an admin would.
    const login = await fetch(`${server.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'battery staple' }) });
    const { token } = (await login.json()) as { token: string };
    const admin = (method: string, path: string, body: unknown) =>
      fetch(`${server.url}/admin/api${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect((await admin('PUT', '/surveys/shop-pulse/draft', { source: SURVEY })).status).toBe(200);
    expect((await admin('POST', '/surveys/shop-pulse/publish', { comment: 'for the results test' })).status).toBe(200);
    expect((await admin('PUT', '/surveys/quick/draft', { source: QUICK })).status).toBe(200);
    expect((await admin('POST', '/surveys/quick/publish', { comment: 'for paging' })).status).toBe(200);
    for (let i = 0; i < QUICK_RESPONSES; i++) {
      const c = new BotDriver(satisfy.bot, { conversationId: `quick-${i}` });
      await c.start({ surveyId: 'quick', customer: { id: `q-${i}` } });
      await c.send(String((i % 5) + 1));
    }

    offset = -20 * DAY;
    for (const [i, a] of OLD.entries()) await customer(100 + i, a);
    offset = 0;
    for (const [i, a] of RECENT.entries()) await customer(i, a);
    // Stops after the first answer: started, not completed.
    const quitter = new BotDriver(satisfy.bot, { conversationId: 'pulse-quit' });
    await quitter.start({ surveyId: 'shop-pulse', customer: { id: 'c-quit' }, order: { id: 'o-quit', brand: 'Bolt' } });
    await quitter.send('4');
    await quitter.send('stop');
    expect((await satisfy.stores.responses.list({ surveyId: 'shop-pulse' })).map((r) => r.status).sort()).toEqual([...Array(8).fill('completed'), 'opted_out']);

    // Which lazy chunk is the results page (uPlot's legend class is in it).
    const html = await (await fetch(`${server.url}/staff`)).text();
    const main = /src="(\/assets\/staff-[A-Z0-9]+\.js)"/.exec(html)![1]!;
    const js = await (await fetch(`${server.url}${main}`)).text();
    for (const m of js.matchAll(/import\("\.\/(chunk-[A-Z0-9]+\.js)"\)/g)) {
      const body = await (await fetch(`${server.url}/assets/${m[1]}`)).text();
      if (body.includes('u-legend')) resultsChunk = `/assets/${m[1]}`;
    }
    expect(resultsChunk).not.toBe('');
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
  const card = (page: Page, id: string) => byTestId(page, `results-card-${id}`).locator('[data-testid="results-card-value"]');
  const cardN = (page: Page, id: string) => byTestId(page, `results-card-${id}`).locator('[data-testid="results-card-n"]');

  async function open(path: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}${path}`);
    return { page, errors, requests };
  }

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
  }

  /** The five cards' values once they show this scope. */
  async function figures(page: Page): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of ['csat', 'nps', 'ces', 'responses', 'completion']) out[id] = ((await card(page, id).textContent()) ?? '').trim();
    return out;
  }

  async function waitForScope(page: Page, text: RegExp): Promise<void> {
    await expect.poll(() => byTestId(page, 'results-scope').textContent(), { timeout: 10_000 }).toMatch(text);
    await byTestId(page, 'results-card-csat').waitFor();
  }

  it('shows a viewer the results only, with the headline figures of the answers given, and follows the segment and date filters', async () => {
    const { page, errors, requests } = await open('/staff');
    await signIn(page, 'vera', 'read only');
    // A viewer's home is the results, with no Cases or Surveys in the navigation and no live socket.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/staff/results');
    expect(await byTestId(page, 'staff-nav-results').isVisible()).toBe(true);
    expect(await byTestId(page, 'staff-nav-cases').isVisible()).toBe(false);
    expect(await byTestId(page, 'staff-nav-surveys').isVisible()).toBe(false);
    expect(await byTestId(page, 'console-live').isVisible()).toBe(false);
    expect(await byTestId(page, 'staff-who').textContent()).toBe('vera (viewer)');
    await expect.poll(() => requests.includes(resultsChunk)).toBe(true);

    // No survey list for a viewer: the id is typed (or comes in a shared link).
    await byTestId(page, 'results-intro').waitFor();
    await byTestId(page, 'results-survey').fill('shop-pulse');
    await byTestId(page, 'results-survey').press('Enter');
    await waitForScope(page, /all responses/);

    // The last 30 days: all nine responses (eight completed), the two old ones included.
    // CSAT 4 of 9 in 4–5 = 44%; NPS 2 promoters, 5 detractors of 8 = −38 → with 2 and 7: 2 − 4 of 8 = −25; CES 32/8.
    expect(await figures(page)).toEqual({ csat: '44%', nps: '-25', ces: '4.00', responses: '9', completion: '89%' });
    expect(await cardN(page, 'csat').textContent()).toBe('n = 9 answers');
    expect(await cardN(page, 'nps').textContent()).toBe('n = 8 answers');
    expect(new URL(page.url()).hash).toBe('#survey=shop-pulse');

    // The last 7 days: the seven recent ones. CSAT 5,5,4,2,1,3 and the quitter's 4: 4 of 7 = 57%;
    // NPS 10,9,8,3,0,6: (2 − 3)/6 = −17; CES 7,6,5,3,2,4 = 4.50; 6 of 7 completed = 86%.
    await byTestId(page, 'results-range').selectOption('7');
    await waitForScope(page, new RegExp(`${new Date(Date.now() - 6 * DAY).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' })}`));
    await expect.poll(() => figures(page)).toEqual({ csat: '57%', nps: '-17', ces: '4.50', responses: '7', completion: '86%' });
    expect(new URL(page.url()).hash).toBe('#survey=shop-pulse&range=7');

    // Only Acme: 5,5,4,2 → 75%; NPS 10,9,8,3 → +25; CES 7,6,5,3 → 5.25; all four completed.
    await byTestId(page, 'results-segment').selectOption({ label: 'brand: Acme' });
    await waitForScope(page, /brand: Acme/);
    await expect.poll(() => figures(page)).toEqual({ csat: '75%', nps: '+25', ces: '5.25', responses: '4', completion: '100%' });
    expect(new URL(page.url()).hash).toBe('#survey=shop-pulse&range=7&segment.brand=Acme');

    // The breakdown by brand lists both brands, both marked small (under 30 responses), none hidden.
    await byTestId(page, 'results-segment').selectOption({ label: 'All responses' });
    await waitForScope(page, /all responses/);
    const groups = page.locator('[data-testid="results-breakdown-table"] tbody tr');
    await expect.poll(() => groups.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-group')}:${r.getAttribute('data-small')}`))).toEqual(['Acme:true', 'Bolt:true']);
    expect(await groups.first().textContent()).toContain('75%');

    // A custom range: the last 11 days, compared with the 11 days before (which hold the two old
    // ones, CSAT 0 of 2): CSAT 57% now, +57 points.
    await byTestId(page, 'results-range').selectOption('custom');
    await byTestId(page, 'results-from').fill(dayBefore(10));
    await byTestId(page, 'results-to').fill(today());
    await byTestId(page, 'results-apply').click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#survey=shop-pulse&from=${dayBefore(10)}&to=${today()}`);
    await expect.poll(() => figures(page)).toEqual({ csat: '57%', nps: '-17', ces: '4.50', responses: '7', completion: '86%' });
    const change = byTestId(page, 'results-card-csat').locator('.change');
    expect(await change.getAttribute('data-change')).toBe('up');
    expect(await change.textContent()).toContain('+57 pts');
    expect(await byTestId(page, 'results-card-csat').textContent()).toContain('Previous period: 0% (n = 2)');

    // The other panels: drop-off, drivers, themes with quotes as text, the responses.
    // Seven reached the delivery question: six answered it, the quitter left there.
    const delivery = page.locator('[data-testid="results-funnel"] tr[data-question="delivery"] td');
    expect(await delivery.nth(0).textContent()).toMatch(/^7 \(100%\)/);
    expect(await delivery.nth(1).textContent()).toMatch(/^6 \(86%\)/);
    expect(await delivery.nth(3).textContent()).toBe('1');
    await expect.poll(() => page.locator('[data-testid="results-drivers"] tbody tr').count()).toBeGreaterThan(0);
    const themes = byTestId(page, 'results-themes');
    await expect.poll(() => themes.textContent()).toContain('late delivery');
    expect(await themes.locator('b').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="results-responses"] tbody tr[data-response]').count()).toBe(7);
    await screenshot(page, 'results-viewer-desktop');
    expect(errors).toEqual([]);
  });

  it('opens a shared link, pages the responses, and downloads CSV and XLSX exports with the same filters', async () => {
    const { page, errors } = await open('/staff/results#survey=shop-pulse&range=90&segment.brand=Acme');
    await signIn(page, 'vera', 'read only');
    await waitForScope(page, /brand: Acme/);
    // Acme over 90 days: 5,5,4,2 and the old 2,1 → 3 of 6 = 50%.
    await expect.poll(() => figures(page)).toEqual({ csat: '50%', nps: '0', ces: '4.33', responses: '6', completion: '100%' });
    expect(await byTestId(page, 'results-range').inputValue()).toBe('90');
    await expect.poll(() => page.locator('[data-testid="results-responses"] tbody tr[data-response]').count()).toBe(6);

    const csv = page.waitForEvent('download');
    await byTestId(page, 'results-export-csv').click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toMatch(/^shop-pulse-responses.*\.csv$/);
    const rows = parse(await readFile((await csvFile.path())!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r['segment.brand']))).toEqual(new Set(['Acme']));
    expect(rows.map((r) => Number(r.csat)).sort()).toEqual([1, 2, 2, 4, 5, 5]);

    const xlsx = page.waitForEvent('download');
    await byTestId(page, 'results-export-xlsx').click();
    const xlsxFile = await xlsx;
    expect(xlsxFile.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxFile.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(7); // the header and six responses
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const csatCol = header.indexOf('csat');
    expect(csatCol).toBeGreaterThan(0);
    expect([2, 3, 4, 5, 6, 7].map((r) => Number(sheet.getRow(r).getCell(csatCol).value)).sort()).toEqual([1, 2, 2, 4, 5, 5]);
    expect(errors).toEqual([]);
  });

  it('pages the response table with "More": the next page by cursor, none twice, until the last', async () => {
    const { page, errors } = await open('/staff/results#survey=quick&range=7');
    await signIn(page, 'vera', 'read only');
    await waitForScope(page, /all responses/);
    expect(await card(page, 'responses').textContent()).toBe(String(QUICK_RESPONSES));
    const rows = page.locator('[data-testid="results-responses"] tbody tr[data-response]');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await byTestId(page, 'results-more').isVisible()).toBe(true);
    await byTestId(page, 'results-more').click();
    await expect.poll(() => rows.count()).toBe(QUICK_RESPONSES);
    expect(await byTestId(page, 'results-more').isVisible()).toBe(false);
    const ids = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-response')));
    expect(new Set(ids).size).toBe(QUICK_RESPONSES);
    expect(await byTestId(page, 'results-responses-count').textContent()).toBe(`${QUICK_RESPONSES} responses shown`);
    expect(errors).toEqual([]);
  });

  it('reads on a phone (390×844), and the cases page never downloads the results chunk', async () => {
    const { page, errors } = await open('/staff/results#survey=shop-pulse&range=30', PHONE);
    await signIn(page, 'vera', 'read only');
    await waitForScope(page, /all responses/);
    await expect.poll(() => figures(page)).toEqual({ csat: '44%', nps: '-25', ces: '4.00', responses: '9', completion: '89%' });
    // Nothing wider than the screen but the tables' own scrolling boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await byTestId(page, 'results-trend-chart').locator('canvas').waitFor();
    await screenshot(page, 'results-phone');
    expect(errors).toEqual([]);

    const admin = await open('/staff/console');
    await signIn(admin.page, 'root', 'battery staple');
    await byTestId(admin.page, 'console-live').filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    expect(await byTestId(admin.page, 'staff-nav-results').isVisible()).toBe(true);
    expect(admin.requests).not.toContain(resultsChunk);

    // The admin opens the results from the navigation: the chunk comes now, and the first
    // published survey of the admin's list opens.
    await byTestId(admin.page, 'staff-nav-results').click();
    await expect.poll(() => admin.requests.includes(resultsChunk)).toBe(true);
    await byTestId(admin.page, 'results-card-csat').waitFor({ timeout: 10_000 });
    // For the docs: the last 11 days against the 11 before, which hold the two old answers.
    await admin.page.goto(`${server.url}/staff/results#survey=shop-pulse&from=${dayBefore(10)}&to=${today()}`);
    await admin.page.reload();
    await waitForScope(admin.page, /all responses/);
    await expect.poll(() => figures(admin.page)).toEqual({ csat: '57%', nps: '-17', ces: '4.50', responses: '7', completion: '86%' });
    await byTestId(admin.page, 'results-trend-chart').locator('canvas').waitFor();
    await admin.page.evaluate(() => window.scrollTo(0, 0));
    await admin.page.mouse.move(0, 0);
    await admin.page.screenshot({ path: `${DOCS_IMAGES}/results.png`, animations: 'disabled' });
    expect(admin.errors).toEqual([]);
  });
});
