import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustProxy = 'off' | number | string[];

/** Which hops may tell us the client's address in X-Forwarded-For (express's `trust proxy`
 * takes the same function, so HTTP and WebSocket upgrades agree on who the client is). */
export function trustFunction(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === 'off') return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/** The client of a raw request (a WebSocket upgrade, which express never sees). */
export function clientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): string {
  return proxyaddr(req, trust);
}
