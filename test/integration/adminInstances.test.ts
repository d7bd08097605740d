import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { DIALOGS_DIR } from '../support/scripts.js';

const OLD_TEXT = 'Overall, how satisfied are you with your order?';
const NEW_TEXT = 'How happy are you with your order overall?';

/** Publishing on one instance, conversations on another, on one Redis. */
describe('publishing across two instances on one Redis', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;
  let dialogs: string;
  let prefix: string;

  beforeAll(async () => {
    dialogs = await mkdtemp(join(tmpdir(), 'satisfy-admin-dialogs-'));
    await copyFile(join(DIALOGS_DIR, 'post-purchase.yaml'), join(dialogs, 'post-purchase.yaml'));
    prefix = uniquePrefix();
    a = await createTestApp({ DIALOGS_DIR: dialogs }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp({ DIALOGS_DIR: dialogs }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await onA.close();
    await onB.close();
    await rm(dialogs, { recursive: true, force: true });
  });

  const adminOn = (base: string) => (method: string, path: string, body?: unknown) =>
    fetch(`${base}/admin/api${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('a new conversation on B gets what was published on A; one started before keeps its version', async () => {
    const before = await WebChatCustomer.open(onB.url);
    expect(before.botTexts().at(-1)).toContain(OLD_TEXT);

    const source = (await readFile(join(dialogs, 'post-purchase.yaml'), 'utf8')).replace(OLD_TEXT, NEW_TEXT);
    const published = await adminOn(onA.url)('POST', '/surveys/post-purchase/publish', { source, comment: 'new wording' });
    expect(published.status).toBe(200);
    const publishedAt = Date.now();

    const after = await WebChatCustomer.open(onB.url);
    expect(after.botTexts().at(-1)).toContain(NEW_TEXT);
    // The published pointer is read from Redis when a survey starts: no cache to wait for.
    expect(Date.now() - publishedAt).toBeLessThan(1000);

    // The earlier conversation finishes on version 1, answering through either instance.
    before.via(onA.url);
    expect((await before.say('5'))[0]).toContain('How satisfied are you with the delivery');
    await after.say('5');
    const responses = await b.stores.responses.list({ surveyId: 'post-purchase' });
    expect(responses.map((r) => r.surveyVersion).sort()).toEqual([1, 2]);

    // Rolling back on B reaches A's next conversation.
    expect((await adminOn(onB.url)('POST', '/surveys/post-purchase/rollback', { version: 1 })).status).toBe(200);
    const third = await WebChatCustomer.open(onA.url);
    expect(third.botTexts().at(-1)).toContain(OLD_TEXT);
    for (const c of [before, after, third]) c.close();
  });

  it('a restart with dialogs/ unchanged keeps what admins published; a changed file is imported', async () => {
    const api = adminOn(onA.url);
    const source = (await readFile(join(dialogs, 'post-purchase.yaml'), 'utf8')).replace(OLD_TEXT, NEW_TEXT);
    const admin = (await (await api('POST', '/surveys/post-purchase/publish', { source, comment: 'admin edit' })).json()) as { version: { version: number } };

    const restarted = await createTestApp({ DIALOGS_DIR: dialogs }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    expect((await restarted.scripts.published('post-purchase')).version).toBe(admin.version.version);
    await restarted.close();

    await writeFile(join(dialogs, 'post-purchase.yaml'), (await readFile(join(dialogs, 'post-purchase.yaml'), 'utf8')).replace(OLD_TEXT, 'Edited in git, how was your order?'));
    const again = await createTestApp({ DIALOGS_DIR: dialogs }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    const live = await again.scripts.published('post-purchase');
    expect(live.version).toBe(admin.version.version + 1);
    expect(live.questions[0]!.text.en).toBe('Edited in git, how was your order?');
    const audit = (await (await api('GET', '/audit?surveyId=post-purchase&limit=1')).json()) as { entries: { action: string; actor: string }[] };
    expect(audit.entries[0]).toMatchObject({ action: 'version.imported', actor: 'file' });
    await again.close();
  });
});
