import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { caseIdFor } from '../../src/core/cases.js';
import type { SurveyResponse } from '../../src/core/ports.js';
import { customerDigest } from '../../src/privacy/customerDigest.js';
import { Privacy } from '../../src/privacy/Privacy.js';
import type { Stores } from '../../src/storage/Stores.js';
import { testCase } from './caseStore.contract.js';

export interface PrivacyTarget {
  stores: Stores;
  /** Redis: every key under the stores' prefix with its value, to search for the customer. */
  keyspace?: () => Promise<Map<string, string>>;
}

const HOUR = 3600_000;

/** One customer's survey as the bot stores it: indexed, a response with a free-text answer, a
 * case with a Slack card, an alert, a recovery survey, conversation state and a web chat log. */
async function storeCustomer(stores: Stores, label: string) {
  const u = randomUUID().slice(0, 8);
  const ids = {
    customer: `cust-${label}-${u}`,
    response: `resp-${label}-${u}`,
    recovery: `recov-${label}-${u}`,
    conversation: `web-${label}-${u}`,
    email: `${label}.${u}@example.com`,
    ts: `1700000000.${u.replace(/\D/g, '').padEnd(6, '1').slice(0, 6)}`,
  };
  const at = new Date().toISOString();
  await stores.customers.add(ids.customer, [
    { kind: 'response', id: ids.response, surveyId: 'post-purchase' },
    { kind: 'conversation', channelId: 'directline', conversationId: ids.conversation },
  ]);
  const response: SurveyResponse = {
    id: ids.response, surveyId: 'post-purchase', surveyVersion: 1, channel: 'directline', locale: 'en', customerId: ids.customer,
    orderId: 'o-1', status: 'in_progress', startedAt: at, completedAt: null, answers: {}, escalations: [],
  };
  await stores.responses.create(response);
  await stores.responses.recordAnswer(ids.response, 'liked', { value: `write to ${ids.email}`, raw: `write to ${ids.email}`, attempts: 1, answeredAt: at });
  await stores.responses.create({ ...response, id: ids.recovery, surveyId: 'recovery', customerId: null });
  const caseId = caseIdFor(ids.response);
  await stores.cases.create(
    testCase(caseId, 0, {
      responseId: ids.response,
      customer: { id: ids.customer, email: ids.email },
      address: { channelId: 'directline', conversationId: ids.conversation, userId: `web_${u}` },
      transcript: [{ at, from: 'customer', text: `mail ${ids.email}` }],
      slackCard: { channel: 'C123', ts: ids.ts },
      recovery: { resolved: true, rating: 5, responseId: ids.recovery, at },
    }),
  );
  await stores.cases.linkSlackThread(ids.ts, caseId);
  await stores.alerts.push({ caseId, kind: 'new' });
  await stores.state.write({ [`conversation/directline/${ids.conversation}`]: { data: { customer: ids.customer } } }, { ttlMs: HOUR });
  await stores.activities.createConversation({ id: ids.conversation, userId: `web_${u}`, createdAt: at }, HOUR);
  await stores.activities.append(ids.conversation, { type: 'message', text: `it is ${ids.email}` }, { ttlMs: HOUR });
  return { ...ids, caseId, mentions: [ids.customer, ids.response, ids.recovery, ids.conversation, ids.email, ids.ts] };
}

/**
 * What erasure and export must do on every store: everything about one customer goes (found
 * through their index entry), nobody else's data is touched, twice is fine, and the audit
 * keeps who and how much but not who the customer was.
 */
