import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

const PASSWORD = 'correct horse battery';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions below check the shape
type Json = Record<string, any>;
const BOOT_HASH = bcrypt.hashSync('bootstrap-password', 4);

/** Two instances on one Redis: an admin changes accounts on A, the staff use B. */
describe('staff accounts across two instances on one Redis', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    const env = { CONSOLE_USERS: `boot:admin:${BOOT_HASH}:Boot Admin` };
    a = await createTestApp(env, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp(env, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await onA?.close();
    await onB?.close();
  });

  const call = (base: string, token: string) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Json };
  };
  const admin = (base: string) => call(base, ADMIN_TOKEN);
  const signIn = async (base: string, username: string, password = PASSWORD) => {
    const res = await fetch(`${base}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  let n = 0;
  const fresh = () => `agent${++n}_${Date.now().toString(36)}`;

  it('an account added on A signs in on B at once, with its role and display name, and its hash is never shown', async () => {
    const name = fresh();
    const created = await admin(onA.url)('POST', '/staff/api/accounts', { name, role: 'agent', password: PASSWORD, displayName: 'Ana García' });
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ name, role: 'agent', displayName: 'Ana García', disabled: false, hasPassword: true });
    expect(JSON.stringify(created.body)).not.toContain('$2');

    const login = await signIn(onB.url, name);
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ name, role: 'agent', displayName: 'Ana García' });
    const me = await call(onA.url, login.body.token)('GET', '/console/api/me');
    expect(me.body.user).toEqual({ name, role: 'agent', displayName: 'Ana García' });
    expect((await call(onB.url, login.body.token)('GET', '/console/api/cases')).status).toBe(200);

    const listed = await admin(onB.url)('GET', '/staff/api/accounts');
    expect(listed.body.accounts.map((x: { name: string }) => x.name)).toContain(name);
    expect(listed.body.bootstrap).toEqual([{ name: 'boot', role: 'admin', displayName: 'Boot Admin' }]);
    expect(JSON.stringify(listed.body)).not.toContain('$2');
  });

  it("a disabled agent's open session is refused at once on every instance, and they cannot sign in again until enabled", async () => {
    const name = fresh();
    await admin(onA.url)('POST', '/staff/api/accounts', { name, role: 'agent', password: PASSWORD });
    const { token } = (await signIn(onA.url, name)).body as { token: string };
    expect((await call(onB.url, token)('GET', '/console/api/cases')).status).toBe(200);

    expect((await admin(onA.url)('PATCH', `/staff/api/accounts/${name}`, { disabled: true })).body.account.disabled).toBe(true);
    for (const base of [onA.url, onB.url]) {
      expect((await call(base, token)('GET', '/console/api/cases')).status).toBe(401);
      expect((await call(base, token)('GET', '/console/api/me')).status).toBe(401);
    }
    expect((await signIn(onB.url, name)).status).toBe(401);

    // Enabled again: a new sign-in works, the session from before the disabling stays dead.
    await admin(onB.url)('PATCH', `/staff/api/accounts/${name}`, { disabled: false });
    const again = await signIn(onA.url, name);
    expect(again.status).toBe(200);
    expect((await call(onB.url, again.body.token)('GET', '/console/api/cases')).status).toBe(200);
    expect((await call(onB.url, token)('GET', '/console/api/cases')).status).toBe(401);
  });

  it('a role change on A holds for an open session on B at once', async () => {
    const name = fresh();
    await admin(onA.url)('POST', '/staff/api/accounts', { name, role: 'agent', password: PASSWORD });
    const { token } = (await signIn(onB.url, name)).body as { token: string };
    expect((await call(onB.url, token)('GET', '/console/api/cases')).status).toBe(200);
    expect((await call(onB.url, token)('GET', '/staff/api/accounts')).status).toBe(403);

    await admin(onA.url)('PATCH', `/staff/api/accounts/${name}`, { role: 'viewer' });
    expect((await call(onB.url, token)('GET', '/console/api/cases')).status).toBe(403);
    expect((await call(onB.url, token)('GET', '/console/api/me')).body.user.role).toBe('viewer');

    await admin(onA.url)('PATCH', `/staff/api/accounts/${name}`, { role: 'admin' });
    expect((await call(onB.url, token)('GET', '/staff/api/accounts')).status).toBe(200);
    // An admin cannot lock themselves out.
    const self = await call(onB.url, token)('PATCH', `/staff/api/accounts/${name}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('OWN_ACCOUNT');
  });

  it('revoking sessions, and a password reset, end open sessions everywhere; the new password works at once', async () => {
    const name = fresh();
    await admin(onA.url)('POST', '/staff/api/accounts', { name, role: 'agent', password: PASSWORD });
    const first = (await signIn(onB.url, name)).body.token as string;
    expect((await admin(onA.url)('POST', `/staff/api/accounts/${name}/revoke`)).status).toBe(200);
    expect((await call(onB.url, first)('GET', '/console/api/me')).status).toBe(401);

    // A session issued right after the revocation is good.
    const second = (await signIn(onB.url, name)).body.token as string;
    expect((await call(onA.url, second)('GET', '/console/api/me')).status).toBe(200);

    expect((await admin(onB.url)('POST', `/staff/api/accounts/${name}/password`, { password: 'a brand new password' })).status).toBe(200);
    expect((await call(onA.url, second)('GET', '/console/api/me')).status).toBe(401);
    expect((await signIn(onA.url, name)).status).toBe(401);
    expect((await signIn(onA.url, name, 'a brand new password')).status).toBe(200);
  });

  it('answers bad input and unknown or taken names with clear 4xx, and refuses non-admins', async () => {
    const post = admin(onA.url);
    const cases: [unknown, number, string][] = [
      [{ name: 'x', role: 'boss', password: PASSWORD }, 400, 'role must be admin, agent or viewer'],
      [{ name: 'x y', role: 'agent', password: PASSWORD }, 400, 'name must be'],
      [{ name: 'short', role: 'agent', password: 'short' }, 400, 'password must be at least 10 characters'],
      [{ name: 'extra', role: 'agent', password: PASSWORD, admin: true }, 400, 'admin'],
      [[1, 2], 400, 'Send a JSON object'],
      [{ name: 'boot', role: 'agent', password: PASSWORD }, 409, 'CONSOLE_USERS'],
      [{ name: 'admin', role: 'agent', password: PASSWORD }, 409, 'admin token'],
    ];
    for (const [body, status, text] of cases) {
      const res = await post('POST', '/staff/api/accounts', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.message).toContain(text);
    }
    const name = fresh();
    expect((await post('POST', '/staff/api/accounts', { name, role: 'viewer', password: PASSWORD })).status).toBe(201);
    expect((await post('POST', '/staff/api/accounts', { name, role: 'agent', password: PASSWORD })).body.error.code).toBe('ACCOUNT_EXISTS');
    expect((await post('PATCH', '/staff/api/accounts/nobody-here', { disabled: true })).status).toBe(404);
    expect((await post('POST', '/staff/api/accounts/nobody-here/revoke')).status).toBe(404);
    expect((await post('PATCH', `/staff/api/accounts/${name}`, {})).status).toBe(400);

    const viewer = (await signIn(onA.url, name)).body.token as string;
    expect((await call(onA.url, viewer)('GET', '/staff/api/accounts')).status).toBe(403);
    expect((await fetch(`${onA.url}/staff/api/accounts`)).status).toBe(401);
    // The bootstrap user still signs in, unchanged.
    expect((await signIn(onB.url, 'boot', 'bootstrap-password')).body.user).toEqual({ name: 'boot', role: 'admin', displayName: 'Boot Admin' });
  });
});
