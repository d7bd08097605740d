import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';

/** /s/<invite>?answer=: the page hands the widget an answer only when it fits the first question. */
describe('/s/:invite?answer= (one-click answers from an email)', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  let invite: string;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    api = await listen(satisfy.app);
    invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'c-1' }, order: { id: 'P-1' } }, 86_400_000);
  });
  afterAll(async () => {
    await api?.close();
    await satisfy?.close();
  });

  const page = async (query: string, token = invite) => {
    const res = await fetch(`${api.url}/s/${token}${query}`);
    const html = await res.text();
    return { status: res.status, answer: /data-answer="([^"]*)"/.exec(html)?.[1], question: /data-answer-question="([^"]*)"/.exec(html)?.[1] };
  };

  it('passes a value of the first question scale to the widget', async () => {
    expect(await page('?answer=4')).toEqual({ status: 200, answer: '4', question: 'csat' });
    expect(await page('?answer=1')).toEqual({ status: 200, answer: '1', question: 'csat' });
  });

  it.each(['', '?answer=0', '?answer=6', '?answer=four', '?answer=4.0', '?answer=%3Cb%3E', '?answer=1&answer=2', '?answer[x]=1'])('ignores %s and opens the survey as usual', async (query) => {
    expect(await page(query)).toEqual({ status: 200, answer: '', question: '' });
  });

  it('ignores the answer of a link that is not valid (the widget says so)', async () => {
    expect(await page('?answer=4', 'not.a.token')).toEqual({ status: 200, answer: '', question: '' });
  });
});
