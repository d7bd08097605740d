import bcrypt from 'bcryptjs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { ResultsBreakdown, ResultsDrivers, ResultsLoop, ResultsSummary, ResultsThemes, ResultsTrend, ResponsesPage } from '../../src/core/api/results.js';
import type { SurveyResponse } from '../../src/core/ports.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { findThemes } from '../../src/sentiment/findThemes.js';
import { maskPersonalData } from '../../src/core/privacy/maskPersonalData.js';
import WebSocket from 'ws';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { Stores } from '../../src/storage/Stores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, startConnector, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The results API end to end: surveys answered over the real channels (web chat over Direct
 * Line, Slack through its Events API with a fake Web API, Bot Framework's /api/messages with a
 * local connector) in English, Chinese and Spanish, with known answers, segments and days; a
 * case claimed, resolved and recovered in the console; then every results endpoint must give
 * exactly the figures the answers make, on the memory store and on Redis.
 */

const USERS = [
  `vera:viewer:${bcrypt.hashSync('vera password 1', 4)}`,
  `ana:agent:${bcrypt.hashSync('ana password 2', 4)}`,
  `root:admin:${bcrypt.hashSync('root password 3', 4)}`,
].join(',');

type Channel = 'directline' | 'slack' | 'emulator';

interface Respondent {
  id: string;
  channel: Channel;
  locale: 'en' | 'zh-CN' | 'es';
  day: string;
  brand: string;
  tier?: string;
  category: string;
  /** What the customer types, in order. */
  says: string[];
  /** The ratings among them, for the expected figures. */
  csat: number;
  delivery?: number;
  product_quality?: number;
  value?: number;
  nps?: number;
  status: 'completed' | 'opted_out';
}

/** Tuesdays: the previous range holds D0; the range (2026-11-02 … 2026-11-15) D1 and D2. */
const D0 = '2026-10-27';
const D1 = '2026-11-03';
const D2 = '2026-11-10';
const FROM = '2026-11-02';
const TO = '2026-11-15';

const RESPONDENTS: Respondent[] = [
  { id: 'r1', channel: 'directline', locale: 'en', day: D1, brand: 'Acme', tier: 'gold', category: 'kitchen', says: ['5', '4', '5', '4', '10', 'Friendly staff and fast delivery'], csat: 5, delivery: 4, product_quality: 5, value: 4, nps: 10, status: 'completed' },
  { id: 'r2', channel: 'directline', locale: 'zh-CN', day: D1, brand: 'Globex', tier: 'silver', category: 'garden', says: ['2', '1', '3', '2', '送餐太慢了，很失望', '3', '配送', '要'], csat: 2, delivery: 1, product_quality: 3, value: 2, nps: 3, status: 'completed' },
  { id: 'r3', channel: 'directline', locale: 'es', day: D2, brand: 'Acme', tier: 'silver', category: 'kitchen', says: ['4', '5', '4', '3', '8'], csat: 4, delivery: 5, product_quality: 4, value: 3, nps: 8, status: 'completed' },
  { id: 'r4', channel: 'slack', locale: 'en', day: D1, brand: 'Acme', tier: 'gold', category: 'garden', says: ['3', '3', '4', '3', 'The delivery was late', '6', 'Delivery', 'no'], csat: 3, delivery: 3, product_quality: 4, value: 3, nps: 6, status: 'completed' },
  { id: 'r5', channel: 'slack', locale: 'es', day: D2, brand: 'Globex', tier: 'gold', category: 'kitchen', says: ['5', '5', '5', '5', '9', 'saltar'], csat: 5, delivery: 5, product_quality: 5, value: 5, nps: 9, status: 'completed' },
  { id: 'r6', channel: 'slack', locale: 'en', day: D2, brand: 'Globex', tier: 'silver', category: 'garden', says: ['4', 'stop'], csat: 4, status: 'opted_out' },
  {
    id: 'r7',
    channel: 'emulator',
    locale: 'en',
    day: D2,
    brand: 'Acme',
    tier: 'gold',
    category: 'garden',
    says: ['1', '2', '1', '1', 'Terrible, the delivery was late and I want a refund. Write to sam@example.com', '0', 'Price', 'no'],
    csat: 1,
    delivery: 2,
    product_quality: 1,
    value: 1,
    nps: 0,
    status: 'completed',
  },
  { id: 'r8', channel: 'emulator', locale: 'zh-CN', day: D1, brand: 'Acme', category: 'kitchen', says: ['4', '4', '4', '4', '9', '包装很好，送货很快'], csat: 4, delivery: 4, product_quality: 4, value: 4, nps: 9, status: 'completed' },
  { id: 'r9', channel: 'emulator', locale: 'es', day: D0, brand: 'Globex', tier: 'gold', category: 'kitchen', says: ['3', '2', '3', '3', 'El envío tardó mucho', '7'], csat: 3, delivery: 2, product_quality: 3, value: 3, nps: 7, status: 'completed' },
];

