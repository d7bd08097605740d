import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';

/**
 * A client that resets its connection while a WebSocket upgrade is being checked (the rate
 * limit's and the token's round trips to Redis) must not take the process down: before the
 * fix this was an uncaught ECONNRESET, which vitest reports as an unhandled error.
 */
describe('a WebSocket upgrade reset by the client', () => {
  let satisfy: SatisfyApp;
  let server: Listening;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: await testRedisStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  it.each(['/v3/directline/conversations/web-x/stream?t=not-a-token', '/console/ws', '/nowhere'])('on %s leaves the server serving', async (path) => {
    const { port } = new URL(server.url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`, () => {
            socket.resetAndDestroy();
            resolve();
          });
        });
        socket.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
