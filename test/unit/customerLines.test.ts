import { ActivityHandler } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { CustomerLine } from '../../src/bot/CustomerLine.js';
import { CustomerLines } from '../../src/bot/CustomerLines.js';
import { BotFrameworkLine } from '../../src/channels/botframework/BotFrameworkLine.js';
import { createBotFrameworkAdapter } from '../../src/channels/botframework/botFrameworkRoute.js';
import type { CustomerAddress } from '../../src/core/cases.js';
import { isSatisfyError } from '../../src/errors.js';

/** A line that keeps what it was given. */
function recordingLine(): CustomerLine & { got: unknown[][] } {
  const got: unknown[][] = [];
  return { got, deliverEvent: async (...args) => void got.push(args) };
}

const webchat: CustomerAddress = { channelId: 'directline', conversationId: 'c1', userId: 'u1' };
const teams: CustomerAddress = { channelId: 'msteams', conversationId: 'c2', userId: 'u2', serviceUrl: 'https://smba.trafficmanager.net/emea/' };

describe('CustomerLines', () => {
  it('hands each event to the line of the customer\'s channel, else to the default line', async () => {
    const directLine = recordingLine();
    const fallback = recordingLine();
    const lines = new CustomerLines().set('directline', directLine).setDefault(fallback);
    await lines.deliverEvent(webchat, 'handoff.claimed', { caseId: 'case_1', agentName: 'Ana' }, 'id-1');
    await lines.deliverEvent(teams, 'handoff.resolved', { caseId: 'case_2' }, 'id-2');
    expect(directLine.got).toEqual([[webchat, 'handoff.claimed', { caseId: 'case_1', agentName: 'Ana' }, 'id-1']]);
    expect(fallback.got).toEqual([[teams, 'handoff.resolved', { caseId: 'case_2' }, 'id-2']]);
  });

  it('typing goes to the line of the customer\'s channel where it can show it; a channel without (Slack) says no', async () => {
    const shown: unknown[][] = [];
    const webLine: CustomerLine = { ...recordingLine(), showTyping: async (...args) => (shown.push(args), true), watchTyping: async () => async () => {} };
    const lines = new CustomerLines().set('directline', webLine).set('slack', recordingLine());
    expect(await lines.showTyping(webchat, 'Ana')).toBe(true);
    expect(shown).toEqual([[webchat, 'Ana']]);
    const slack: CustomerAddress = { channelId: 'slack', conversationId: 'D1', userId: 'U1' };
    expect(await lines.showTyping(slack, 'Ana')).toBe(false);
    expect(await lines.watchTyping(slack, () => {})).toBeUndefined();
    expect(typeof (await lines.watchTyping(webchat, () => {}))).toBe('function');
    expect(await new CustomerLines().showTyping(teams)).toBe(false);
  });

  it('without a line for the channel: CHANNEL_UNREACHABLE', async () => {
    const err = await new CustomerLines().set('slack', recordingLine()).deliverEvent(webchat, 'handoff.expired', { caseId: 'case_1' }, 'id-3').catch((e: unknown) => e);
    expect(isSatisfyError(err, 'CHANNEL_UNREACHABLE')).toBe(true);
  });
});

describe('BotFrameworkLine refuses what /api/messages would not answer', () => {
  const noCredentials = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'MultiTenant' as const, allowedServiceUrls: ['https://allowed.example/'] };
  const line = new BotFrameworkLine(createBotFrameworkAdapter(noCredentials, 1000), new ActivityHandler(), noCredentials);

  it.each<[string, CustomerAddress, string]>([
    ['no service URL', { channelId: 'emulator', conversationId: 'c', userId: 'u' }, 'No way back to customers on emulator (no service URL)'],
    ['a service URL outside ALLOWED_SERVICE_URLS, without credentials', teams, `No way back to customers on msteams (${teams.serviceUrl})`],
    ['a look-alike of an allowed prefix', { ...teams, serviceUrl: 'https://allowed.example.evil/' }, 'No way back to customers on msteams (https://allowed.example.evil/)'],
  ])('%s: CHANNEL_UNREACHABLE, nothing sent', async (_name, address, message) => {
    const err = await line.deliverEvent(address, 'handoff.message', { caseId: 'case_1', text: 'hi' }, 'id').catch((e: unknown) => e);
    expect(isSatisfyError(err, 'CHANNEL_UNREACHABLE')).toBe(true);
    expect((err as Error).message).toBe(message);
  });
});