const IN_RANGE = RESPONDENTS.filter((r) => r.day >= FROM && r.day <= TO);

/** Pearson's r from raw pairs, written out here apart from the code under test. */
function pearson(pairs: [number, number][]): number {
  const n = pairs.length;
  const mx = pairs.reduce((a, [x]) => a + x, 0) / n;
  const my = pairs.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const syy = pairs.reduce((a, [, y]) => a + (y - my) ** 2, 0);
  return sxy / Math.sqrt(sxx * syy);
}

const satisfied = (rs: Respondent[]) => rs.filter((r) => r.csat >= 4).length / rs.length;
const npsOf = (rs: Respondent[]) => {
  const scores = rs.map((r) => r.nps).filter((x): x is number => x !== undefined);
  return (100 * (scores.filter((x) => x >= 9).length - scores.filter((x) => x <= 6).length)) / scores.length;
};

describe.each([
  ['memory', () => Promise.resolve(memoryStores())],
  ['Redis', () => testRedisStores()],
] as const)('results API on %s', (_kind, makeStores) => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let stores: Stores;
  const clock = { time: Date.parse(`${D1}T10:00:00.000Z`), now() { return this.time; } };
  const setTime = (iso: string) => void (clock.time = Date.parse(iso));
  const webchat = new Map<string, WebChatCustomer>();
  let seq = 0;
  let viewer: ConsoleClient;
  let agent: ConsoleClient;
  let admin: ConsoleClient;

  const responseOf = async (customerId: string): Promise<SurveyResponse | undefined> => (await stores.responses.list({ surveyId: 'post-purchase' })).find((r) => r.customerId === customerId);

  async function start(r: Respondent): Promise<(text: string) => Promise<void>> {
    const customer = { id: r.id, ...(r.tier ? { tier: r.tier } : {}) };
    const order = { id: `o-${r.id}`, brand: r.brand, category: r.category };
    if (r.channel === 'directline') {
      const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: r.locale, customer, order }, 86_400_000);
      const c = await WebChatCustomer.open(server.url, { invite });
      webchat.set(r.id, c);
      return async (text) => void (await c.say(text, 0));
    }
    if (r.channel === 'slack') {
      const user = `U${r.id.toUpperCase()}`;
      slack.users.set(user, { locale: r.locale, name: r.id });
      const { channel } = await satisfy.slack!.startSurvey({ slackUserId: user, surveyId: 'post-purchase', locale: r.locale, customer, order });
      return async (text) => {
        const body = slackMessageEvent({ eventId: `Ev${++seq}`, channel, user, text });
        expect((await slackRequest(server.url, body, 'application/json')).status).toBe(200);
      };
    }
    const post = async (extra: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: `a-${++seq}`, channelId: 'emulator', serviceUrl: connector.url, conversation: { id: `conv-${r.id}` }, from: { id: `user-${r.id}` }, recipient: { id: 'bot' }, locale: r.locale, ...extra }),
      });
      expect(res.status).toBeLessThan(300);
    };
    await post({ type: 'event', name: 'survey.start', value: { surveyId: 'post-purchase', locale: r.locale, customer, order } });
    return (text) => post({ type: 'message', text });
  }

  /** Answers the whole survey, each answer checked to have reached the response store. */
  async function answer(r: Respondent): Promise<void> {
    setTime(`${r.day}T10:00:00.000Z`);
    const send = await start(r);
    // The response is stored with the first answer (the start alone is not a response yet).
    for (const text of r.says) {
      const before = JSON.stringify(await responseOf(r.id));
      await send(text);
      await waitFor(async () => JSON.stringify(await responseOf(r.id)) !== before).catch(() => {
        throw new Error(`${r.id} (${r.channel}, ${r.locale}): "${text}" was not recorded`);
      });
    }
    await waitFor(async () => (await responseOf(r.id))?.status === r.status);
  }

  const results = async <T>(path: string, token: string | null = viewer.token): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}/api/results/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as T };
  };
  const range = `from=${FROM}&to=${TO}`;

  /** Staff sessions last 8 hours of the (test) clock: signed in again whenever it moves on. */
  async function signIn(): Promise<void> {
    [viewer, agent, admin] = await Promise.all([
      ConsoleClient.signIn(server.url, { username: 'vera', password: 'vera password 1' }),
      ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 2' }),
      ConsoleClient.signIn(server.url, { username: 'root', password: 'root password 3' }),
    ]);
  }

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    connector = await startConnector();
    stores = await makeStores();
    satisfy = await createTestApp(
      { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, CONSOLE_USERS: USERS, DIRECTLINE_TOKEN_TTL_SECONDS: '86400' },
      { stores, clock, background: false },
    );
    server = await listen(satisfy.app, satisfy.attach);
    for (const r of RESPONDENTS) await answer(r);

    // The unhappy Chinese customer's case: claimed and resolved the next day, recovered in chat.
    const caseOf = async (id: string) => (await stores.cases.list(100)).find((c) => c.customer.id === id);
    const r2 = await waitFor(() => caseOf('r2'));
    setTime('2026-11-04T09:00:00.000Z');
    await signIn();
    expect((await agent.call('POST', `/cases/${r2.id}/claim`)).status).toBe(200);
    expect((await agent.call('POST', `/cases/${r2.id}/resolve`, { note: 'Refunded the delivery' })).status).toBe(200);
    const chat = webchat.get('r2')!;
    await chat.waitForBot((t) => t.at(-1)?.startsWith('您的问题解决了吗') ?? false, 'the recovery question');
    await chat.say('是');
    await chat.say('4', 0);
    await waitFor(async () => (await stores.cases.get(r2.id))?.recovery);
    // The angry English customer's case: claimed 20 minutes after it opened, within its SLA.
    const r7 = await waitFor(() => caseOf('r7'));
    clock.time = Date.parse(r7.createdAt) + 20 * 60_000;
    await signIn();
    expect((await agent.call('POST', `/cases/${r7.id}/claim`)).status).toBe(200);
    // Every count has landed (Slack and Bot Framework turns finish after their HTTP answer).
    setTime('2026-11-15T12:00:00.000Z');
    await signIn();
    await waitFor(async () => (await results<ResultsSummary>(`post-purchase/summary?${range}`)).body.responses?.completed === 7);
  }, 120_000);

  afterAll(async () => {
    for (const c of webchat.values()) c.close();
    await server?.close();
    await satisfy?.close();
    await slack?.close();
    await connector?.close();
  });

  it('summary: responses, every question with its distribution, scores, margins and drop-off', async () => {
    const { status, body } = await results<ResultsSummary>(`post-purchase/summary?${range}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ surveyId: 'post-purchase', from: FROM, to: TO, headline: { csat: 'csat', nps: 'nps', ces: null } });
    expect(body.responses).toEqual({ started: 8, completed: 7, abandoned: 0, optedOut: 1, completionRate: 7 / 8 });
    const q = (id: string) => body.questions.find((x) => x.id === id)!;
    expect(body.questions.map((x) => x.id)).toEqual(['csat', 'delivery', 'product_quality', 'value', 'improve', 'nps', 'detractor_reason', 'contact_ok', 'liked']);

    const csatCounts = (rs: Respondent[]) => Object.fromEntries([1, 2, 3, 4, 5].map((v) => [String(v), rs.filter((r) => r.csat === v).length]));
    expect(q('csat')).toMatchObject({ type: 'rating', scale: { min: 1, max: 5, preset: 'csat' }, aspect: 'overall', n: 8, distribution: csatCounts(IN_RANGE), dropOff: { reached: 8, answered: 8, skipped: 0, dropped: 0 } });
    expect(q('csat').distribution).toEqual({ 1: 1, 2: 1, 3: 1, 4: 3, 5: 2 });
    expect(q('csat').mean).toBeCloseTo((5 + 2 + 4 + 3 + 5 + 4 + 1 + 4) / 8, 10);
    expect(q('csat').csat).toMatchObject({ satisfiedShare: 0.625, n: 8 });
    expect(satisfied(IN_RANGE)).toBe(0.625);
    // Wilson 95% for 5/8: [0.3057, 0.8632].
    expect(q('csat').csat!.marginOfError).toBeCloseTo((0.8632 - 0.3057) / 2, 3);

    // Three promoters (10, 9, 9), one passive (8), three detractors (3, 6, 0): NPS 0.
    expect(q('nps').nps).toMatchObject({ score: 0, promoters: 3, passives: 1, detractors: 3, n: 7 });
    expect(npsOf(IN_RANGE)).toBe(0);
    // √((3/7 + 3/7 − 0)/7) · 1.96 · 100
    expect(q('nps').nps!.marginOfError).toBeCloseTo(100 * 1.959964 * Math.sqrt(6 / 7 / 7), 3);
    // The customer who stopped left on the delivery question.
    expect(q('delivery').dropOff).toEqual({ reached: 8, answered: 7, skipped: 0, dropped: 1 });
    expect(q('delivery').distribution).toEqual({ 1: 1, 2: 1, 3: 1, 4: 2, 5: 2 });
    expect(q('detractor_reason')).toMatchObject({ type: 'choice', n: 3, distribution: { delivery: 2, product_quality: 0, price: 1, customer_service: 0, website: 0, other: 0 } });
    expect(q('contact_ok')).toMatchObject({ type: 'yesno', n: 3, distribution: { yes: 1, no: 2 } });
    // liked: two answers (English, Chinese) and the Spanish "saltar" skipped.
    expect(q('liked')).toMatchObject({ type: 'text', n: 2, dropOff: { reached: 3, answered: 2, skipped: 1, dropped: 0 } });
    const stored = (await stores.responses.list({ surveyId: 'post-purchase' })).filter((r) => r.startedAt >= FROM && r.startedAt <= `${TO}T23:59:59.999Z`);
    const labels = (qid: string) => Object.fromEntries(['negative', 'neutral', 'positive'].map((l) => [l, stored.filter((r) => r.answers[qid]?.sentimentLabel === l).length]));
    expect(q('improve').sentiment).toEqual(labels('improve'));
    expect(q('liked').sentiment).toEqual(labels('liked'));
    expect(q('improve').n).toBe(3);

    // What the survey can be split by, with the values seen.
    expect(body.segments).toEqual([
      { name: 'channel', values: ['directline', 'emulator', 'slack'] },
      { name: 'locale', values: ['en', 'es', 'zh-CN'] },
      { name: 'version', values: ['1'] },
      { name: 'brand', values: ['Acme', 'Globex'] },
      { name: 'customer.tier', values: ['gold', 'silver'] },
      { name: 'order.category', values: ['garden', 'kitchen'] },
    ]);
  });

  it('summary with a segment filter: several values of one segment are OR-ed', async () => {
    const acme = (await results<ResultsSummary>(`post-purchase/summary?${range}&segment.brand=Acme`)).body;
    const acmeRs = IN_RANGE.filter((r) => r.brand === 'Acme');
    expect(acme.segment).toEqual({ name: 'brand', values: ['Acme'] });
    expect(acme.responses.started).toBe(acmeRs.length);
    expect(acme.questions[0]!.csat).toMatchObject({ satisfiedShare: satisfied(acmeRs), n: acmeRs.length });
    const zh = (await results<ResultsSummary>(`post-purchase/summary?${range}&segment.locale=zh-CN`)).body;
    expect(zh.responses).toMatchObject({ started: 2, completed: 2 });
    expect(zh.questions[0]!.distribution).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 });
    const both = (await results<ResultsSummary>(`post-purchase/summary?${range}&segment.channel=slack&segment.channel=emulator`)).body;
    expect(both.responses.started).toBe(IN_RANGE.filter((r) => r.channel !== 'directline').length);
    const gold = (await results<ResultsSummary>(`post-purchase/summary?${range}&segment.customer.tier=gold`)).body;
    expect(gold.questions.find((x) => x.id === 'nps')!.nps).toMatchObject({ score: npsOf(IN_RANGE.filter((r) => r.tier === 'gold')), n: 4 });
  });

  it('trend: weekly points with n, and the range against the previous one', async () => {
    const { status, body } = await results<ResultsTrend>(`post-purchase/trend?${range}&interval=week`);
    expect(status).toBe(200);
    const week1 = IN_RANGE.filter((r) => r.day === D1);
    const week2 = IN_RANGE.filter((r) => r.day === D2);
    expect(body.points.map((p) => [p.period, p.from, p.to, p.started, p.completed, p.csat?.satisfiedShare, p.csat?.n, p.nps?.score, p.nps?.n])).toEqual([
      ['2026-11-02', FROM, '2026-11-08', 4, 4, satisfied(week1), 4, npsOf(week1), 4],
      ['2026-11-09', '2026-11-09', TO, 4, 3, satisfied(week2), 4, npsOf(week2), 3],
    ]);
    expect(body.comparison.previous).toEqual({ from: '2026-10-19', to: '2026-11-01' });
    // One response before (CSAT 3, NPS 7): nothing is significant with so few.
    expect(body.comparison.csat).toEqual({ now: 0.625, before: 0, delta: 0.625, nNow: 8, nBefore: 1, significant: false });
    expect(body.comparison.nps).toEqual({ now: 0, before: 0, delta: 0, nNow: 7, nBefore: 1, significant: false });
    expect(body.comparison.ces).toBeNull();
    expect(body.comparison.completionRate).toMatchObject({ now: 7 / 8, before: 1, nNow: 8, nBefore: 1 });

    const daily = (await results<ResultsTrend>(`post-purchase/trend?${range}`)).body;
    expect(daily.interval).toBe('day');
    expect(daily.points).toHaveLength(14);
    expect(daily.points.filter((p) => p.started).map((p) => [p.period, p.started])).toEqual([[D1, 4], [D2, 4]]);
    expect(daily.points[0]).toMatchObject({ period: FROM, started: 0, csat: null, nps: null });
    const monthly = (await results<ResultsTrend>(`post-purchase/trend?from=2026-10-01&to=2026-11-30&interval=month`)).body;
    expect(monthly.points.map((p) => [p.period, p.started])).toEqual([['2026-10-01', 1], ['2026-11-01', 8]]);
  });

  it('breakdown: per segment value with n, margins, small groups marked and "not given" last', async () => {
    const { status, body } = await results<ResultsBreakdown>(`post-purchase/breakdown?${range}&by=customer.tier`);
    expect(status).toBe(200);
    expect(body.smallGroup).toBe(30);
    const gold = IN_RANGE.filter((r) => r.tier === 'gold');
    const silver = IN_RANGE.filter((r) => r.tier === 'silver');
    expect(body.groups.map((g) => [g.value, g.n, g.small, g.csat?.satisfiedShare, g.csat?.n, g.nps?.score, g.nps?.n])).toEqual([
      ['gold', 4, true, satisfied(gold), 4, npsOf(gold), 4],
      ['silver', 3, true, satisfied(silver), 3, npsOf(silver), 2],
      [null, 1, true, 1, 1, 100, 1],
    ]);
    expect(body.groups[0]!.csat!.marginOfError).toBeGreaterThan(0.2);
    expect(body.groups[0]!.responses).toEqual({ started: 4, completed: 4, abandoned: 0, optedOut: 0, completionRate: 1 });
    const brands = (await results<ResultsBreakdown>(`post-purchase/breakdown?${range}&by=brand`)).body;
    expect(brands.groups.map((g) => [g.value, g.n])).toEqual([['Acme', 5], ['Globex', 3]]);
    const channels = (await results<ResultsBreakdown>(`post-purchase/breakdown?${range}&by=channel&segment.channel=slack`)).body;
    expect(channels.groups.map((g) => [g.value, g.n, g.responses.optedOut])).toEqual([['slack', 3, 1]]);
  });

  it('drivers: importance from co-moments equals Pearson on the raw pairs; short boards first', async () => {
    const { status, body } = await results<ResultsDrivers>(`post-purchase/drivers?${range}`);
    expect(status).toBe(200);
    expect(body.outcome).toMatchObject({ questionId: 'csat', n: 8 });
    expect(body.drivers.map((d) => d.questionId).sort()).toEqual(['delivery', 'product_quality', 'value']);
    for (const d of body.drivers) {
      const id = d.questionId as 'delivery' | 'product_quality' | 'value';
      const answered = IN_RANGE.filter((r) => r[id] !== undefined);
      const pairs = answered.map((r): [number, number] => [r[id]!, r.csat]);
      expect(d.n).toBe(answered.length);
      expect(d.pairs).toBe(pairs.length);
      expect(d.importance).toBeCloseTo(pearson(pairs), 10);
      expect(d.performance).toBeCloseTo(pairs.reduce((a, [x]) => a + x, 0) / pairs.length, 10);
      expect(d.lowShare).toBeCloseTo(pairs.filter(([x]) => x <= 2).length / pairs.length, 10);
    }
    const quadrants = body.drivers.map((d) => d.quadrant);
    expect(quadrants.every((x) => x !== null)).toBe(true);
    // Short boards (if any) come first.
    const firstOther = quadrants.findIndex((x) => x !== 'short_board');
    if (firstOther >= 0) expect(quadrants.slice(firstOther)).not.toContain('short_board');
    expect(body.drivers.find((d) => d.aspect === 'price')?.questionId).toBe('value');
  });

  it('themes: the counters rank as findThemes does over the stored answers, with masked recent quotes', async () => {
    const { status, body } = await results<ResultsThemes>(`post-purchase/themes?${range}`);
    expect(status).toBe(200);
    const stored = (await stores.responses.list({ surveyId: 'post-purchase', from: `${FROM}T00:00:00.000Z`, to: `${TO}T23:59:59.999Z` }));
    // Themes are found in the masked text: no email address ever becomes a counted phrase.
    const open = stored.flatMap((r) => Object.values(r.answers).filter((a) => a.sentimentLabel && !a.skipped).map((a) => ({ text: maskPersonalData(a.raw), locale: r.locale, sentiment: a.sentimentLabel! })));
    expect(open).toHaveLength(5);
    const batch = findThemes(open, createSentimentScorer());
    for (const label of ['negative', 'neutral', 'positive'] as const) {
      expect(body.themes[label].map((t) => [t.phrase, t.count])).toEqual(batch[label].map((t) => [t.phrase, t.count]));
      expect(body.answers[label]).toBe(open.filter((a) => a.sentiment === label).length);
    }
    const all = Object.values(body.themes).flat();
    expect(all.length).toBeGreaterThan(0);
    const counted = Object.keys(Object.fromEntries([...(await stores.aggregates.read('post-purchase', FROM, TO)).values()].flatMap((c) => Object.entries(c)))).filter((k) => k.startsWith('t:'));
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.filter((k) => /sam|example/.test(k))).toEqual([]);
    for (const theme of all) {
      expect(theme.quotes.length).toBeGreaterThan(0);
      expect(theme.quotes.length).toBeLessThanOrEqual(3);
      for (const quote of theme.quotes) expect(quote.text).not.toContain('@example.com');
    }
    const late = all.find((t) => t.quotes.some((q) => q.text.includes('refund')));
    if (late) expect(late.quotes.find((q) => q.text.includes('refund'))!.text).toContain('[email]');
  });

  it('loop: escalations by rule, case figures, recovery and rating before vs after', async () => {
    const { status, body } = await results<ResultsLoop>(`post-purchase/loop?${range}`);
    expect(status).toBe(200);
    const stored = (await stores.responses.list({ surveyId: 'post-purchase', from: `${FROM}T00:00:00.000Z`, to: `${TO}T23:59:59.999Z` }));
    const rules = new Map<string, number>();
    for (const e of stored.flatMap((r) => r.escalations)) rules.set(e.ruleId ?? '@customer', (rules.get(e.ruleId ?? '@customer') ?? 0) + 1);
    expect(Object.fromEntries(body.escalations.byRule.map((x) => [x.rule, x.count]))).toEqual(Object.fromEntries(rules));
    expect(body.escalations.total).toBe([...rules.values()].reduce((a, b) => a + b, 0));
    expect(rules.get('low_csat')).toBe(2);
    expect(rules.get('detractor')).toBe(3);
    const opened = (await stores.cases.list(100)).filter((c) => c.surveyId === 'post-purchase' && c.createdAt >= FROM && c.createdAt <= `${TO}T23:59:59.999Z`);
    expect(opened.map((c) => c.customer.id).sort()).toEqual(['r2', 'r4', 'r7']);
    // r2's case claimed 23 h after it opened (late), r7's after 20 minutes (in time).
    expect(body.cases).toEqual({ opened: 3, claimed: 2, meanMinutesToClaim: (23 * 60 + 20) / 2, claimedWithinSla: 1, claimedWithinSlaShare: 0.5, resolved: 1, expired: 0, resolvedShare: 1 / 3 });
    expect(body.recovery).toEqual({ answered: 1, yes: 1, no: 0, rate: 1, marginOfError: expect.any(Number), rating: { n: 1, before: 2, after: 4, delta: 2, significant: false } });
    // The case steps count in the groups of their response too.
    const globex = (await results<ResultsLoop>(`post-purchase/loop?${range}&segment.brand=Globex`)).body;
    expect(globex.cases).toMatchObject({ opened: 1, claimed: 1, resolved: 1 });
    expect(globex.recovery.rating).toMatchObject({ n: 1, before: 2, after: 4 });
  });

  it('kano: each feature\'s category shares from answers typed in English and Spanish', async () => {
    const kano = [
      { id: 'k1', locale: 'en', says: ["I'd like it", "I'd dislike it", "I'd like it", "I'm neutral"] },
      { id: 'k2', locale: 'es', says: ['Me gustaría', 'Me da igual', 'Lo esperaría', 'No me gustaría'] },
      { id: 'k3', locale: 'en', says: ["I'd expect it", "I'd dislike it", 'skip'] },
    ];
    for (const k of kano) {
      setTime(`${D2}T11:00:00.000Z`);
      const invite = await satisfy.invitations.create({ surveyId: 'feature-check', locale: k.locale, customer: { id: k.id }, order: { id: `o-${k.id}` } }, 86_400_000);
      const chat = await WebChatCustomer.open(server.url, { invite });
      webchat.set(k.id, chat);
      for (const text of k.says) await chat.say(text, 0);
      await waitFor(async () => (await stores.responses.list({ surveyId: 'feature-check' })).find((r) => r.customerId === k.id)?.status === 'completed');
    }
    setTime('2026-11-15T12:00:00.000Z');
    const { body } = await results<ResultsSummary>(`feature-check/summary?${range}`, ADMIN_TOKEN);
    expect(body.responses).toMatchObject({ started: 3, completed: 3 });
    const [gift, tracking] = body.questions;
    // like/dislike: one-dimensional; like/neutral: attractive; expect/dislike: must-be.
    expect(gift!.kano).toMatchObject({ n: 3, counts: { one_dimensional: 1, attractive: 1, must_be: 1, indifferent: 0, reverse: 0, questionable: 0 }, better: 2 / 3, worse: -2 / 3 });
    expect(gift!.kano!.functional).toEqual({ like: 2, expect: 1, neutral: 0, tolerate: 0, dislike: 0 });
    expect(tracking).toMatchObject({ n: 2, dropOff: { reached: 3, answered: 2, skipped: 1 } });
    expect(tracking!.kano).toMatchObject({ n: 2, counts: { attractive: 1, must_be: 1 }, shares: { attractive: 0.5, must_be: 0.5 } });
    const csv = parse(await (await fetch(`${server.url}/api/responses?surveyId=feature-check&format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.customer_id, r.gift_wrap, r['gift_wrap.category'], r['live_tracking.category']]).sort()).toEqual([
      ['k1', 'like; dislike', 'one_dimensional', 'attractive'],
      ['k2', 'like; neutral', 'attractive', 'must_be'],
      ['k3', 'expect; dislike', 'must_be', ''],
    ]);
  });

  it('reads the last 30 days to today (the Clock) without from and to', async () => {
    setTime('2026-11-12T08:00:00.000Z');
    const { body } = await results<ResultsSummary>('post-purchase/summary', ADMIN_TOKEN);
    expect([body.from, body.to]).toEqual(['2026-10-14', '2026-11-12']);
    expect(body.responses.started).toBe(9);
    setTime('2026-11-15T12:00:00.000Z');
  });

  it.each([
    ['summary?from=2026-02-30', /"from" must be a real day/],
    ['summary?from=2026-11-10&to=2026-11-01', /"to" \(2026-11-01\) is before "from"/],
    ['summary?from=2025-01-01&to=2026-11-15', /at most 366 days/],
    ['summary?segment.brand=Acme&segment.customer.tier=gold', /one segment at a time/],
    ['summary?segment.colour=red', /Unknown segment "colour".*brand, customer\.tier, order\.category/],
    ['summary?limit=5', /Unknown parameter "limit"/],
    ['trend?interval=year', /"interval" must be day, week or month/],
    ['breakdown', /by=<segment>/],
    ['breakdown?by=colour', /Unknown segment "colour"/],
    ['breakdown?by=brand&segment.locale=en', /Break down by the segment you filter on/],
  ])('400 for %s', async (path, message) => {
    const { status, body } = await results<{ error: { code: string; message: string } }>(`post-purchase/${path}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_QUERY');
    expect(body.error.message).toMatch(message);
  });

  it('404 for an unknown survey or view; 401 without a session; every role and the ADMIN_TOKEN may read', async () => {
    expect((await results<{ error: { code: string } }>('no-such-survey/summary')).body.error.code).toBe('SURVEY_NOT_FOUND');
    expect((await results('no-such-survey/summary')).status).toBe(404);
    expect((await results('post-purchase/everything')).status).toBe(404);
    expect((await results('post-purchase/summary', null)).status).toBe(401);
    expect((await results('post-purchase/summary', 'not-a-token')).status).toBe(401);
    for (const token of [viewer.token, agent.token, admin.token, ADMIN_TOKEN]) expect((await results(`post-purchase/summary?${range}`, token)).status).toBe(200);
  });

  it('a viewer reads results and responses, but no cases and no admin or privacy APIs', async () => {
    const bearer = { authorization: `Bearer ${viewer.token}` };
    expect((await viewer.call('GET', '/me')).body).toMatchObject({ user: { name: 'vera', role: 'viewer' } });
    expect(await viewer.call('GET', '/cases')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('viewer') } } });
    expect((await viewer.call('POST', '/cases/case_x/claim')).status).toBe(403);
    expect((await fetch(`${server.url}/admin/api/surveys`, { headers: bearer })).status).toBe(403);
    expect((await fetch(`${server.url}/api/customers/r1/export`, { headers: bearer })).status).toBe(403);
    expect((await fetch(`${server.url}/api/responses?surveyId=post-purchase`, { headers: bearer })).status).toBe(200);
    expect((await agent.call('GET', '/cases')).status).toBe(200);
    expect((await fetch(`${server.url}/admin/api/surveys`, { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(403);
    expect((await fetch(`${server.url}/admin/api/surveys`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    // The console's live case feed is not for viewers either.
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/console/ws`);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token: viewer.token })));
    expect(await new Promise((resolve) => ws.once('close', (code) => resolve(code)))).toBe(4403);
  });

  it('responses: cursor pages of the same filters, oldest first, never repeating', async () => {
    const get = async (query: string, token = viewer.token) => {
      const res = await fetch(`${server.url}/api/responses?${query}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as ResponsesPage<SurveyResponse> & { error?: { message: string } } };
    };
    const all = (await get(`surveyId=post-purchase&from=${FROM}&to=${TO}`)).body;
    expect(all.next).toBeNull();
    expect(all.responses.map((r) => r.customerId).sort()).toEqual(IN_RANGE.map((r) => r.id).sort());
    const pages: string[][] = [];
    let next: string | null = null;
    do {
      const page: ResponsesPage<SurveyResponse> = (await get(`surveyId=post-purchase&from=${FROM}&to=${TO}&limit=3${next ? `&cursor=${next}` : ''}`, ADMIN_TOKEN)).body;
      pages.push(page.responses.map((r) => r.id));
      next = page.next;
    } while (next);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual(all.responses.map((r) => r.id));
    const acme = (await get(`surveyId=post-purchase&from=${FROM}&to=${TO}&segment.brand=Acme`)).body;
    expect(acme.responses.map((r) => r.customerId).sort()).toEqual(['r1', 'r3', 'r4', 'r7', 'r8']);
    const r7 = acme.responses.find((r) => r.customerId === 'r7')!;
    expect(r7.answers.improve!.raw).toContain('[email]');
    expect(r7.segments).toEqual({ brand: 'Acme', 'customer.tier': 'gold', 'order.category': 'garden' });
    expect((await get('cursor=nonsense')).status).toBe(400);
    expect((await get('limit=1001')).status).toBe(400);
    expect((await get('surveyId=post-purchase&segment.brand=Acme&segment.locale=en')).body.error?.message).toMatch(/one segment at a time/);
    expect((await get('surveyId=post-purchase&segment.colour=red')).body.error?.message).toMatch(/Unknown segment "colour"/);
    expect((await get('format=csv')).body.error?.message).toMatch(/surveyId/);
    expect((await get('surveyId=post-purchase&format=csv&limit=10')).status).toBe(400);
    expect((await get('surveyId=post-purchase&format=pdf')).status).toBe(400);
  });

  it('CSV and XLSX exports parse back to the same data as the JSON listing', async () => {
    const query = `surveyId=post-purchase&from=${FROM}&to=${TO}`;
    const listing = (await (await fetch(`${server.url}/api/responses?${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as ResponsesPage<SurveyResponse>;
    const expected = listing.responses.map((r) => ({
      response_id: r.id,
      customer_id: r.customerId ?? '',
      channel: r.channel,
      locale: r.locale,
      status: r.status,
      started_at: r.startedAt,
      'segment.brand': r.segments?.brand ?? '',
      'segment.customer.tier': r.segments?.['customer.tier'] ?? '',
      csat: String(r.answers.csat?.value ?? ''),
      nps: String(r.answers.nps?.value ?? ''),
      detractor_reason: String(r.answers.detractor_reason?.value ?? ''),
      contact_ok: r.answers.contact_ok ? (r.answers.contact_ok.value ? 'yes' : 'no') : '',
      improve: r.answers.improve ? String(r.answers.improve.value) : '',
      'improve.sentiment': r.answers.improve?.sentimentLabel ?? '',
      liked: r.answers.liked && !r.answers.liked.skipped ? String(r.answers.liked.value) : '',
      escalations: r.escalations.map((e) => e.ruleId ?? '@customer').join('; '),
    }));
    const pick = (row: Record<string, unknown>) => Object.fromEntries(Object.keys(expected[0]!).map((k) => [k, row[k] === undefined || row[k] === null ? '' : String(row[k])]));

    const csv = await fetch(`${server.url}/api/responses?${query}&format=csv`, { headers: { authorization: `Bearer ${viewer.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="post-purchase-responses-from-2026-11-02-to-2026-11-15\.csv"/);
    const rows = parse(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map(pick)).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['survey_version', 'completed_at', 'ending', 'segment.order.category', 'delivery', 'product_quality', 'value', 'liked.sentiment']));
    expect(rows.find((r) => r.locale === 'zh-CN' && r.improve)!.improve).toBe('送餐太慢了，很失望');
    expect(rows.find((r) => r.improve?.includes('refund'))!.improve).toContain('[email]');

    const xlsx = await fetch(`${server.url}/api/responses?${query}&format=xlsx`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Responses')!;
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const header = (values[0]! as unknown[]).slice(1) as string[];
    const records = values.slice(1).map((v) => Object.fromEntries(header.map((h, i) => [h, (v as unknown[])[i + 1]])));
    expect(records.map(pick)).toEqual(expected);
    // Ratings are numbers in the spreadsheet.
    expect(typeof records[0]!.csat).toBe('number');
  });

  it('exports more than 1,000 responses completely, streamed', async () => {
    // Within the stores' retention (a year back from the clock), before the range of the other tests.
    const base = Date.parse('2026-06-01T00:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 1_050; i++) {
      const id = `bulk-${String(i).padStart(4, '0')}`;
      ids.push(id);
      await stores.responses.create({
        id,
        surveyId: 'post-purchase',
        surveyVersion: 1,
        channel: 'directline',
        locale: 'en',
        customerId: null,
        orderId: null,
        status: 'completed',
        // Some share a millisecond: the pages must neither repeat nor skip them.
        startedAt: new Date(base + Math.floor(i / 3) * 1000).toISOString(),
        completedAt: null,
        segments: { brand: i % 2 ? 'Acme' : 'Globex' },
        answers: {},
        escalations: [],
      });
      await stores.responses.recordAnswer(id, 'csat', { value: (i % 5) + 1, raw: String((i % 5) + 1), attempts: 1, answeredAt: new Date(base).toISOString() });
    }
    const query = 'surveyId=post-purchase&from=2026-06-01&to=2026-06-30';
    const csv = parse(await (await fetch(`${server.url}/api/responses?${query}&format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.map((r) => r.response_id)).toEqual(ids);
    expect(csv.filter((r) => r.csat === '5')).toHaveLength(210);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await fetch(`${server.url}/api/responses?${query}&format=xlsx&segment.brand=Acme`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Responses')!;
    expect(sheet.rowCount).toBe(1 + 525);
    // JSON pages of at most 1,000, the cursor going on from there.
    const first = (await (await fetch(`${server.url}/api/responses?${query}&limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as ResponsesPage<SurveyResponse>;
    const rest = (await (await fetch(`${server.url}/api/responses?${query}&limit=1000&cursor=${first.next}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as ResponsesPage<SurveyResponse>;
    expect([...first.responses, ...rest.responses].map((r) => r.id)).toEqual(ids);
    expect(rest.next).toBeNull();
  }, 60_000);
});
