import bcrypt from 'bcryptjs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { CannedReply } from '../../src/core/cases/cannedReply.js';
import type { CannedReplyView } from '../../src/escalation/CannedReplyLibrary.js';
import { createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

const USERS = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}:Ana`, `root:admin:${bcrypt.hashSync('root password 3', 4)}`].join(',');
const FILE: CannedReply[] = [
  { id: 'sorry', title: { en: 'Apologise', es: 'Disculparse' }, text: { en: 'Hi {name}, sorry about {orderId}.', es: 'Hola {name}, lo siento por {orderId}.' } },
  { id: 'bye', title: { en: 'Goodbye' }, text: { en: 'Thanks, {name}!' } },
];

/** Admins edit the canned replies in the app (the file stays the default underneath); agents
 * pick from the result. Two instances on one Redis: what an admin changes on A, an agent on B
 * gets. */
describe('canned replies edited by admins', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;
  let root: ConsoleClient;
  let ana: ConsoleClient;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'canned-'));
    const file = join(dir, 'canned.json');
    await writeFile(file, JSON.stringify({ replies: FILE }));
    const prefix = uniquePrefix();
    const env = { CONSOLE_USERS: USERS, CANNED_REPLIES_FILE: file };
    a = await createTestApp(env, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp(env, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
    root = await ConsoleClient.signIn(onA.url, { username: 'root', password: 'root password 3' });
    ana = await ConsoleClient.signIn(onB.url, { username: 'ana', password: 'ana password 1' });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await onA?.close();
    await onB?.close();
  });

  const agentSees = async () => {
    const res = await ana.call('GET', '/canned-replies');
    expect(res.status).toBe(200);
    return res.body.replies as CannedReply[];
  };
  const manage = async () => (await root.call('GET', '/canned-replies/manage')).body.replies as CannedReplyView[];
  const code = (res: { body: Record<string, unknown> }) => (res.body.error as { code: string }).code;

  it('starts from the file; an admin\'s edit, addition and deletion reach an agent on the other instance', async () => {
    expect(await agentSees()).toEqual(FILE);
    expect((await manage()).map((r) => [r.id, r.source, r.version])).toEqual([['sorry', 'file', 0], ['bye', 'file', 0]]);

    const edited = await root.call('PUT', '/canned-replies/sorry', { title: { en: 'Apologise' }, text: { en: 'Dear {name}, we are sorry about order {orderId}.', 'zh-CN': '{name}您好，订单 {orderId} 很抱歉。' }, version: 0 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.reply).toMatchObject({ id: 'sorry', source: 'edited', version: 1, updatedBy: 'root' });
    const added = await root.call('POST', '/canned-replies', { id: 'late-parcel', title: { en: 'Late parcel', es: 'Paquete con retraso' }, text: { en: '{name}, order {orderId} is on its way.' } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await root.call('DELETE', '/canned-replies/bye?version=0')).status).toBe(200);

    const seen = await agentSees();
    expect(seen.map((r) => r.id)).toEqual(['sorry', 'late-parcel']);
    expect(seen[0]!.text).toEqual({ en: 'Dear {name}, we are sorry about order {orderId}.', 'zh-CN': '{name}您好，订单 {orderId} 很抱歉。' });
    // The admin still sees the deleted file reply, to bring it back.
    expect((await manage()).map((r) => [r.id, r.source, r.deleted ?? false])).toEqual([['sorry', 'edited', false], ['bye', 'edited', true], ['late-parcel', 'added', false]]);
    const restored = await root.call('POST', '/canned-replies/bye/restore');
    expect(restored.body.reply).toMatchObject({ id: 'bye', source: 'file', version: 0 });
    expect((await agentSees()).map((r) => r.id)).toEqual(['sorry', 'bye', 'late-parcel']);
    // Only file replies can be restored.
    expect(code(await root.call('POST', '/canned-replies/late-parcel/restore'))).toBe('CANNED_REPLY_NOT_FOUND');
  });

  it('a change made from an old version is refused (409) and nothing is lost; ids are unique', async () => {
    const body = { title: { en: 'Apologise' }, text: { en: 'Sorry {name}.' } };
    const stale = await root.call('PUT', '/canned-replies/sorry', { ...body, version: 0 });
    expect(stale.status).toBe(409);
    expect(code(stale)).toBe('CANNED_REPLY_CHANGED');
    expect((await agentSees()).find((r) => r.id === 'sorry')?.text.en).toBe('Dear {name}, we are sorry about order {orderId}.');
    expect(code(await root.call('POST', '/canned-replies', { id: 'sorry', ...body }))).toBe('CANNED_REPLY_EXISTS');
    expect(code(await root.call('PUT', '/canned-replies/nope', { ...body, version: 0 }))).toBe('CANNED_REPLY_NOT_FOUND');
    expect(code(await root.call('DELETE', '/canned-replies/nope?version=0'))).toBe('CANNED_REPLY_NOT_FOUND');
    expect((await root.call('DELETE', '/canned-replies/sorry')).status).toBe(400);
    expect((await root.call('DELETE', '/canned-replies/sorry?version=0')).status).toBe(409);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown placeholder', { id: 'x1', title: { en: 'X' }, text: { en: 'Hi {nmae}' } }, /text\.en: unknown placeholder \{nmae\}/],
    ['the customer.name spelling', { id: 'x1', title: { en: 'X' }, text: { en: 'Hi {customer.name}' } }, /unknown placeholder \{customer\.name\} \(use \{name\}, \{orderId\}, \{customerId\}, \{agent\}\)/],
    ['a bad id', { id: 'Has Spaces', title: { en: 'X' }, text: { en: 'x' } }, /^id: ids are/],
    ['no text at all', { id: 'x1', title: { en: 'X' }, text: {} }, /text: give the text in at least one language/],
    ['an empty title', { id: 'x1', title: { en: '  ' }, text: { en: 'x' } }, /title\.en: a title may not be empty/],
    ['a bad locale', { id: 'x1', title: { english: 'X' }, text: { en: 'x' } }, /title\.english: "english" is not a locale tag/],
    ['a text too long', { id: 'x1', title: { en: 'X' }, text: { en: 'x'.repeat(2001) } }, /at most 2000 characters/],
    ['an unknown field', { id: 'x1', title: { en: 'X' }, text: { en: 'x' }, html: '<b>' }, /Unrecognized key/i],
    ['not an object', ['x'], /Send a JSON object/],
  ])('refuses %s with a 400 that says what is wrong', async (_name, body, message) => {
    const res = await root.call('POST', '/canned-replies', body);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toMatch(message);
    expect((await agentSees()).some((r) => r.id === 'x1')).toBe(false);
  });

  it('agents may read but not change them (403); nobody without a session (401)', async () => {
    expect((await ana.call('GET', '/canned-replies/manage')).status).toBe(403);
    expect((await ana.call('POST', '/canned-replies', { id: 'mine', title: { en: 'X' }, text: { en: 'x' } })).status).toBe(403);
    expect((await ana.call('PUT', '/canned-replies/sorry', { title: { en: 'X' }, text: { en: 'x' }, version: 1 })).status).toBe(403);
    expect((await ana.call('DELETE', '/canned-replies/sorry?version=1')).status).toBe(403);
    expect((await ana.call('POST', '/canned-replies/bye/restore')).status).toBe(403);
    expect((await ana.call('POST', '/canned-replies', {}, null)).status).toBe(401);
  });
});
