import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { renderCaseCard } from '../../src/channels/slack/caseCard.js';
import { SlackCaseNotifier } from '../../src/channels/slack/SlackCaseNotifier.js';
import { maskResponse } from '../../src/core/privacy/maskRecords.js';
import { createLogger } from '../../src/logger.js';
import { testCase } from '../contract/caseStore.contract.js';

const TYPED = '我的邮箱是 li.wei@example.cn，电话 138 0013 8000，卡号 4111 1111 1111 1111';
const MASKED = '我的邮箱是 [email]，电话 [phone]，卡号 [card]';
const LEAKS = /li\.wei@example\.cn|138 0013 8000|4111 1111/;

/** Where customers' free text leaves the store for people other than the customer. */
describe('masked on the way out', () => {
  it('Slack case cards: quotes, the keyword that matched and the resolution note; the shop-given customer record stays', () => {
    const c = testCase('case_mask', 0, {
      customer: { id: 'c-9', name: '李伟', email: 'li.wei@shop-crm.cn' },
      quotes: [{ questionId: 'improve', text: TYPED, label: 'negative', sentiment: -0.7 }],
      triggers: [{ ruleId: 'refund', reason: 'rule', priority: 'high', matched: 'call 138 0013 8000', at: new Date().toISOString() }],
      status: 'resolved',
      resolvedAt: new Date().toISOString(),
      resolvedBy: { id: 'ana', name: 'Ana', via: 'console' },
      resolutionNote: 'called back on +86 138 0013 8000',
    });
    const card = JSON.stringify(renderCaseCard(c));
    expect(card).toContain(MASKED);
    expect(card).toContain('call [phone]');
    expect(card).toContain('called back on [phone]');
    expect(card).not.toMatch(LEAKS);
    expect(card).not.toContain('138 0013 8000');
    expect(card).toContain('li.wei@shop-crm.cn');
    expect(c.quotes[0]!.text).toBe(TYPED);
  });

  it("Slack threads: what the customer says during a handoff, relayed to the card's thread", async () => {
    const posted: Record<string, unknown>[] = [];
    const client = { chat: { postMessage: async (args: Record<string, unknown>) => (posted.push(args), { ok: true, ts: '1.2' }) } } as unknown as WebClient;
    const notifier = new SlackCaseNotifier(client, 'CSUPPORT');
    await notifier.thread(testCase('case_thread', 0, { slackCard: { channel: 'CSUPPORT', ts: '1.1' } }), { from: 'customer', text: TYPED });
    expect(posted[0]).toMatchObject({ thread_ts: '1.1', text: `*Customer*: ${MASKED}` });
  });

  it('responses: the raw answer and a text value, leaving ratings and choices alone', () => {
    const at = new Date().toISOString();
    const masked = maskResponse({
      id: 'r', surveyId: 's', surveyVersion: 1, channel: 'slack', locale: 'zh-CN', customerId: 'c', orderId: null, status: 'completed', startedAt: at, completedAt: at, escalations: [],
      answers: { csat: { value: 4, raw: '4', attempts: 1, answeredAt: at }, liked: { value: TYPED, raw: TYPED, attempts: 1, answeredAt: at }, pick: { value: ['delivery'], raw: 'delivery', attempts: 1, answeredAt: at } },
    });
    expect(masked.answers).toMatchObject({ csat: { value: 4, raw: '4' }, liked: { value: MASKED, raw: MASKED }, pick: { value: ['delivery'] } });
  });

  it('logs: the message, top-level fields and error messages', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
    const log = createLogger('debug', sink);
    log.debug({ text: TYPED, responseId: 'r-4111', err: new Error(`could not parse ${TYPED}`) }, `customer said ${TYPED}`);
    log.info('mail ana@ejemplo.es');
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ text: MASKED, responseId: 'r-4111', msg: `customer said ${MASKED}`, err: { message: `could not parse ${MASKED}` } });
    expect(JSON.stringify(first)).not.toMatch(LEAKS);
    expect(second!.msg).toBe('mail [email]');
  });
});
