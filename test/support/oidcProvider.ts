import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import type { CookieJar } from './cookieJar.js';
import { freePort } from './freePort.js';

/** The claims the provider hands out for one of its users; the test decides them. */
export interface ProviderUser {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
}

export const OIDC_CLIENT_ID = 'satisfy-staff';
export const OIDC_CLIENT_SECRET = 'provider-side-client-secret-0123456789';

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>: the issuer identifier, as OIDC_ISSUER takes it. */
  issuer: string;
  port: number;
  /** Who signs in next at the provider's login page (the form's default; a posted `sub` wins). */
  signInAs(user: ProviderUser): void;
  /** Adds or replaces a user the login form can name. */
  addUser(user: ProviderUser): void;
  /** Stops answering (connections refused), as a provider that is down. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same keys and state. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a free loopback port, with one
 * confidential client registered for `redirectUri` and users whose claims the test sets.
 * Its dev interactions are off: the login page here is a minimal form of ours (GET shows it,
 * POST signs in the named user), and consent is granted without asking, so a browser or a
 * cookie-jar fetch walks the whole authorization code flow over HTTP.
 */
export async function startOidcProvider(options: { redirectUris: string[]; port?: number; conformIdTokenClaims?: boolean }): Promise<TestOidcProvider> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const users = new Map<string, ProviderUser>();
  let next: ProviderUser | undefined;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // true (the default): with an access token issued, scope claims come from userinfo only,
    // as Okta does; false puts them in the ID token too.
    conformIdTokenClaims: options.conformIdTokenClaims ?? true,
    features: { devInteractions: { enabled: false } },
    // Set, so the provider does not print a notice for each default it falls back to.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    adapter: MemoryAdapter,
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ ...user }) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain';
      ctx.body = `provider error: ${out.error}: ${out.error_description ?? ''}`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    const uid = details.uid;
    if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      const clientId = details.params.client_id as string;
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
      grant!.addOIDCScope(String(details.params.scope));
      const grantId = await grant!.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const sub = form.get('sub') || next?.sub;
      if (!sub || !users.has(sub)) {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no such user' }, { mergeWithLastSubmission: false });
      }
      return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    const who = next ? `${next.name ?? next.sub} (${next.email ?? 'no email'})` : 'nobody';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title><link rel="icon" href="data:,"></head><body>` +
        `<h1>Test identity provider</h1><form method="post" action="/interaction/${uid}"><p>Signing in as ${escapeHtml(who)}</p>` +
        `<input type="hidden" name="sub" value="${escapeHtml(next?.sub ?? '')}"><button type="submit" data-testid="provider-continue">Continue</button></form></body></html>`,
    );
  };

  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`interaction failed: ${(err as Error).message}`);
      });
      return;
    }
    callback(req, res);
  });
  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await listen();
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    signInAs(user) {
      users.set(user.sub, user);
      next = user;
    },
    addUser(user) {
      users.set(user.sub, user);
    },
    stop,
    start: listen,
    close: stop,
  };
}

/** The provider's stored artifacts (sessions, codes, grants) in a Map: what its built-in
 * development adapter does, declared here so it does not warn on every start. */
class MemoryAdapter {
  private static readonly rows = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();

  constructor(private readonly model: string) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
    MemoryAdapter.rows.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const row = MemoryAdapter.rows.get(this.key(id));
    return row && row.expiresAt > Date.now() ? row.payload : undefined;
  }

  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [key, row] of MemoryAdapter.rows) if (key.startsWith(`${this.model}:`) && row.payload.uid === uid) return row.payload;
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const row = MemoryAdapter.rows.get(this.key(id));
    if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    MemoryAdapter.rows.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, row] of MemoryAdapter.rows) if (row.payload.grantId === grantId) MemoryAdapter.rows.delete(key);
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Follows the provider's redirects from `providerUrl` (where the app's start route sent the
 * browser), posting the login form on the way, until the provider sends the browser back to
 * `appUrl`; returns that URL unvisited, so a test can visit, tamper with or drop it.
 */
export async function throughProvider(jar: CookieJar, providerUrl: string, appUrl: string): Promise<string> {
  let next = providerUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (next.startsWith(appUrl)) return next;
    const res = await jar.fetch(next);
    if (res.status === 200 && new URL(next).pathname.startsWith('/interaction/')) {
      const posted = await jar.fetch(next, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      next = new URL(posted.headers.get('location') ?? '', next).href;
      continue;
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} at ${next}: ${(await res.text()).slice(0, 300)}`);
    next = new URL(location, next).href;
  }
  throw new Error('the provider did not send the browser back');
}
