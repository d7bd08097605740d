import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errorHandler.js';
import { listen, type Listening } from '../support/http.js';

// Issue 12 item 8: the error handler threw on odd errors and left a started answer open; it
// must always end the response and log as JSON.
const lines: Record<string, unknown>[] = [];
let server: Listening;

beforeAll(async () => {
  const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) });
  const app = express();
  app.get('/half', (_req, res) => {
    res.write('partial');
    throw new Error('failed after the answer started');
  });
  app.use(errorHandler(pino(sink)));
  server = await listen(app);
});

afterAll(() => server.close());

it('ends a response that had already started, and logs it as JSON', async () => {
  const res = await fetch(`${server.url}/half`);
  expect(await res.text()).toBe('partial');
  expect(lines.some((l) => l.msg === 'request failed after the answer started' && l.path === '/half')).toBe(true);
});
