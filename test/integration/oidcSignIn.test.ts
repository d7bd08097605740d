import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { CookieJar } from '../support/cookieJar.js';
import { freePort } from '../support/freePort.js';
import { listen, type Listening } from '../support/http.js';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcProvider, throughProvider, type TestOidcProvider } from '../support/oidcProvider.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions below check the shape
type Json = Record<string, any>;
const JSON_ONLY = { accept: 'application/json' };

/** An app listening on a port known before it is made (OIDC_REDIRECT_URL names it). */
async function oidcApp(issuer: string, env: Record<string, string> = {}, options: Parameters<typeof createTestApp>[1] = {}, port?: number): Promise<{ app: SatisfyApp; http: Listening; url: string }> {
  const appPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${appPort}`;
  const app = await createTestApp(
    { OIDC_ISSUER: issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: `${url}/staff/auth/oidc/callback`, OIDC_LABEL: 'Okta', ...env },
    options,
  );
  const http = await listen(app.app, app.attach, appPort);
  return { app, http, url };
}

const admin = async (base: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Json };
};
const me = async (base: string, token: string) => (await fetch(`${base}/console/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** Start → provider → callback, in one cookie jar, as a browser would; the callback's answer. */
async function signInAt(base: string, jar = new CookieJar(), headers: Record<string, string> = {}) {
  const start = await jar.fetch(`${base}/staff/auth/oidc/start`);
  expect(start.status).toBe(303);
  const callbackUrl = await throughProvider(jar, start.headers.get('location')!, base);
  expect(new URL(callbackUrl).pathname).toBe('/staff/auth/oidc/callback');
  const callback = await jar.fetch(callbackUrl, { headers });
  return { jar, callback, callbackUrl };
}

/** The staff app's side: trade the hand-off cookie for the session. */
async function takeSession(base: string, jar: CookieJar) {
  const res = await jar.fetch(`${base}/staff/auth/oidc/session`, { method: 'POST', headers: JSON_ONLY });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('staff sign-in through a real OpenID Connect provider', () => {
  let provider: TestOidcProvider;
  let satisfy: { app: SatisfyApp; http: Listening; url: string };
  let n = 0;
  const fresh = () => `oidc${++n}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    const appPort = await freePort();
    provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${appPort}/staff/auth/oidc/callback`] });
    satisfy = await oidcApp(provider.issuer, {}, {}, appPort);
  });

  afterAll(async () => {
    await satisfy?.app.close();
    await satisfy?.http.close();
    await provider?.close();
  });

  it('tells the sign-in page that there is a provider, and its name', async () => {
    const res = await fetch(`${satisfy.url}/staff/auth/methods`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ password: true, oidc: { label: 'Okta', start: '/staff/auth/oidc/start' } });
  });

  it('start sends the browser to the provider with the code flow, PKCE S256, state and nonce, and keeps them in a sealed httpOnly cookie', async () => {
    const jar = new CookieJar();
    const start = await jar.fetch(`${satisfy.url}/staff/auth/oidc/start`);
    expect(start.status).toBe(303);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT_ID,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: `${satisfy.url}/staff/auth/oidc/callback`,
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = jar.get(satisfy.url, 'satisfy_oidc')!;
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/SameSite=Lax/i);
    expect(cookie.attributes).toMatch(/Path=\/staff\/auth\/oidc/i);
    // Sealed: neither the state nor the verifier can be read from it.
    expect(cookie.value.split('.')).toHaveLength(5);
    expect(cookie.value).not.toContain(to.searchParams.get('state'));
  });

  it("a verified email lands signed in with its account's role, however the provider writes the email", async () => {
    for (const role of ['agent', 'viewer', 'admin'] as const) {
      const name = fresh();
      expect((await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role, email: `${name}@Example.com`, displayName: 'Ana García' })).status).toBe(201);
      provider.signInAs({ sub: `sub-${name}`, email: `${name.toUpperCase()}@EXAMPLE.COM`, email_verified: true, name: 'Ana at the provider' });

      const { jar, callback } = await signInAt(satisfy.url);
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/staff?signin=oidc');
      expect(jar.get(satisfy.url, 'satisfy_oidc')).toBeUndefined(); // the transaction is spent
      expect(jar.get(satisfy.url, 'satisfy_oidc_session')?.attributes).toMatch(/HttpOnly/i);

      const session = await takeSession(satisfy.url, jar);
      expect(session.status).toBe(200);
      expect(session.body.user).toEqual({ name, role, displayName: 'Ana García' });
      expect(Date.parse(session.body.expiresAt)).toBeGreaterThan(Date.now());
      const whoami = await fetch(`${satisfy.url}/console/api/me`, { headers: { authorization: `Bearer ${session.body.token}` } });
      expect(((await whoami.json()) as Json).user).toEqual({ name, role, displayName: 'Ana García' });
      // The hand-off cookie is cleared once taken.
      expect(jar.get(satisfy.url, 'satisfy_oidc_session')).toBeUndefined();
      expect((await takeSession(satisfy.url, jar)).body.error.code).toBe('OIDC_EXPIRED');
    }
  });

  it('the session stays revocable: sign out everywhere, and disabling, end it at once', async () => {
    const name = fresh();
    await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role: 'agent', email: `${name}@example.com` });
    provider.signInAs({ sub: `sub-${name}`, email: `${name}@example.com`, email_verified: true });
    const first = await signInAt(satisfy.url);
    const { token } = (await takeSession(satisfy.url, first.jar)).body as { token: string };
    expect(await me(satisfy.url, token)).toBe(200);
    expect((await admin(satisfy.url, 'POST', `/staff/api/accounts/${name}/revoke`)).status).toBe(200);
    expect(await me(satisfy.url, token)).toBe(401);

    const second = await signInAt(satisfy.url);
    const again = (await takeSession(satisfy.url, second.jar)).body as { token: string };
    expect(await me(satisfy.url, again.token)).toBe(200);
    expect((await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${name}`, { disabled: true })).status).toBe(200);
    expect(await me(satisfy.url, again.token)).toBe(401);
  });

  it('a hand-off taken after the account was disabled gives nothing', async () => {
    const name = fresh();
    await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role: 'agent', email: `${name}@example.com` });
    provider.signInAs({ sub: `sub-${name}`, email: `${name}@example.com`, email_verified: true });
    const { jar, callback } = await signInAt(satisfy.url);
    expect(callback.status).toBe(303);
    await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${name}`, { disabled: true });
    const taken = await takeSession(satisfy.url, jar);
    expect(taken.status).toBe(401);
    expect(taken.body.error.code).toBe('OIDC_EXPIRED');
  });

  it('an email no account has is refused with a clear message, and no session', async () => {
    provider.signInAs({ sub: 'stranger', email: 'stranger@example.com', email_verified: true });
    const { jar, callback } = await signInAt(satisfy.url);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/staff?signin_error=OIDC_NO_ACCOUNT');
    expect(jar.get(satisfy.url, 'satisfy_oidc_session')).toBeUndefined();
    expect((await takeSession(satisfy.url, jar)).status).toBe(401);

    const asJson = await signInAt(satisfy.url, new CookieJar(), JSON_ONLY);
    expect(asJson.callback.status).toBe(403);
    expect(((await asJson.callback.json()) as Json).error).toMatchObject({ code: 'OIDC_NO_ACCOUNT', message: expect.stringContaining('ask an admin') });
    // Nothing was made for them: auto-creation is off unless configured.
    const listed = await admin(satisfy.url, 'GET', '/staff/api/accounts');
    expect(listed.body.accounts.some((a: Json) => a.email === 'stranger@example.com')).toBe(false);
  });

  it('a disabled account is refused', async () => {
    const name = fresh();
    await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role: 'admin', email: `${name}@example.com` });
    await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${name}`, { disabled: true });
    provider.signInAs({ sub: `sub-${name}`, email: `${name}@example.com`, email_verified: true });
    const { callback } = await signInAt(satisfy.url, new CookieJar(), JSON_ONLY);
    expect(callback.status).toBe(403);
    expect(((await callback.json()) as Json).error.code).toBe('OIDC_ACCOUNT_DISABLED');
    const browser = await signInAt(satisfy.url);
    expect(browser.callback.headers.get('location')).toBe('/staff?signin_error=OIDC_ACCOUNT_DISABLED');
  });

  it('an email the provider says is not verified is refused, even for a real account', async () => {
    const name = fresh();
    await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role: 'admin', email: `${name}@example.com` });
    provider.signInAs({ sub: `sub-${name}`, email: `${name}@example.com`, email_verified: false });
    const { callback } = await signInAt(satisfy.url, new CookieJar(), JSON_ONLY);
    expect(callback.status).toBe(403);
    expect(((await callback.json()) as Json).error.code).toBe('OIDC_EMAIL_NOT_VERIFIED');
  });

  it('a tampered or missing state, or a transaction cookie that is missing or forged, is refused before the code is used', async () => {
    const name = fresh();
    await admin(satisfy.url, 'POST', '/staff/api/accounts', { name, role: 'agent', email: `${name}@example.com` });
    provider.signInAs({ sub: `sub-${name}`, email: `${name}@example.com`, email_verified: true });
    const walk = async () => {
      const jar = new CookieJar();
      const start = await jar.fetch(`${satisfy.url}/staff/auth/oidc/start`);
      return { jar, callbackUrl: new URL(await throughProvider(jar, start.headers.get('location')!, satisfy.url)) };
    };
    const refusedAs = async (jar: CookieJar, url: URL) => {
      const res = await jar.fetch(url.href, { headers: JSON_ONLY });
      return { status: res.status, code: ((await res.json()) as Json).error?.code as string };
    };

    const tampered = await walk();
    tampered.callbackUrl.searchParams.set('state', `${tampered.callbackUrl.searchParams.get('state')}x`);
    expect(await refusedAs(tampered.jar, tampered.callbackUrl)).toEqual({ status: 400, code: 'OIDC_STATE' });

    const missing = await walk();
    missing.callbackUrl.searchParams.delete('state');
    expect(await refusedAs(missing.jar, missing.callbackUrl)).toEqual({ status: 400, code: 'OIDC_STATE' });

    // Another browser (no transaction cookie) finishing someone's sign-in: the login-CSRF case.
    const elsewhere = await walk();
    expect(await refusedAs(new CookieJar(), elsewhere.callbackUrl)).toEqual({ status: 400, code: 'OIDC_STATE' });

    const forged = await walk();
    const sealed = forged.jar.get(satisfy.url, 'satisfy_oidc')!.value;
    forged.jar.set(satisfy.url, 'satisfy_oidc', `${sealed.slice(0, -4)}AAAA`);
    expect(await refusedAs(forged.jar, forged.callbackUrl)).toEqual({ status: 400, code: 'OIDC_STATE' });

    // The same callback once more (a replay after it succeeded): the transaction is spent.
    const once = await walk();
    expect((await once.jar.fetch(once.callbackUrl.href)).headers.get('location')).toBe('/staff?signin=oidc');
    expect(await refusedAs(once.jar, once.callbackUrl)).toEqual({ status: 400, code: 'OIDC_STATE' });
  });

  it('someone the provider turns away comes back with a clear refusal', async () => {
    provider.signInAs({ sub: '' });
    const { callback } = await signInAt(satisfy.url);
    expect(callback.headers.get('location')).toBe('/staff?signin_error=OIDC_DENIED');
  });

  it('the ID token alone will do when the provider puts the email in it (no userinfo call needed)', async () => {
    const appPort = await freePort();
    const generous = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${appPort}/staff/auth/oidc/callback`], conformIdTokenClaims: false });
    const other = await oidcApp(generous.issuer, {}, {}, appPort);
    try {
      await admin(other.url, 'POST', '/staff/api/accounts', { name: 'lee', role: 'viewer', email: 'lee@example.com' });
      generous.signInAs({ sub: 'lee-sub', email: 'lee@example.com', email_verified: true });
      const { jar, callback } = await signInAt(other.url);
      expect(callback.headers.get('location')).toBe('/staff?signin=oidc');
      expect((await takeSession(other.url, jar)).body.user).toEqual({ name: 'lee', role: 'viewer' });
    } finally {
      await other.app.close();
      await other.http.close();
      await generous.close();
    }
  });

  it('an email is kept on one enabled account, so the provider always leads to one person', async () => {
    const [first, second] = [fresh(), fresh()];
    const email = `${first}@example.com`;
    expect((await admin(satisfy.url, 'POST', '/staff/api/accounts', { name: first, role: 'agent', email })).status).toBe(201);
    const taken = await admin(satisfy.url, 'POST', '/staff/api/accounts', { name: second, role: 'agent', email: email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');
    expect((await admin(satisfy.url, 'POST', '/staff/api/accounts', { name: second, role: 'agent', email: `${second}@example.com` })).status).toBe(201);
    expect((await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${second}`, { email })).body.error.code).toBe('EMAIL_TAKEN');

    // Someone who left keeps their disabled account and its email; their successor may have it.
    await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${first}`, { disabled: true });
    expect((await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${second}`, { email })).status).toBe(200);
    // ...and then the old account cannot come back with it.
    expect((await admin(satisfy.url, 'PATCH', `/staff/api/accounts/${first}`, { disabled: false })).body.error.code).toBe('EMAIL_TAKEN');
    provider.signInAs({ sub: `sub-${second}`, email, email_verified: true });
    const { jar } = await signInAt(satisfy.url);
    expect((await takeSession(satisfy.url, jar)).body.user.name).toBe(second);
  });

  it('without OIDC_ISSUER there is no button and the routes say why', async () => {
    const plain = await createTestApp();
    const http = await listen(plain.app);
    try {
      expect(await (await fetch(`${http.url}/staff/auth/methods`)).json()).toEqual({ password: true, oidc: null });
      const start = await fetch(`${http.url}/staff/auth/oidc/start`, { headers: JSON_ONLY, redirect: 'manual' });
      expect(start.status).toBe(404);
      expect(((await start.json()) as Json).error.code).toBe('OIDC_OFF');
      const browser = await fetch(`${http.url}/staff/auth/oidc/start`, { redirect: 'manual' });
      expect(browser.headers.get('location')).toBe('/staff?signin_error=OIDC_OFF');
    } finally {
      await plain.close();
      await http.close();
    }
  });
});

describe('a provider that is down', () => {
  it('does not stop the app; sign-in says so clearly, and works once the provider is back, without a restart', async () => {
    const providerPort = await freePort();
    const appPort = await freePort();
    // Nothing listens on providerPort yet: the app starts all the same.
    const down = await oidcApp(`http://127.0.0.1:${providerPort}`, {}, {}, appPort);
    let provider: TestOidcProvider | undefined;
    try {
      const asJson = await fetch(`${down.url}/staff/auth/oidc/start`, { headers: JSON_ONLY, redirect: 'manual' });
      expect(asJson.status).toBe(503);
      expect(asJson.headers.get('retry-after')).toBe('30');
      const body = (await asJson.json()) as Json;
      expect(body.error.code).toBe('OIDC_PROVIDER_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at |ECONNREFUSED/);
      const browser = await fetch(`${down.url}/staff/auth/oidc/start`, { redirect: 'manual' });
      expect(browser.status).toBe(303);
      expect(browser.headers.get('location')).toBe('/staff?signin_error=OIDC_PROVIDER_UNAVAILABLE');
      // The password sign-in is untouched.
      expect((await fetch(`${down.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN_TOKEN }) })).status).toBe(200);

      provider = await startOidcProvider({ port: providerPort, redirectUris: [`${down.url}/staff/auth/oidc/callback`] });
      await admin(down.url, 'POST', '/staff/api/accounts', { name: 'kim', role: 'agent', email: 'kim@example.com' });
      provider.signInAs({ sub: 'kim-sub', email: 'kim@example.com', email_verified: true });
      const jar = new CookieJar();
      const start = await jar.fetch(`${down.url}/staff/auth/oidc/start`);
      expect(start.status).toBe(303);
      const callbackUrl = await throughProvider(jar, start.headers.get('location')!, down.url);

      // Down again between the provider's redirect and the code exchange.
      await provider.stop();
      const failed = await jar.fetch(callbackUrl, { headers: JSON_ONLY });
      expect(failed.status).toBe(503);
      expect(((await failed.json()) as Json).error.code).toBe('OIDC_PROVIDER_UNAVAILABLE');

      await provider.start();
      const retried = await jar.fetch(`${down.url}/staff/auth/oidc/start`);
      const back = await jar.fetch(await throughProvider(jar, retried.headers.get('location')!, down.url));
      expect(back.headers.get('location')).toBe('/staff?signin=oidc');
      expect((await takeSession(down.url, jar)).body.user).toEqual({ name: 'kim', role: 'agent' });
    } finally {
      await down.app.close();
      await down.http.close();
      await provider?.close();
    }
  });
});

describe('a provider that refuses our client', () => {
  it('a wrong client secret ends in a clear 502 at the callback, not a stack trace', async () => {
    const appPort = await freePort();
    const provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${appPort}/staff/auth/oidc/callback`] });
    const wrong = await oidcApp(provider.issuer, { OIDC_CLIENT_SECRET: 'not-the-secret-the-provider-has' }, {}, appPort);
    try {
      await admin(wrong.url, 'POST', '/staff/api/accounts', { name: 'lu', role: 'agent', email: 'lu@example.com' });
      provider.signInAs({ sub: 'lu-sub', email: 'lu@example.com', email_verified: true });
      const asJson = await signInAt(wrong.url, new CookieJar(), JSON_ONLY);
      expect(asJson.callback.status).toBe(502);
      const body = (await asJson.callback.json()) as Json;
      expect(body.error.code).toBe('OIDC_PROVIDER_ERROR');
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at |invalid_client/);
      const browser = await signInAt(wrong.url);
      expect(browser.callback.headers.get('location')).toBe('/staff?signin_error=OIDC_PROVIDER_ERROR');
    } finally {
      await wrong.app.close();
      await wrong.http.close();
      await provider.close();
    }
  });
});

describe('OIDC_AUTO_CREATE_ROLE', () => {
  it('makes an account of that role for a verified email nobody has, with no password, once', async () => {
    const appPort = await freePort();
    const provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${appPort}/staff/auth/oidc/callback`] });
    const auto = await oidcApp(provider.issuer, { OIDC_AUTO_CREATE_ROLE: 'viewer' }, {}, appPort);
    try {
      provider.signInAs({ sub: 'new-sub', email: 'New.Person+ops@Example.com', email_verified: true, name: 'New Person' });
      const first = await signInAt(auto.url);
      const session = (await takeSession(auto.url, first.jar)).body;
      expect(session.user).toEqual({ name: 'new.person-ops@example.com', role: 'viewer', displayName: 'New Person' });
      const second = await signInAt(auto.url);
      expect((await takeSession(auto.url, second.jar)).body.user.name).toBe('new.person-ops@example.com');
      const { accounts } = (await admin(auto.url, 'GET', '/staff/api/accounts')).body as { accounts: Json[] };
      expect(accounts.filter((a) => a.email === 'new.person+ops@example.com')).toEqual([expect.objectContaining({ role: 'viewer', hasPassword: false, disabled: false })]);

      provider.signInAs({ sub: 'unverified', email: 'sneaky@example.com', email_verified: 'false' });
      expect((await signInAt(auto.url)).callback.headers.get('location')).toBe('/staff?signin_error=OIDC_EMAIL_NOT_VERIFIED');
    } finally {
      await auto.app.close();
      await auto.http.close();
      await provider.close();
    }
  });
});

describe('two instances on one Redis', () => {
  it('a sign-in started on A finishes on B, and the session works on both', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${portB}/staff/auth/oidc/callback`] });
    const prefix = uniquePrefix();
    // One public address in production; here B's address is the one the provider knows.
    const env = { OIDC_REDIRECT_URL: `http://127.0.0.1:${portB}/staff/auth/oidc/callback` };
    const a = await oidcApp(provider.issuer, env, { stores: await testRedisStores({ url: redisUrl() }, prefix) }, portA);
    const b = await oidcApp(provider.issuer, env, { stores: await testRedisStores({ url: redisUrl() }, prefix) }, portB);
    try {
      await admin(a.url, 'POST', '/staff/api/accounts', { name: 'ines', role: 'agent', email: 'ines@example.com' });
      provider.signInAs({ sub: 'ines-sub', email: 'ines@example.com', email_verified: true });
      const jar = new CookieJar();
      const start = await jar.fetch(`${a.url}/staff/auth/oidc/start`);
      const callbackUrl = await throughProvider(jar, start.headers.get('location')!, b.url);
      // The jar keeps cookies per origin, as a browser does per host: carry A's over to B,
      // as one public hostname in front of both would.
      jar.set(b.url, 'satisfy_oidc', jar.get(a.url, 'satisfy_oidc')!.value);
      expect((await jar.fetch(callbackUrl)).headers.get('location')).toBe('/staff?signin=oidc');
      const session = await takeSession(b.url, jar);
      expect(session.body.user).toEqual({ name: 'ines', role: 'agent' });
      expect(await me(a.url, session.body.token)).toBe(200);
      await admin(b.url, 'POST', '/staff/api/accounts/ines/revoke');
      expect(await me(a.url, session.body.token)).toBe(401);
    } finally {
      for (const x of [a, b]) {
        await x.app.close();
        await x.http.close();
      }
      await provider.close();
    }
  });
});

describe('rate limits', () => {
  it('counts the OIDC routes with the other staff routes, per client', async () => {
    const appPort = await freePort();
    const provider = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${appPort}/staff/auth/oidc/callback`] });
    const limited = await oidcApp(provider.issuer, { RATE_LIMIT_STAFF: '3' }, {}, appPort);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/staff/auth/oidc/start`, { redirect: 'manual' })).status);
      expect(statuses).toEqual([303, 303, 303, 429]);
      expect((await fetch(`${limited.url}/staff/auth/oidc/callback?state=x&code=y`, { redirect: 'manual' })).status).toBe(429);
    } finally {
      await limited.app.close();
      await limited.http.close();
      await provider.close();
    }
  });
});
