import { gzipSync } from 'node:zlib';
import { it } from 'vitest';
import { createTestApp, ADMIN_TOKEN } from './support/app.js';
import { listen, startConnector } from './support/http.js';

it('repro', async () => {
  const sat = await createTestApp();
  const srv = await listen(sat.app, sat.attach);
  const connector = await startConnector();
  const show = async (label: string, r: Response) => console.log(label, r.status, (await r.text()).slice(0, 200));
  await show('session locale obj', await fetch(`${srv.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: { a: 1 } }) }));
  await show('chat locale[a]', await fetch(`${srv.url}/chat?locale[a]=1`));
  await show('chat locale x2', await fetch(`${srv.url}/chat?locale=a&locale=b`));
  await show('api/messages locale obj', await fetch(`${srv.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hi', locale: { a: 1 }, serviceUrl: connector.url, channelId: 'emulator', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'b' } }) }));
  await show('api/messages start locale obj', await fetch(`${srv.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'event', name: 'survey.start', value: { locale: { a: 1 } }, serviceUrl: connector.url, channelId: 'emulator', conversation: { id: 'c2' }, from: { id: 'u1' }, recipient: { id: 'b' } }) }));
  await show('gzip bad', await fetch(`${srv.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip' }));
  await show('gzip good', await fetch(`${srv.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('{}') }));
  await show('br enc', await fetch(`${srv.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'foo' }, body: '{}' }));
  await show('dl bad escape', await fetch(`${srv.url}/v3/directline/conversations/%E0%A4%A/activities`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: '{}' }));
  await show('dl bad escape get', await fetch(`${srv.url}/v3/directline/conversations/%E0%A4%A/activities`, { headers: { authorization: 'Bearer x' } }));
  await show('responses to bad', await fetch(`${srv.url}/api/responses?to=2026-02-31`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  await show('responses status x2', await fetch(`${srv.url}/api/responses?status=completed&status=abandoned`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  await show('console login ANA', await fetch(`${srv.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ANA', password: 'x' }) }));
  await show('console cases status x2', await fetch(`${srv.url}/console/api/cases?status=open&status=claimed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  await show('console cases to', await fetch(`${srv.url}/console/api/cases?to=2026-02-31`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  await srv.close(); await connector.close(); await sat.close();
}, 30000);
