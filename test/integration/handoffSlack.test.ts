import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { SlackAgent, WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';

const SUPPORT = 'CSUPPORT';
const ANGRY = 'Awful. It arrived broken, nobody answers my emails and I am furious <script>alert(1)</script> & <@U999>';

/** An unhappy customer reaches a person in the same chat; the person works the case from the
 * Slack support channel. Everything of ours is real; only Slack's Web API is a local fake. */
describe('handoff: a web chat customer and an agent in Slack', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;
  let ana: SlackAgent;
  let ben: SlackAgent;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.users.set('UANA', { locale: 'en-US', name: 'Ana' });
    slack.users.set('UBEN', { locale: 'en-US', name: 'Ben' });
    satisfy = await createTestApp(
      { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_SUPPORT_CHANNEL: SUPPORT },
      { stores: memoryStores() },
    );
    server = await listen(satisfy.app, satisfy.attach);
    ana = new SlackAgent('UANA', slack, () => server.url, SUPPORT);
    ben = new SlackAgent('UBEN', slack, () => server.url, SUPPORT);
  });

  afterAll(async () => {
    // The app first: it closes the web chat sockets, which would keep the server open.
    await satisfy.close();
    await server.close();
    await slack.close();
  });

  it('CSAT 1 with an angry comment: one card, claim, relay both ways, resolve, recovery stored', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'cust-7', name: 'Robin' }, order: { id: 'A-77' } }, 3600_000);
    const customer = await WebChatCustomer.open(server.url, { invite });
    for (const answer of ['1', '1', '2', '1']) await customer.say(answer);
    await customer.say(ANGRY);
    await customer.say('0');
    await customer.say('1');
    const end = await customer.say('yes', 2);
    // The ending promises nothing of its own: the one promise is the person's, from the SLA.
    expect(end[0]).toBe("Thank you! We're sorry it wasn't better, and we'd like to put it right.");
    expect(end[1]).toBe('A person from our support team will join this chat within 60 minutes. You can keep writing here in the meantime; they will read everything.');

    // Exactly one card, with the context and the customer's words escaped.
    const card = await ana.waitForCard();
    const [c] = await satisfy.stores.cases.list(10);
    expect(c).toMatchObject({ status: 'open', priority: 'high', customer: { id: 'cust-7', name: 'Robin' }, order: { id: 'A-77' }, address: { channelId: 'directline' } });
    expect(c!.triggers.map((t) => t.ruleId)).toEqual(['low_csat', 'angry_comment', 'detractor']);
    expect(c!.quotes[0]).toMatchObject({ questionId: 'improve', text: ANGRY, label: 'negative', confidence: expect.any(Number), drivers: expect.arrayContaining([expect.any(String)]) });
    // The agent sees how sure the scorer was and the words it read the label from.
    const { confidence, drivers } = c!.quotes[0]!;
    expect(c!.scores).toContainEqual({ questionId: 'csat', value: 1, min: 1, max: 5 });
    // Later triggers (the angry comment) redraw a card that was posted before them.
    const drawn = await ana.waitForCardText(card.ts, '&lt;script&gt;');
    expect(drawn).toContain('Robin');
    expect(drawn).toContain('A-77');
    expect(drawn).toContain('csat *1*/5');
    expect(drawn).toContain(`${Math.round(confidence! * 100)}% sure; read from “${drivers![0]}”`);
    expect(drawn).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;@U999&gt;');
    expect(drawn).not.toContain('<script>');
    expect(drawn).not.toContain('<@U999>');

    // Ana claims; Ben is too late and is told so, privately.
    await ana.click(card.ts, 'Claim');
    await customer.waitForBot((t) => t.at(-1) === 'Ana from our support team has joined the chat.', 'the agent joining');
    await ana.waitForCardText(card.ts, 'Claimed by <@UANA>');
    await ben.click(card.ts, 'Claim', true);
    const refusal = await waitFor(() => slack.of('chat.postEphemeral').at(-1));
    expect(refusal.args).toMatchObject({ user: 'UBEN', channel: SUPPORT, text: 'Ana has already claimed this case' });
    expect((await satisfy.stores.cases.get(c!.id))?.assignee).toEqual({ id: 'slack:UANA', name: 'Ana', via: 'slack' });

    // Ana's thread replies reach the web chat; Ben's are an internal note and do not.
    await ben.replyInThread(card.ts, 'internal: check the courier');
    await ana.replyInThread(card.ts, 'I am so sorry, Robin. A replacement ships today.');
    await customer.waitForBot((t) => t.at(-1) === 'Ana: I am so sorry, Robin. A replacement ships today.', 'the agent reply');
    expect(customer.botTexts().join('\n')).not.toContain('courier');

    // The customer's reply lands in the thread (escaped), and the bot says nothing itself.
    await customer.say('Thanks <b>Ana</b>, that helps', 0);
    await ana.waitForThread(card.ts, '*Customer*: Thanks &lt;b&gt;Ana&lt;/b&gt;, that helps');
    expect(customer.botTexts().at(-1)).toBe('Ana: I am so sorry, Robin. A replacement ships today.');

    // Resolve: the card says so and the customer gets the recovery questions.
    await ana.click(card.ts, 'Resolve');
    await customer.waitForBot((t) => t.at(-1)?.startsWith('Was your issue resolved?') ?? false, 'the recovery question');
    expect(customer.botTexts().at(-2)).toBe('Ana has marked your issue as resolved.');
    await ana.waitForCardText(card.ts, 'Resolved');
    await customer.say('yes');
    const thanks = await customer.say('4');
    expect(thanks[0]).toBe('Thank you. If anything else comes up, just write here.');

    const closed = await waitFor(async () => {
      const now = await satisfy.stores.cases.get(c!.id);
      return now?.recovery ? now : undefined;
    });
    expect(closed).toMatchObject({ status: 'resolved', resolvedBy: { id: 'slack:UANA' }, recovery: { resolved: true, rating: 4 } });
    expect(closed.transcript.filter((e) => e.from !== 'bot').map((e) => [e.from, e.text])).toEqual(
      expect.arrayContaining([
        ['customer', ANGRY],
        ['agent', 'I am so sorry, Robin. A replacement ships today.'],
        ['customer', 'Thanks <b>Ana</b>, that helps'],
      ]),
    );
    await ana.waitForCardText(card.ts, 'new rating: *4*');
    const recovery = await satisfy.stores.responses.list({ surveyId: 'recovery' });
    expect(recovery.map((r) => [r.status, r.answers.resolved?.value, r.answers.csat_after?.value])).toEqual([['completed', true, 4]]);
    expect(ana.cards()).toHaveLength(1);
    customer.close();
  });

  it('a customer on Slack asks for a person mid-survey, is helped, then finishes the survey', async () => {
    const dm = 'DUCUST';
    const posted = () => slack.of('chat.postMessage').filter((m) => m.args.channel === dm).map((m) => String(m.args.text));
    const type = async (text: string, replies: number) => {
      const before = posted().length;
      const body = slackMessageEvent({ eventId: `EvCust${Math.random()}`, channel: dm, user: 'UCUST', text });
      expect((await slackRequest(server.url, body, 'application/json')).status).toBe(200);
      if (replies) await waitFor(() => posted().length >= before + replies);
      return posted().slice(before);
    };
    const cardsBefore = ana.cards().length;
    await satisfy.slack!.startSurvey({ slackUserId: 'UCUST', customer: { id: 'UCUST', name: 'Kim' } });
    await waitFor(() => posted().length >= 2);
    await type('3', 1);
    const asked = await type('Can I talk to a real person please?', 1);
    expect(asked).toEqual(['Of course. A person from our support team will join this chat within 60 minutes. You can keep writing here in the meantime; they will read everything.']);

    const card = await ana.waitForCard(cardsBefore + 1);
    expect(JSON.stringify(card.blocks)).toContain('asked for a person');
    await ana.click(card.ts, 'Claim');
    await waitFor(() => posted().at(-1) === 'Ana from our support team has joined the chat.');
    await ana.replyInThread(card.ts, 'Hi Kim, how can I help?');
    await waitFor(() => posted().at(-1) === 'Ana: Hi Kim, how can I help?');
    await type('My parcel is late', 0);
    await ana.waitForThread(card.ts, '*Customer*: My parcel is late');
    await ana.click(card.ts, 'Resolve');
    await waitFor(() => posted().at(-1)?.startsWith('Was your issue resolved?'));
    await type('no', 1);
    const after = await type('2', 3);
    // The recovery thanks, then the survey goes on at the question it paused on.
    expect(after).toEqual(['Thank you. If anything else comes up, just write here.', "Let's pick up the survey where we left off.", expect.stringContaining('How satisfied are you with the delivery?')]);
    const c = (await satisfy.stores.cases.list(10)).find((x) => x.address.channelId === 'slack');
    expect(c).toMatchObject({ status: 'resolved', recovery: { resolved: false, rating: 2 }, triggers: [{ ruleId: '@customer', reason: 'customer' }] });
  });
});
