/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { freePort } from '../support/freePort.js';
import { listen, type Listening } from '../support/http.js';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcProvider, type TestOidcProvider } from '../support/oidcProvider.js';
import { ROOT } from '../support/scripts.js';
import { launch, screenshot, watchErrors } from './browser.js';

const DESKTOP = { width: 1280, height: 860 };

/** The "Sign in with …" button in Chromium, through a real OpenID Connect provider and back. */
describe('staff sign-in through an OpenID Connect provider, in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let provider: TestOidcProvider;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUris: [`${url}/staff/auth/oidc/callback`] });
    satisfy = await createTestApp(
      { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: `${url}/staff/auth/oidc/callback`, OIDC_LABEL: 'Acme ID' },
      { stores: memoryStores(), background: false },
    );
    server = await listen(satisfy.app, (http) => satisfy.attach(http), port);
    for (const account of [
      { name: 'ana', role: 'agent', email: 'ana@example.com', displayName: 'Ana García' },
      { name: 'bo', role: 'agent', email: 'bo@example.com', disabled: true },
    ]) {
      const { disabled, ...body } = account;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
      expect((await fetch(`${url}/staff/api/accounts`, { method: 'POST', headers, body: JSON.stringify(body) })).status).toBe(201);
      if (disabled) await fetch(`${url}/staff/api/accounts/${account.name}`, { method: 'PATCH', headers, body: JSON.stringify({ disabled: true }) });
    }
    browser = await launch();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await satisfy?.close();
    await provider?.close();
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

  it('the button shows, goes through the provider, and lands signed in on the page the person was on', async () => {
    const { page, errors } = await open('/staff/results#survey=post-purchase');
    const button = byTestId(page, 'staff-login-oidc');
    await button.waitFor({ timeout: 10_000 });
    expect(await button.textContent()).toBe('Sign in with Acme ID');
    await mkdir(`${ROOT}docs/images`, { recursive: true });
    await page.locator('form.signin-card').screenshot({ path: `${ROOT}docs/images/staff-sign-in-oidc.png`, animations: 'disabled' });

    provider.signInAs({ sub: 'ana-at-acme', email: 'Ana@Example.com', email_verified: true, name: 'Ana G.' });
    await button.click();
    // At the provider's own login page.
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByText('Signing in as Ana G. (Ana@Example.com)').waitFor();
    await byTestId(page, 'provider-continue').click();

    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-who').textContent()).toBe('ana (agent)');
    // Back where they were, with nothing of the sign-in left in the address.
    expect(new URL(page.url()).pathname).toBe('/staff/results');
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toContain('survey=post-purchase');
    expect(await byTestId(page, 'staff-nav-cases').isVisible()).toBe(true);
    expect(await byTestId(page, 'staff-nav-accounts').isVisible()).toBe(false);
    // The session is the staff app's usual one, in sessionStorage for this tab; no cookie of
    // ours is left for scripts or for other paths.
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('satisfy:staff') ?? 'null') as { user: { name: string; role: string } } | null);
    expect(stored?.user).toEqual({ name: 'ana', role: 'agent' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await screenshot(page, 'oidc-signed-in');
    expect(errors).toEqual([]);

    // A reload keeps the session, as after a password sign-in.
    await page.reload();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
  });

  it('an admin adds someone by email alone on the Staff page, and they sign in with the button', async () => {
    const admin = await open('/staff/accounts');
    await byTestId(admin.page, 'staff-login-token').check();
    await byTestId(admin.page, 'staff-login-password').fill(ADMIN_TOKEN);
    await byTestId(admin.page, 'staff-login-submit').click();
    await byTestId(admin.page, 'acct-list').waitFor({ timeout: 10_000 });
    await admin.page.getByText('Leave it empty for someone who signs in only through single sign-on').waitFor({ timeout: 10_000 });
    await byTestId(admin.page, 'acct-name').fill('cy');
    await byTestId(admin.page, 'acct-role').selectOption('viewer');
    await byTestId(admin.page, 'acct-create').click();
    await admin.page.getByText('Give a first password, or an email for single sign-on.').waitFor();
    // The same email as an active account is refused by the server, said in the page.
    await byTestId(admin.page, 'acct-email').fill('ANA@example.com');
    await byTestId(admin.page, 'acct-create').click();
    await admin.page.getByText('Another active account has this email.').waitFor();
    await byTestId(admin.page, 'acct-email').fill('Cy@Example.com');
    await byTestId(admin.page, 'acct-create').click();
    const row = admin.page.locator('[data-testid="acct-row"][data-account="cy"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid="acct-row-email"]').textContent()).toBe('cy@example.com');
    expect(await row.locator('[data-testid="acct-sso-only"]').textContent()).toBe('single sign-on only');
    expect(admin.errors.filter((e) => !e.includes('409'))).toEqual([]);

    const { page, errors } = await open('/staff');
    provider.signInAs({ sub: 'cy-at-acme', email: 'cy@example.com', email_verified: true });
    await byTestId(page, 'staff-login-oidc').click();
    await byTestId(page, 'provider-continue').click();
    await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-who').textContent()).toBe('cy (viewer)');
    expect(new URL(page.url()).pathname).toBe('/staff/results');
    expect(errors).toEqual([]);
  });

  it('a refusal is said in the page language, with the button right there to try again', async () => {
    const { page } = await open('/staff', 'es-ES');
    await byTestId(page, 'staff-login-oidc').waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'staff-login-oidc').textContent()).toBe('Iniciar sesión con Acme ID');
    provider.signInAs({ sub: 'bo-at-acme', email: 'bo@example.com', email_verified: true });
    await byTestId(page, 'staff-login-oidc').click();
    await byTestId(page, 'provider-continue').click();
    const error = byTestId(page, 'staff-login-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toBe('Tu cuenta del equipo está desactivada. Pide a un administrador que la active.');
    expect(new URL(page.url()).search).toBe('');
    expect(await byTestId(page, 'staff-login-oidc').isVisible()).toBe(true);
    await screenshot(page, 'oidc-refused-es');

    // Someone the app does not know, in Chinese (a new browser: the provider remembers bo).
    const other = await open('/staff');
    await other.page.selectOption('[data-testid="staff-lang"]', 'zh-CN');
    expect(await byTestId(other.page, 'staff-login-oidc').textContent()).toBe('使用 Acme ID 登录');
    provider.signInAs({ sub: 'who', email: 'who@example.com', email_verified: true });
    await byTestId(other.page, 'staff-login-oidc').click();
    await byTestId(other.page, 'provider-continue').click();
    await other.page.getByText('这里没有使用您邮箱地址的员工账号。请让管理员在“员工”页面把它添加到您的账号。').waitFor({ timeout: 10_000 });
    expect(other.errors).toEqual([]);
  });

  it('a provider that is down: the button says so in the page, and the password form still works', async () => {
    // An instance started while its provider is away (nothing listens on that port).
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const lonely = await createTestApp(
      { OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: `${url}/staff/auth/oidc/callback`, OIDC_LABEL: 'Acme ID' },
      { stores: memoryStores(), background: false },
    );
    const http = await listen(lonely.app, (s) => lonely.attach(s), port);
    try {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
      contexts.push(context);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${url}/staff`);
      await byTestId(page, 'staff-login-oidc').click();
      await page.getByText('The sign-in provider cannot be reached right now').waitFor({ timeout: 10_000 });
      expect(new URL(page.url()).pathname).toBe('/staff/console');
      expect(new URL(page.url()).search).toBe('');
      await screenshot(page, 'oidc-provider-down');
      await byTestId(page, 'staff-login-token').check();
      await byTestId(page, 'staff-login-password').fill(ADMIN_TOKEN);
      await byTestId(page, 'staff-login-submit').click();
      await byTestId(page, 'staff-signout').waitFor({ timeout: 10_000 });
      expect(errors).toEqual([]);
    } finally {
      await lonely.close();
      await http.close();
    }
  });
});
