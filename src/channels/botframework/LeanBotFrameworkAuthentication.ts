import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  UserTokenClient,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';
import { LeanConnectorClient, type ReplyCredentials } from './LeanConnectorClient.js';
import type { ReplyTransport } from './ReplyTransport.js';

/** Service URLs are few (a channel's regions); the bound only keeps a flood of them from
 * growing the process. */
const MAX_CLIENTS = 1000;

/**
 * botbuilder's BotFrameworkAuthentication with the per-turn plumbing kept instead of rebuilt:
 * inbound requests are authenticated by botbuilder exactly as before (JWT validation when an app
 * id is set), but the connector client for a service URL and the user-token client are made
 * once per app id (and audience) and reused, the connector client as a LeanConnectorClient
 * signed by the credentials botbuilder's own factory made.
 */
export class LeanBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<LeanConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();
  /** Per app id: botbuilder's factory is made from the app id and the adapter's settings only. */
  private readonly factories = new Map<string, LeanConnectorFactory>();
  private readonly lazyTokenClients = new Map<string, LazyUserTokenClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly transport: ReplyTransport,
  ) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    const inner = result.connectorFactory;
    // A fresh object of botbuilder's, made for this request: changed in place, not copied.
    if (inner) result.connectorFactory = this.factory(result.claimsIdentity, () => inner);
    return result;
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.factory(claimsIdentity, () => this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return Promise.resolve(this.userTokenClientFor(claimsIdentity));
  }

  /** Only sign-in prompts use it, and Satisfy has none: botbuilder's client is made on first
   * use, then kept per app id, and so is the stand-in every turn is given. */
  userTokenClientFor(claimsIdentity: ClaimsIdentity): UserTokenClient {
    const key = appIdOf(claimsIdentity);
    return keep(this.lazyTokenClients, key, () => new LazyUserTokenClient(() => remember(this.tokenClients, key, () => this.inner.createUserTokenClient(claimsIdentity))));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private factory(claimsIdentity: ClaimsIdentity, inner: () => ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return keep(this.factories, appId, () => new LeanConnectorFactory(appId, inner, this.clients, this.transport));
  }
}

/** Kept per app id: botbuilder's own factory for it (asked for only when a service URL is new)
 * is the same for every request of that app id. */
class LeanConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly appId: string,
    private readonly inner: () => ConnectorFactory,
    private readonly clients: Map<string, Promise<LeanConnectorClient>>,
    private readonly transport: ReplyTransport,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    // botbuilder's factory makes the credentials from the app id (out of the claims) and the
    // audience; everything else is fixed per adapter.
    const key = `${this.appId}\n${audience ?? ''}\n${serviceUrl}`;
    const client =
      this.clients.get(key) ??
      remember(this.clients, key, async () => {
        const full = await this.inner().create(serviceUrl, audience);
        return new LeanConnectorClient(serviceUrl, full.credentials as unknown as ReplyCredentials, this.transport, full);
      });
    // A LeanConnectorClient is what botbuilder's adapter takes for a ConnectorClient (asConnectorClient).
    return client as unknown as Promise<ConnectorClient>;
  }
}

/** The app id botbuilder's own factory would use: the audience claim (a channel's token), else
 * the appid claim (the Emulator's, or an anonymous identity). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** One promise per key, forgotten if it fails (the next turn tries again); the oldest goes
 * first past the bound. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  cache.set(key, made);
  if (cache.size > MAX_CLIENTS) cache.delete(cache.keys().next().value!);
  made.catch(() => {
    if (cache.get(key) === made) cache.delete(key);
  });
  return made;
}

/** The one value for a key, made on first use; the oldest goes first past the bound. */
function keep<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
    if (cache.size > MAX_CLIENTS) cache.delete(cache.keys().next().value!);
  }
  return value;
}

class LazyUserTokenClient extends UserTokenClient {
  constructor(private readonly client: () => Promise<UserTokenClient>) {
    super();
  }
  override async getUserToken(...args: Parameters<UserTokenClient['getUserToken']>) {
    return (await this.client()).getUserToken(...args);
  }
  override async getSignInResource(...args: Parameters<UserTokenClient['getSignInResource']>) {
    return (await this.client()).getSignInResource(...args);
  }
  override async signOutUser(...args: Parameters<UserTokenClient['signOutUser']>) {
    return (await this.client()).signOutUser(...args);
  }
  override async getTokenStatus(...args: Parameters<UserTokenClient['getTokenStatus']>) {
    return (await this.client()).getTokenStatus(...args);
  }
  override async getAadTokens(...args: Parameters<UserTokenClient['getAadTokens']>) {
    return (await this.client()).getAadTokens(...args);
  }
  override async exchangeToken(...args: Parameters<UserTokenClient['exchangeToken']>) {
    return (await this.client()).exchangeToken(...args);
  }
}
