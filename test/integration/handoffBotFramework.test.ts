import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening } from '../support/http.js';
import { HttpCustomer } from '../support/survey.js';

/** A customer on a Bot Framework channel (here the Emulator's connector, run locally): the
 * person's messages go back through the connector the customer came from. */
describe('handoff on a Bot Framework channel', () => {
  let satisfy: SatisfyApp;
  let bot: Listening;
  let connector: Awaited<ReturnType<typeof startConnector>>;

  beforeAll(async () => {
    satisfy = await createTestApp();
    bot = await listen(satisfy.app);
    connector = await startConnector();
  });

  afterAll(async () => {
    await satisfy.close();
    await bot.close();
    await connector.close();
  });

  it('relays the claim, the messages and the hand-back through the connector', async () => {
    const customer = new HttpCustomer(() => bot.url, connector, 'bf-handoff-1');
    await customer.start({});
    expect(await customer.say('I want to talk to a person')).toEqual([expect.stringContaining('A person from our support team will join this chat')]);
    const [c] = await satisfy.stores.cases.list(10);
    expect(c?.address).toMatchObject({ channelId: 'emulator', conversationId: 'bf-handoff-1', serviceUrl: connector.url });

    const agent = { id: 'ana', name: 'Ana', via: 'console' } as const;
    await satisfy.desk.claim(c!.id, agent);
    expect((await connector.waitFor(1)).map((r) => r.activity.text)).toEqual(['Ana from our support team has joined the chat.']);
    await satisfy.desk.agentSays(c!.id, agent, 'Hello from support');
    expect((await connector.waitFor(1)).map((r) => r.activity.text)).toEqual(['Ana: Hello from support']);
    await satisfy.desk.resolve(c!.id, agent, 'done');
    const back = await connector.waitFor(2);
    expect(back.map((r) => String(r.activity.text).split('\n')[0])).toEqual(['Ana has marked your issue as resolved.', 'Was your issue resolved?']);
  });
});
