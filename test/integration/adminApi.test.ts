import { readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { listen, type Listening } from '../support/http.js';
import { DIALOGS_DIR } from '../support/scripts.js';

const USERS = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}`, `root:admin:${bcrypt.hashSync('root password 3', 4)}`].join(',');
const ORIGINAL = await readFile(`${DIALOGS_DIR}/post-purchase.yaml`, 'utf8');
const OLD_TEXT = 'Overall, how satisfied are you with your order?';
const NEW_TEXT = 'How happy are you with your order overall?';

/** The admin API over real HTTP: versions, drafts, validation, publish, diff, rollback, audit. */
describe('admin API', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let root: ConsoleClient;

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
    root = await ConsoleClient.signIn(server.url, { username: 'root', password: 'root password 3' });
  });

  afterAll(async () => {
    await satisfy.close();
    await server.close();
  });

  const api = (method: string, path: string, body?: unknown, token: string | null = root.token) =>
    fetch(`${server.url}/admin/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const json = async (method: string, path: string, body?: unknown) => {
    const res = await api(method, path, body);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions below check the shape
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('is for admins only: 401 without a session, 403 for an agent, the ADMIN_TOKEN works', async () => {
    expect((await api('GET', '/surveys', undefined, null)).status).toBe(401);
    expect((await api('GET', '/surveys', undefined, 'forged.token.here')).status).toBe(401);
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    const res = await api('GET', '/surveys', undefined, ana.token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Editing surveys is for admins.', requestId: expect.any(String) } });
    expect((await api('PUT', '/surveys/post-purchase/draft', { source: ORIGINAL }, ana.token)).status).toBe(403);
    expect((await api('GET', '/surveys', undefined, ADMIN_TOKEN)).status).toBe(200);
  });

  it('lists the surveys seeded from dialogs/ with their versions', async () => {
    const { body } = await json('GET', '/surveys');
    expect(body.surveys).toEqual(
      expect.arrayContaining([{ id: 'post-purchase', title: 'After your purchase', titles: { en: 'After your purchase', 'zh-CN': '购物体验调查', es: 'Después de tu compra' }, publishedVersion: 1, latestVersion: 1, draft: null }]),
    );
    const versions = await json('GET', '/surveys/post-purchase/versions');
    expect(versions.body.versions).toEqual([{ surveyId: 'post-purchase', version: 1, author: 'file', comment: expect.stringContaining('imported from'), createdAt: expect.any(String), published: true }]);
    const yaml = await api('GET', '/surveys/post-purchase/versions/1?format=yaml');
    expect(yaml.headers.get('content-type')).toContain('text/yaml');
    expect(await yaml.text()).toBe(ORIGINAL);
    expect((await json('GET', '/surveys/post-purchase/versions/9')).status).toBe(404);
    expect((await json('GET', '/surveys/nope/versions')).status).toBe(404);
  });

  it('validates a draft with every problem, its path and line, and the locale coverage', async () => {
    const broken = ORIGINAL.replace('  - id: delivery\n', '  - id: delivery\n    next: nowhere\n').replace('      es: En general, ¿qué tan satisfecho estás con tu pedido?\n', '');
    const { status, body } = await json('POST', '/validate', { source: broken });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(body.surveyId).toBe('post-purchase');
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_TEXT', path: ['questions', 0, 'text', 'es'], locale: 'es', line: expect.any(Number) }),
        expect.objectContaining({ code: 'UNKNOWN_QUESTION', path: ['questions', 1, 'next'], line: expect.any(Number) }),
      ]),
    );
    expect(body.coverage.locales).toEqual(['en', 'zh-CN', 'es']);
    expect(body.coverage.rows).toContainEqual({ path: 'questions[0].text', label: 'question csat', what: { kind: 'question', question: 'csat' }, missing: ['es'] });
    expect(body.coverage.rows.filter((r: { missing: string[] }) => r.missing.length)).toHaveLength(1);

    const good = await json('POST', '/validate', { source: ORIGINAL });
    expect(good.body).toMatchObject({ ok: true, problems: [] });
    expect((await json('POST', '/validate', { source: 42 })).status).toBe(400);
    const yamlError = await json('POST', '/validate', { source: 'id: [unclosed' });
    expect(yamlError.body.problems[0]).toMatchObject({ code: 'YAML', line: 1 });
  });

  it('refuses a YAML bomb, deep nesting and megabytes quickly, with a clear problem', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 60 }, (_, i) => `${String.fromCharCode(98 + (i % 20))}${i}: &n${i} [${i === 0 ? '*a' : `*n${i - 1}`},${i === 0 ? '*a' : `*n${i - 1}`}]`)].join('\n');
    const result = await json('POST', '/validate', { source: bomb });
    expect(result.body.ok).toBe(false);
    expect(result.body.problems[0].message).toMatch(/alias|Excessive/i);
    const deep = `id: x\nq: ${'['.repeat(200)}${']'.repeat(200)}`;
    expect((await json('POST', '/validate', { source: deep })).body.problems[0].message).toMatch(/deeper|nest/i);
    const big = `id: x\n# ${'y'.repeat(300 * 1024)}`;
    expect((await json('POST', '/validate', { source: big })).body.problems[0].message).toContain('larger than 256 KiB');
    const huge = await api('POST', '/validate', JSON.stringify({ source: 'z'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    // How fast it is refused is measured in bench/engine.bench.ts (an anchor bomb, ~2 ms).
    expect((await json('POST', '/surveys/post-purchase/publish', { source: bomb, comment: 'bomb' })).status).toBe(422);
  });

  it('keeps a draft, refuses to publish it while invalid, publishes, diffs, rolls back; all audited', async () => {
    const broken = ORIGINAL.replace(OLD_TEXT, NEW_TEXT).replace('  - id: delivery\n', '  - id: delivery\n    next: nowhere\n');
    const saved = await json('PUT', '/surveys/post-purchase/draft', { source: broken });
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toMatchObject({ surveyId: 'post-purchase', author: 'root', baseVersion: 1 });
    expect(saved.body.validation.ok).toBe(false);
    const refused = await json('POST', '/surveys/post-purchase/publish', { comment: 'new wording' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'SCRIPT_INVALID', problems: expect.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_QUESTION', line: expect.any(Number) })]) });
    expect((await json('GET', '/surveys/post-purchase/versions')).body.versions).toHaveLength(1);

    // Another survey's id in this survey's draft is refused.
    expect((await json('PUT', '/surveys/post-purchase/draft', { source: ORIGINAL.replace('id: post-purchase', 'id: other') })).status).toBe(400);

    await json('PUT', '/surveys/post-purchase/draft', { source: ORIGINAL.replace(OLD_TEXT, NEW_TEXT) });
    const diffToDraft = await json('GET', '/surveys/post-purchase/diff?from=1&to=draft');
    expect(diffToDraft.body.diff).toContain(`-      en: ${OLD_TEXT}`);
    expect(diffToDraft.body.diff).toContain(`+      en: ${NEW_TEXT}`);

    // A conversation started before the publish keeps version 1 to the end.
    const before = new BotDriver(satisfy.bot, { conversationId: 'admin-before' });
    await before.start();
    expect(before.texts().at(-1)).toContain(OLD_TEXT);

    const published = await json('POST', '/surveys/post-purchase/publish', { comment: 'friendlier first question' });
    expect(published.body.version).toMatchObject({ version: 2, author: 'root', comment: 'friendlier first question' });
    expect((await json('GET', '/surveys/post-purchase/draft')).status).toBe(404);

    const after = new BotDriver(satisfy.bot, { conversationId: 'admin-after' });
    await after.start();
    expect(after.texts().at(-1)).toContain(NEW_TEXT);
    await before.send('4');
    expect(before.currentQuestion()).toBe('delivery');
    const [oldResponse] = (await satisfy.stores.responses.list({ surveyId: 'post-purchase' })).filter((r) => r.surveyVersion === 1);
    expect(oldResponse?.answers.csat?.value).toBe(4);

    const diff = await json('GET', '/surveys/post-purchase/diff?from=1&to=2');
    expect(diff.body.diff).toContain(`+      en: ${NEW_TEXT}`);
    expect((await json('GET', '/surveys/post-purchase/diff?from=1&to=x')).status).toBe(400);

    const rolled = await json('POST', '/surveys/post-purchase/rollback', { version: 1 });
    expect(rolled.body.version).toMatchObject({ version: 3, comment: 'rolled back to version 1', source: ORIGINAL });
    const again = new BotDriver(satisfy.bot, { conversationId: 'admin-rolled' });
    await again.start();
    expect(again.texts().at(-1)).toContain(OLD_TEXT);
    const versions = (await json('GET', '/surveys/post-purchase/versions')).body.versions as { version: number; published: boolean }[];
    expect(versions.map((v) => [v.version, v.published])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);

    const audit = await json('GET', '/audit?surveyId=post-purchase');
    expect(audit.body.entries.map((e: { action: string; actor: string; version?: number }) => [e.action, e.actor, e.version])).toEqual([
      ['version.rolled_back', 'root', 3],
      ['version.published', 'root', 2],
      ['draft.saved', 'root', undefined],
      ['draft.saved', 'root', undefined],
      ['version.imported', 'file', 1],
    ]);

    const exported = await api('GET', '/surveys/post-purchase/export');
    expect(exported.headers.get('content-disposition')).toContain('post-purchase-versions.json');
    expect(((await exported.json()) as { versions: unknown[] }).versions).toHaveLength(3);
  });

  it('creates a new survey from a draft, and deletes a draft', async () => {
    const source = `id: quick-pulse
title: { en: Quick pulse }
defaultLocale: en
locales: [en]
questions:
  - id: score
    type: rating
    scale: csat
    text: { en: How was today? }
endings:
  - id: thanks
    text: { en: Thanks! }
`;
    expect((await json('POST', '/surveys/quick-pulse/publish', { comment: 'x' })).body.error.code).toBe('NO_DRAFT');
    await json('PUT', '/surveys/quick-pulse/draft', { source });
    expect((await json('GET', '/surveys')).body.surveys).toContainEqual(expect.objectContaining({ id: 'quick-pulse', publishedVersion: null, draft: expect.objectContaining({ author: 'root' }) }));
    const published = await json('POST', '/surveys/quick-pulse/publish', { comment: 'first' });
    expect(published.body.version).toMatchObject({ version: 1 });
    const customer = new BotDriver(satisfy.bot, { conversationId: 'pulse-1' });
    await customer.start({ surveyId: 'quick-pulse' });
    expect(customer.texts().at(-1)).toContain('How was today?');

    await json('PUT', '/surveys/quick-pulse/draft', { source: source.replace('today', 'this week') });
    const deleted = await api('DELETE', '/surveys/quick-pulse/draft');
    expect(deleted.status).toBe(204);
    expect((await api('DELETE', '/surveys/quick-pulse/draft')).status).toBe(404);

    // A survey that only ever had a draft leaves no trace once the draft is discarded.
    await json('PUT', '/surveys/never-published/draft', { source: source.replace('quick-pulse', 'never-published') });
    expect((await json('GET', '/surveys')).body.surveys.map((x: { id: string }) => x.id)).toContain('never-published');
    await api('DELETE', '/surveys/never-published/draft');
    expect((await json('GET', '/surveys')).body.surveys.map((x: { id: string }) => x.id)).not.toContain('never-published');
    expect((await json('PUT', '/surveys/bad id/draft', { source })).status).toBe(400);
  });

  it('answers 409 NOTHING_CHANGED when the text is already the published one, adds no version, and drops an identical draft', async () => {
    const source = ORIGINAL.replace('id: post-purchase', 'id: same-text');
    expect((await json('POST', '/surveys/same-text/publish', { comment: 'first', source })).body.version).toMatchObject({ version: 1 });
    const again = await json('POST', '/surveys/same-text/publish', { comment: 'again', source });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'NOTHING_CHANGED', message: expect.stringContaining('already published as version 1') });
    expect((await json('GET', '/surveys/same-text/versions')).body.versions).toHaveLength(1);

    // A saved draft with the same text is published already: publishing it says so and drops it.
    await json('PUT', '/surveys/same-text/draft', { source });
    const fromDraft = await json('POST', '/surveys/same-text/publish', { comment: 'draft' });
    expect(fromDraft.body.error.code).toBe('NOTHING_CHANGED');
    expect((await api('GET', '/surveys/same-text/draft')).status).toBe(404);

    // One changed character is a change.
    const changed = await json('POST', '/surveys/same-text/publish', { comment: 'new', source: source.replace(OLD_TEXT, NEW_TEXT) });
    expect(changed.body.version).toMatchObject({ version: 2 });
  });

  it('says when a draft no longer applies: a version published since it was started, or the same text as what is live', async () => {
    const v1 = ORIGINAL.replace('id: post-purchase', 'id: stale-check');
    expect((await json('POST', '/surveys/stale-check/publish', { comment: 'v1', source: v1 })).body.version).toMatchObject({ version: 1 });
    const mine = v1.replace(OLD_TEXT, NEW_TEXT);
    await json('PUT', '/surveys/stale-check/draft', { source: mine });
    const row = async () => ((await json('GET', '/surveys')).body.surveys as { id: string; draft: Record<string, unknown> | null }[]).find((x) => x.id === 'stale-check')!;
    expect((await row()).draft).toEqual({ author: 'root', updatedAt: expect.any(String), baseVersion: 1 });

    // Someone publishes other text: the draft, started from version 1, is behind version 2.
    await json('POST', '/surveys/stale-check/publish', { comment: 'v2', source: v1.replace('Overall,', 'All in all,') });
    expect((await row()).draft).toMatchObject({ baseVersion: 1, stale: { reason: 'behind', baseVersion: 1, publishedVersion: 2 } });
    expect((await json('GET', '/surveys/stale-check/draft')).body.draft).toMatchObject({ source: mine, stale: { reason: 'behind', baseVersion: 1, publishedVersion: 2 } });
    // Saving it again does not hide that: it still grew from version 1.
    await json('PUT', '/surveys/stale-check/draft', { source: `${mine}# more\n` });
    expect((await row()).draft?.stale).toMatchObject({ reason: 'behind', baseVersion: 1 });

    // A draft that says exactly what is live.
    await api('DELETE', '/surveys/stale-check/draft');
    const live = (await json('GET', '/surveys/stale-check/versions/2')).body.version.source as string;
    await json('PUT', '/surveys/stale-check/draft', { source: live });
    expect((await row()).draft).toMatchObject({ baseVersion: 2, stale: { reason: 'published', publishedVersion: 2 } });
    expect((await json('GET', '/surveys/stale-check/draft')).body.draft.stale).toEqual({ reason: 'published', publishedVersion: 2 });
    await api('DELETE', '/surveys/stale-check/draft');

    // An ordinary draft on top of the published version is not stale.
    await json('PUT', '/surveys/stale-check/draft', { source: `${live}# note\n` });
    expect((await row()).draft).not.toHaveProperty('stale');
    expect((await json('GET', '/surveys/stale-check/draft')).body.draft).not.toHaveProperty('stale');
  });

  it('clears the draft the editor grew from when its text (with unsaved changes on top) is published, and keeps a draft saved since', async () => {
    const v1 = ORIGINAL.replace('id: post-purchase', 'id: linger-check');
    await json('POST', '/surveys/linger-check/publish', { comment: 'v1', source: v1 });
    const saved = await json('PUT', '/surveys/linger-check/draft', { source: v1.replace(OLD_TEXT, NEW_TEXT) });
    const fromDraft = saved.body.draft.updatedAt as string;
    // The editor went on from that draft without saving, then published.
    const edited = v1.replace(OLD_TEXT, `${NEW_TEXT} (edited)`);
    expect((await json('POST', '/surveys/linger-check/publish', { comment: 'v2', source: edited, fromDraft })).body.version).toMatchObject({ version: 2 });
    expect((await api('GET', '/surveys/linger-check/draft')).status).toBe(404);

    // Without saying which draft it grew from, other text leaves the saved draft alone…
    await new Promise((r) => setTimeout(r, 2));
    const other = await json('PUT', '/surveys/linger-check/draft', { source: edited.replace('(edited)', '(draft)') });
    await json('POST', '/surveys/linger-check/publish', { comment: 'v3', source: edited.replace('(edited)', '(v3)') });
    expect((await api('GET', '/surveys/linger-check/draft')).status).toBe(200);
    // …and so does a publish from an older draft than the one saved since (another admin's).
    await json('POST', '/surveys/linger-check/publish', { comment: 'v4', source: edited.replace('(edited)', '(v4)'), fromDraft });
    expect((await json('GET', '/surveys/linger-check/draft')).body.draft.updatedAt).toBe(other.body.draft.updatedAt);
    // Text that is already live, grown from the saved draft: nothing changed, and the draft goes.
    const again = await json('POST', '/surveys/linger-check/publish', { comment: 'same', source: edited.replace('(edited)', '(v4)'), fromDraft: other.body.draft.updatedAt });
    expect(again.body.error.code).toBe('NOTHING_CHANGED');
    expect((await api('GET', '/surveys/linger-check/draft')).status).toBe(404);
    expect((await json('POST', '/surveys/linger-check/publish', { comment: 'x', source: edited, fromDraft: 42 })).status).toBe(400);
  });

  it('previews a draft through the real engine in any locale, storing nothing', async () => {
    const draft = ORIGINAL.replace('总体来说，您对这次订单满意吗？', '您对这次订单整体满意吗？');
    const responsesBefore = (await satisfy.stores.responses.list({})).length;
    const start = await json('POST', '/preview', { source: draft, locale: 'zh-CN', input: { type: 'start' } });
    expect(start.status).toBe(200);
    expect(start.body.outputs.at(-1)).toMatchObject({ type: 'question', questionId: 'csat', text: '您对这次订单整体满意吗？' });
    const next = await json('POST', '/preview', { source: draft, session: start.body.session, input: { type: 'text', text: '四' } });
    expect(next.body.outputs.at(-1)).toMatchObject({ type: 'question', questionId: 'delivery' });
    expect(next.body.events[0]).toMatchObject({ type: 'answer.recorded', questionId: 'csat', value: 4 });
    const clicked = await json('POST', '/preview', { source: draft, session: next.body.session, input: { type: 'answer', questionId: 'delivery', value: '5' } });
    expect(clicked.body.outputs.at(-1)).toMatchObject({ questionId: 'product_quality' });
    expect((await satisfy.stores.responses.list({})).length).toBe(responsesBefore);

    expect((await json('POST', '/preview', { source: draft, input: { type: 'text', text: 'hi' } })).status).toBe(400);
    expect((await json('POST', '/preview', { source: 'id: [', input: { type: 'start' } })).status).toBe(422);
    expect((await json('POST', '/preview', { source: draft, input: { type: 'eval', code: '1' } })).status).toBe(400);
  });

  it('previews with a sample customer and order: texts and conditions use them, nothing keeps them, bad samples are a 400', async () => {
    const source = `id: vip-check
title: { en: VIP check, zh-CN: 贵宾回访 }
defaultLocale: en
locales: [en, zh-CN]
intro:
  en: "Hi {{customer.name|there}}! About order {{order.id|your order}} ({{order.items|your items}})."
  zh-CN: "{{customer.name|您}}好！关于订单 {{order.id|您的订单}}。"
questions:
  - id: big
    type: yesno
    if: order.total > 100 and customer.tier == "gold"
    text: { en: "Did our VIP desk help, {{customer.name}}?", zh-CN: 贵宾服务有帮助吗？ }
  - id: score
    type: rating
    scale: csat
    text: { en: How was it?, zh-CN: 怎么样？ }
endings:
  - id: thanks
    text: { en: Thanks!, zh-CN: 谢谢！ }
`;
    const customer = { id: 'C-1042', name: '王芳', tier: 'gold' };
    const order = { id: 'A-10482', items: ['Trail shoes', 'Socks'], total: 129.5 };
    const responses = (await satisfy.stores.responses.list({})).length;
    const audit = (await json('GET', '/audit?limit=1000')).body.entries.length;

    const zh = await json('POST', '/preview', { source, locale: 'zh-CN', input: { type: 'start', customer, order } });
    expect(zh.status).toBe(200);
    expect(zh.body.outputs[0]).toMatchObject({ type: 'message', text: '王芳好！关于订单 A-10482。' });
    expect(zh.body.outputs.at(-1)).toMatchObject({ type: 'question', questionId: 'big' });

    const en = await json('POST', '/preview', { source, locale: 'en', input: { type: 'start', customer: { ...customer, name: 'Ana' }, order } });
    expect(en.body.outputs[0].text).toBe('Hi Ana! About order A-10482 (Trail shoes and Socks).');
    expect(en.body.outputs.at(-1)).toMatchObject({ questionId: 'big', text: 'Did our VIP desk help, Ana?' });
    // The sample rides in the session the page sends back, and keeps filling texts.
    const next = await json('POST', '/preview', { source, session: en.body.session, input: { type: 'answer', questionId: 'big', value: 'yes' } });
    expect(next.body.outputs.at(-1)).toMatchObject({ questionId: 'score' });

    // Without the sample (or with a small order), the condition does not hold and the fallbacks show.
    const none = await json('POST', '/preview', { source, locale: 'en', input: { type: 'start' } });
    expect(none.body.outputs[0].text).toBe('Hi there! About order your order (your items).');
    expect(none.body.outputs.at(-1)).toMatchObject({ questionId: 'score' });
    const small = await json('POST', '/preview', { source, locale: 'en', input: { type: 'start', customer, order: { ...order, total: 20 } } });
    expect(small.body.outputs.at(-1)).toMatchObject({ questionId: 'score' });

    // Nothing of it is kept: no response, no audit entry, and the name is in no store.
    expect((await satisfy.stores.responses.list({})).length).toBe(responses);
    expect((await json('GET', '/audit?limit=1000')).body.entries.length).toBe(audit);
    expect((await json('GET', '/surveys')).body.surveys.map((x: { id: string }) => x.id)).not.toContain('vip-check');

    // Bad samples: a clear 400 that says which field.
    const bad = async (input: unknown) => {
      const res = await json('POST', '/preview', { source, locale: 'en', input });
      return { status: res.status, code: res.body.error?.code, message: String(res.body.error?.message) };
    };
    const huge = await bad({ type: 'start', customer: { id: 'C-1', notes: 'x'.repeat(17 * 1024) } });
    expect(huge).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(huge.message).toMatch(/input\.customer.*16 KiB/);
    expect(await bad({ type: 'start', order: 'A-1' })).toMatchObject({ status: 400, message: expect.stringMatching(/input\.order/) });
    expect(await bad({ type: 'start', customer: { id: { nested: true } } })).toMatchObject({ status: 400, message: expect.stringMatching(/id must be a string or a number/) });
    expect(await bad({ type: 'start', customer: { ['k'.repeat(65)]: 1 } })).toMatchObject({ status: 400 });
    expect(await bad({ type: 'start', customers: { name: 'typo' } })).toMatchObject({ status: 400, message: expect.stringMatching(/customers/) });
  });
});
