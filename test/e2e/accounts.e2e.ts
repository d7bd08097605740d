/// <reference lib="dom" />
import bcrypt from 'bcryptjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { launch, watchErrors } from './browser.js';

const DESKTOP = { width: 1360, height: 1000 };

/** The Staff accounts page in Chromium: an admin adds an agent, the agent works, the admin disables them. */
describe('the staff accounts page in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: `root:admin:${bcrypt.hashSync('battery staple', 4)}:Root` }, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  async function open(path: string, locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: DESKTOP, locale, timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}${path}`);
    return { page, errors };
  }

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await byTestId(page, 'staff-login-user').fill(user);
    await byTestId(page, 'staff-login-password').fill(password);
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
  }

  const row = (page: Page, name: string) => page.locator(`[data-testid="acct-row"][data-account="${name}"]`);

  it('an admin adds an agent, the agent signs in and works, the admin disables them and their next request is refused', async () => {
    const admin = await open('/staff/accounts');
    await signIn(admin.page, 'root', 'battery staple');
    await byTestId(admin.page, 'acct-list').getByText('No accounts yet').waitFor({ timeout: 10_000 });
    expect(await admin.page.title()).toContain('Staff accounts');
    expect(await byTestId(admin.page, 'acct-bootstrap').textContent()).toContain('root');

    // A too-short password is refused in the form, before the server is asked.
    await byTestId(admin.page, 'acct-name').fill('ana');
    await byTestId(admin.page, 'acct-display').fill('Ana García');
    await byTestId(admin.page, 'acct-role').selectOption('agent');
    await byTestId(admin.page, 'acct-password').fill('short');
    await byTestId(admin.page, 'acct-create').click();
    await admin.page.getByText('The password needs at least 10 characters.').waitFor();
    await byTestId(admin.page, 'acct-password').fill('correct horse battery');
    await byTestId(admin.page, 'acct-create').click();
    await row(admin.page, 'ana').waitFor({ timeout: 10_000 });
    expect(await row(admin.page, 'ana').textContent()).toContain('Ana García');
    expect(await row(admin.page, 'ana').getByText('Active').count()).toBe(1);

    // The agent signs in in another browser and sees the cases, not the accounts page.
    const agent = await open('/staff/console');
    await signIn(agent.page, 'ana', 'correct horse battery');
    expect(await byTestId(agent.page, 'staff-who').textContent()).toContain('ana');
    expect(await byTestId(agent.page, 'staff-nav-accounts').isVisible()).toBe(false);
    expect(await byTestId(agent.page, 'staff-nav-cases').isVisible()).toBe(true);

    // The admin disables them (after a confirmation).
    await row(admin.page, 'ana').locator('[data-testid="acct-disable"]').click();
    await byTestId(admin.page, 'staff-confirm-ok').click();
    await row(admin.page, 'ana').getByText('Disabled').waitFor({ timeout: 10_000 });

    // The agent's next request is refused: the app says the session ended and shows the sign-in.
    // (The results page asks nothing until a survey is picked; back on the cases, the list is asked for.)
    await byTestId(agent.page, 'staff-nav-results').click();
    await byTestId(agent.page, 'staff-nav-cases').click();
    await byTestId(agent.page, 'staff-login-error').getByText('Your session has ended').waitFor({ timeout: 10_000 });
    expect(await byTestId(agent.page, 'staff-signout').isVisible()).toBe(false);
    // And a new sign-in is refused too.
    await byTestId(agent.page, 'staff-login-user').fill('ana');
    await byTestId(agent.page, 'staff-login-password').fill('correct horse battery');
    await byTestId(agent.page, 'staff-login-submit').click();
    await byTestId(agent.page, 'staff-login-error').getByText('Wrong username or password.').waitFor({ timeout: 10_000 });

    // Enabled, made a viewer, given a new password: they sign in and see the results only.
    await row(admin.page, 'ana').locator('[data-testid="acct-enable"]').click();
    await row(admin.page, 'ana').getByText('Active').waitFor({ timeout: 10_000 });
    await row(admin.page, 'ana').locator('[data-testid="acct-row-role"]').selectOption('viewer');
    await admin.page.getByText('ana is now Viewer: results only.').waitFor({ timeout: 10_000 });
    await row(admin.page, 'ana').locator('[data-testid="acct-reset"]').click();
    await row(admin.page, 'ana').locator('[data-testid="acct-reset-password"]').fill('a brand new password');
    await row(admin.page, 'ana').locator('[data-testid="acct-reset-save"]').click();
    await admin.page.getByText('New password set for ana').waitFor({ timeout: 10_000 });
    await signIn(agent.page, 'ana', 'a brand new password');
    expect(await byTestId(agent.page, 'staff-who').textContent()).toContain('(viewer)');
    expect(await byTestId(agent.page, 'staff-nav-cases').isVisible()).toBe(false);

    // "Sign out everywhere" ends that session too.
    await row(admin.page, 'ana').locator('[data-testid="acct-revoke"]').click();
    await byTestId(admin.page, 'staff-confirm-ok').click();
    await admin.page.getByText('ana is signed out everywhere.').waitFor({ timeout: 10_000 });
    await agent.page.reload();
    await byTestId(agent.page, 'staff-login-submit').waitFor({ timeout: 10_000 });
    expect(await byTestId(agent.page, 'staff-signout').isVisible()).toBe(false);

    expect(admin.errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
  });

  it('is in Spanish and Chinese, and an agent opening it is told it is for admins', async () => {
    const es = await open('/staff/accounts', 'es-ES');
    await signIn(es.page, 'root', 'battery staple');
    await es.page.getByRole('heading', { name: 'Cuentas del personal' }).waitFor({ timeout: 10_000 });
    await byTestId(es.page, 'staff-lang').selectOption('zh-CN');
    await es.page.getByRole('heading', { name: '员工账号' }).waitFor();
    expect(await byTestId(es.page, 'staff-nav-accounts').textContent()).toBe('员工');

    const created = await fetch(`${server.url}/staff/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-admin-token-0123456789' },
      body: JSON.stringify({ name: 'kim', role: 'agent', password: 'correct horse battery' }),
    });
    expect(created.status).toBe(201);
    const kim = await open('/staff/accounts');
    await signIn(kim.page, 'kim', 'correct horse battery');
    await byTestId(kim.page, 'staff-forbidden').getByText('Staff accounts are managed by admins').waitFor({ timeout: 10_000 });
  });
});
