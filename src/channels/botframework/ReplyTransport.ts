import http from 'node:http';
import https from 'node:https';

/**
 * The sockets replies to Bot Framework connectors go out on: one keep-alive pool per process,
 * shared by every service URL (the agents pool per host), and the limits every reply POST keeps.
 */
export class ReplyTransport {
  readonly http = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
  readonly https = new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });

  constructor(
    /** Each attempt is given up on after this long: botbuilder sets no timeout, and a connector
     * that never answers would hold the turn, and its socket, forever. */
    readonly timeoutMs: number,
    /** The first back-off before a retry, doubled for each next one (tests make it short). */
    readonly retryDelayMs = 1000,
  ) {}

  agentFor(url: URL): http.Agent {
    return url.protocol === 'https:' ? this.https : this.http;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
