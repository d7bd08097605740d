import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../src/channels/slack/SlackChannel.js';
import { ROOT } from '../support/scripts.js';

describe('slack/manifest.yaml', () => {
  it('asks for what the Slack channel uses, at the routes it serves', async () => {
    const manifest = parse(await readFile(`${ROOT}slack/manifest.yaml`, 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
      settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
      features: { slash_commands: { command: string; url: string; should_escape: boolean }[] };
    };
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'im:write', 'im:history', 'users:read', 'commands']));
    // DMs for surveys; channel messages for replies in a case card's thread (handoff).
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['message.im', 'message.channels', 'message.groups']);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['channels:history', 'groups:history']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0]!.url]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: '/survey', should_escape: true });
  });
});
