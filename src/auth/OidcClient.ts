import * as oidc from 'openid-client';
import type { OidcConfig } from '../config.js';

/** How a call to the provider failed: it could not be reached (or answered 5xx), it refused
 * the person at its end (the authorization response carried an error), or it answered
 * something we do not accept (a bad token response, an ID token that fails its checks). */
export class OidcProviderError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'refused' | 'invalid',
    message: string,
    /** The provider's own error code (access_denied, invalid_grant, …), when it sent one. */
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'OidcProviderError';
  }
}

/** What the sign-in keeps between sending the person away and their coming back. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const SCOPE = 'openid email profile';

/**
 * The provider, through openid-client: discovery, the authorization URL (code flow, PKCE S256,
 * state, nonce), the code exchange with the ID token's checks, and userinfo for the claims a
 * provider keeps out of the ID token (Okta, and oidc-provider by default, when an access token
 * is issued). Discovery is lazy and not cached when it fails: a provider that is down when the
 * app starts, or later, only fails the sign-ins tried meanwhile, and the next one tries again.
 * Concurrent sign-ins share one discovery.
 */
export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: OidcConfig,
    private readonly timeoutMs: number,
  ) {}

  /** Starts discovery without waiting (at app start); a failure is reported to `failed`. */
  warmUp(failed: (err: OidcProviderError) => void): void {
    this.configuration().catch((err: unknown) => failed(asProviderError(err)));
  }

  async authorizationUrl(checks: AuthorizationChecks): Promise<URL> {
    const config = await this.configuration().catch(rethrow);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: SCOPE,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Finishes the code flow for the URL the provider sent the person back to: checks state and
   * `iss`, exchanges the code with the PKCE verifier, checks the ID token (signature, issuer,
   * audience, expiry, nonce), and returns its claims, completed from userinfo when the ID token
   * has no email.
   */
  async claims(callbackUrl: URL, checks: AuthorizationChecks): Promise<Record<string, unknown>> {
    try {
      const config = await this.configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcProviderError('invalid', 'The provider sent no ID token.');
      if (typeof idClaims.email === 'string' || !tokens.access_token) return { ...idClaims };
      // fetchUserInfo checks that userinfo speaks of the ID token's subject.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      return { ...idClaims, ...info };
    } catch (err) {
      throw asProviderError(err);
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const attempt = this.discover();
      this.discovered = attempt;
      attempt.catch(() => {
        if (this.discovered === attempt) this.discovered = undefined;
      });
    }
    return this.discovered;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const local = new URL(issuer).protocol === 'http:';
    const options = { timeout: Math.max(1, Math.ceil(this.timeoutMs / 1000)), ...(local ? { execute: [oidc.allowInsecureRequests] } : {}) };
    const found = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), options);
    const metadata = found.serverMetadata();
    // client_secret_basic is the default when a provider lists no methods (RFC 8414); post
    // only for providers that accept nothing else.
    const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth = !clientSecret ? oidc.None() : methods.includes('client_secret_basic') || !methods.includes('client_secret_post') ? oidc.ClientSecretBasic(clientSecret) : oidc.ClientSecretPost(clientSecret);
    const config = new oidc.Configuration(metadata, clientId, clientSecret, auth);
    config.timeout = options.timeout;
    if (local) oidc.allowInsecureRequests(config);
    return config;
  }
}

function rethrow(err: unknown): never {
  throw asProviderError(err);
}

/** Sorts what openid-client (and fetch below it) throws into the three kinds above. */
export function asProviderError(err: unknown): OidcProviderError {
  if (err instanceof OidcProviderError) return err;
  if (err instanceof oidc.AuthorizationResponseError) return new OidcProviderError('refused', err.error_description ?? err.error, err.error);
  // fetch's own failures (refused, reset, DNS) are TypeErrors; openid-client names timeouts.
  if (err instanceof TypeError) return new OidcProviderError('unavailable', `The provider could not be reached (${causeText(err)}).`);
  if (err instanceof oidc.ClientError && (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT')) return new OidcProviderError('unavailable', 'The provider did not answer in time.');
  if (err instanceof oidc.ResponseBodyError) return new OidcProviderError(err.status >= 500 ? 'unavailable' : 'invalid', `The provider answered ${err.status} ${err.error}.`, err.error);
  if (err instanceof oidc.ClientError && err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    const status = (err.cause as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 500) return new OidcProviderError('unavailable', `The provider answered ${status}.`);
  }
  return new OidcProviderError('invalid', `The provider's answer was refused: ${(err as Error)?.message ?? String(err)}.`);
}

function causeText(err: TypeError): string {
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : err.message;
}