export function privacyContract(name: string, make: () => Promise<PrivacyTarget>): void {
  describe(`Privacy (erasure, export) contract: ${name}`, () => {
    const privacyOf = (stores: Stores) => new Privacy({ stores, clock: systemClock, log: pino({ level: 'silent' }) });

    it('erases every trace of one customer, leaves another intact, and a second erasure finds nothing', async () => {
      const { stores, keyspace } = await make();
      const privacy = privacyOf(stores);
      const ana = await storeCustomer(stores, 'ana');
      const bo = await storeCustomer(stores, 'bo');
      if (keyspace) expect([...(await keyspace())].some(([k, v]) => k.includes(ana.response) || v.includes(ana.email))).toBe(true);

      const report = await privacy.erase(ana.customer, 'console:admin');
      expect(report).toMatchObject({ found: true, counts: { responses: 2, cases: 1, conversations: 1, chats: 1 }, customerDigest: customerDigest(ana.customer) });

      expect(await stores.responses.get(ana.response)).toBeUndefined();
      expect(await stores.responses.get(ana.recovery)).toBeUndefined();
      expect((await stores.responses.list({})).map((r) => r.id)).not.toContain(ana.response);
      expect(await stores.cases.get(ana.caseId)).toBeUndefined();
      expect((await stores.cases.list(100)).map((c) => c.id)).not.toContain(ana.caseId);
      expect(await stores.cases.bySlackThread(ana.ts)).toBeUndefined();
      expect(await stores.state.read([`conversation/directline/${ana.conversation}`])).toEqual({});
      expect(await stores.activities.getConversation(ana.conversation)).toBeUndefined();
      expect((await stores.activities.since(ana.conversation, 0, 10)).activities).toEqual([]);
      expect(await stores.customers.refs(ana.customer)).toEqual([]);
      const alerts = await stores.alerts.take('privacy-test', 100);
      expect(alerts.map((a) => a.alert.caseId)).toEqual([bo.caseId]);

      if (keyspace) {
        const left = [...(await keyspace())].filter(([k, v]) => ana.mentions.some((m) => k.includes(m) || v.includes(m)));
        expect(left.map(([k]) => k)).toEqual([]);
      }

      expect((await stores.responses.get(bo.response))?.answers.liked?.raw).toContain(bo.email);
      expect(await stores.responses.get(bo.recovery)).toBeDefined();
      expect((await stores.cases.get(bo.caseId))?.transcript[0]?.text).toContain(bo.email);
      expect(await stores.cases.bySlackThread(bo.ts)).toBe(bo.caseId);
      expect(Object.keys(await stores.state.read([`conversation/directline/${bo.conversation}`]))).toHaveLength(1);
      expect((await stores.activities.since(bo.conversation, 0, 10)).activities).toHaveLength(1);
      expect(await stores.customers.refs(bo.customer)).toHaveLength(2);

      const again = await privacy.erase(ana.customer, 'console:admin');
      expect(again).toMatchObject({ found: false, counts: { responses: 0, cases: 0, conversations: 0, chats: 0 } });
    });

    it('audits each erasure and export with the actor and counts, naming the customer only by digest', async () => {
      const { stores } = await make();
      const privacy = privacyOf(stores);
      const cy = await storeCustomer(stores, 'cy');
      await privacy.export(cy.customer, 'cli:ops');
      await privacy.erase(cy.customer, 'console:root');
      const [erased, exported] = await stores.privacyLog.list(2);
      expect(erased).toMatchObject({ action: 'customer.erased', actor: 'console:root', customerDigest: customerDigest(cy.customer), counts: { responses: 2, cases: 1 } });
      expect(exported).toMatchObject({ action: 'customer.exported', actor: 'cli:ops', counts: { responses: 2, cases: 1, conversations: 1, chats: 1 } });
      expect(JSON.stringify([erased, exported])).not.toMatch(new RegExp(cy.mentions.map((m) => m.replace(/\./g, '\\.')).join('|')));
    });

    it('exports everything about the customer, unmasked, and nothing about anyone else', async () => {
      const { stores } = await make();
      const privacy = privacyOf(stores);
      const di = await storeCustomer(stores, 'di');
      const ed = await storeCustomer(stores, 'ed');
      const data = await privacy.export(di.customer, 'console:admin');
      expect(data.customerId).toBe(di.customer);
      expect(data.responses.map((r) => r.id).sort()).toEqual([di.recovery, di.response].sort());
      expect(data.responses.find((r) => r.id === di.response)?.answers.liked?.raw).toBe(`write to ${di.email}`);
      expect(data.cases.map((c) => c.id)).toEqual([di.caseId]);
      expect(data.cases[0]!.transcript[0]!.text).toBe(`mail ${di.email}`);
      expect(data.conversations).toHaveLength(1);
      expect(data.conversations[0]!.state).toEqual({ [`conversation/directline/${di.conversation}`]: { data: { customer: di.customer } } });
      expect(data.conversations[0]!.chat?.activities.map((a) => a.text)).toEqual([`it is ${di.email}`]);
      expect(JSON.stringify(data)).not.toContain(ed.customer);
      expect(await stores.responses.get(di.response)).toBeDefined();
    });

    it('exports and erases a customer nobody stored anything about as empty', async () => {
      const { stores } = await make();
      const privacy = privacyOf(stores);
      const data = await privacy.export(`nobody-${randomUUID()}`, 'console:admin');
      expect(data).toMatchObject({ responses: [], cases: [], conversations: [] });
      expect((await privacy.erase(`nobody-${randomUUID()}`, 'console:admin')).found).toBe(false);
    });

    it('keeps one index entry per thing, however often it is added (replayed turns)', async () => {
      const { stores } = await make();
      const id = `cust-${randomUUID()}`;
      const ref = { kind: 'response' as const, id: 'r-1', surveyId: 's' };
      await stores.customers.add(id, [ref]);
      await stores.customers.add(id, [ref, { kind: 'conversation', channelId: 'slack', conversationId: 'D1' }]);
      expect(await stores.customers.refs(id)).toHaveLength(2);
      await stores.customers.forget(id);
      expect(await stores.customers.refs(id)).toEqual([]);
    });
  });
}
