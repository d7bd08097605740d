import type { WebSocket } from 'ws';

/**
 * Pings the socket every `everyMs` and drops it when the previous ping got no pong: a client
 * that vanished (a closed laptop, a dead NAT entry) does not hold a connection forever. Stops
 * by itself when the socket closes.
 */
export function keepAlive(ws: WebSocket, everyMs: number): void {
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, everyMs);
  ws.on('pong', () => (alive = true));
  ws.on('close', () => clearInterval(ping));
}
