import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SatisfyError } from '../../src/errors.js';

const HASH = bcrypt.hashSync('correct horse', 4);
const HASH2 = bcrypt.hashSync('battery staple', 4);
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh' };

/** The error loadConfig throws for env, or a failure when it does not throw. */
function configError(env: Record<string, string>): SatisfyError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SatisfyError);
    return err as SatisfyError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig: escalation', () => {
  it('has defaults: handoff on, SLA 15/60/240/1440 minutes, the recovery survey, no console users', () => {
    expect(loadConfig({}).escalation).toEqual({
      handoff: true,
      slackSupportChannel: undefined,
      slaMinutes: { urgent: 15, high: 60, normal: 240, low: 1440 },
      slaCheckMs: 30_000,
      expireAfterMs: 14 * 86_400_000,
      recoverySurveyId: 'recovery',
      consoleUsers: [],
      signIn: { workers: 1, queue: 32 },
      autoAssign: { mode: 'off', maxOpenPerAgent: 0 },
      consoleCheckMs: 20_000,
    });
  });

  it('reads automatic assignment and the console session check, and refuses bad values', () => {
    const config = loadConfig({ CASES_AUTO_ASSIGN: 'round-robin', CASES_MAX_OPEN_PER_AGENT: '5', CONSOLE_SESSION_CHECK_SECONDS: '7' });
    expect(config.escalation.autoAssign).toEqual({ mode: 'round-robin', maxOpenPerAgent: 5 });
    expect(config.escalation.consoleCheckMs).toBe(7000);
    expect(() => loadConfig({ CASES_AUTO_ASSIGN: 'random' })).toThrow(/CASES_AUTO_ASSIGN/);
    expect(() => loadConfig({ CASES_MAX_OPEN_PER_AGENT: '-1' })).toThrow(/CASES_MAX_OPEN_PER_AGENT/);
    expect(() => loadConfig({ CONSOLE_SESSION_CHECK_SECONDS: '0' })).toThrow(/CONSOLE_SESSION_CHECK_SECONDS/);
  });

  it('reads the sign-in and outbound settings, and refuses bad ones', () => {
    const config = loadConfig({ SIGN_IN_WORKERS: '2', SIGN_IN_QUEUE: '0', OUTBOUND_TIMEOUT_MS: '2500' });
    expect(config.escalation.signIn).toEqual({ workers: 2, queue: 0 });
    expect(config.outboundTimeoutMs).toBe(2500);
    expect(loadConfig({}).outboundTimeoutMs).toBe(10_000);
    expect(() => loadConfig({ SIGN_IN_WORKERS: '0' })).toThrow(/SIGN_IN_WORKERS/);
    expect(() => loadConfig({ OUTBOUND_TIMEOUT_MS: '5' })).toThrow(/OUTBOUND_TIMEOUT_MS/);
  });

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['HANDOFF=off', { HANDOFF: 'off' }, { handoff: false }],
    ['HANDOFF=on', { HANDOFF: 'on' }, { handoff: true }],
    ['an empty HANDOFF is the default', { HANDOFF: ' ' }, { handoff: true }],
    ['SLA_CHECK_SECONDS', { SLA_CHECK_SECONDS: '5' }, { slaCheckMs: 5000 }],
    ['CASE_EXPIRE_DAYS', { CASE_EXPIRE_DAYS: '3' }, { expireAfterMs: 3 * 86_400_000 }],
    ['RECOVERY_SURVEY', { RECOVERY_SURVEY: 'win-back_2' }, { recoverySurveyId: 'win-back_2' }],
    ['SLACK_SUPPORT_CHANNEL with a Slack app', { ...SLACK, SLACK_SUPPORT_CHANNEL: 'C0123ABCD' }, { slackSupportChannel: 'C0123ABCD' }],
    ['a private channel id', { ...SLACK, SLACK_SUPPORT_CHANNEL: 'G0123ABCD' }, { slackSupportChannel: 'G0123ABCD' }],
  ])('reads %s', (_name, env, expected) => {
    expect(loadConfig(env).escalation).toMatchObject(expected);
  });

  it.each<[string, Record<string, number>]>([
    ['high=30', { urgent: 15, high: 30, normal: 240, low: 1440 }],
    ['urgent=5', { urgent: 5, high: 60, normal: 240, low: 1440 }],
    ['low=2880, normal=120', { urgent: 15, high: 60, normal: 120, low: 2880 }],
    [' urgent=10 ,high=20,normal=30,low=40 ', { urgent: 10, high: 20, normal: 30, low: 40 }],
    ['high=30,', { urgent: 15, high: 30, normal: 240, low: 1440 }],
  ])('SLA_MINUTES=%j overrides only what it names', (value, expected) => {
    expect(loadConfig({ SLA_MINUTES: value }).escalation.slaMinutes).toEqual(expected);
  });

  it.each<[string]>([['high=abc'], ['urgent=0'], ['fast=10'], ['high:30'], ['high=-5'], ['high=30,normal'], ['HIGH=30'], ['high=1.5']])(
    'refuses SLA_MINUTES=%j with CONFIG_INVALID naming the variable',
    (value) => {
      const err = configError({ SLA_MINUTES: value });
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.message).toMatch(/SLA_MINUTES/);
    },
  );

  it.each<[string, string, { name: string; role: 'viewer' | 'agent' | 'admin'; passwordHash: string }[]]>([
    ['one agent', `ana:agent:${HASH}`, [{ name: 'ana', role: 'agent', passwordHash: HASH }]],
    ['one viewer', `vic:viewer:${HASH}`, [{ name: 'vic', role: 'viewer', passwordHash: HASH }]],
    ['one admin', `boss.1:admin:${HASH}`, [{ name: 'boss.1', role: 'admin', passwordHash: HASH }]],
    ['two users, spaces around', ` ana:agent:${HASH} , li_wei:admin:${HASH2} `, [{ name: 'ana', role: 'agent', passwordHash: HASH }, { name: 'li_wei', role: 'admin', passwordHash: HASH2 }]],
    ['a $2a$ hash', `ana:agent:${HASH.replace(/^\$2b\$/, '$2a$')}`, [{ name: 'ana', role: 'agent', passwordHash: HASH.replace(/^\$2b\$/, '$2a$') }]],
  ])('parses CONSOLE_USERS: %s', (_name, value, expected) => {
    expect(loadConfig({ CONSOLE_USERS: value }).escalation.consoleUsers).toEqual(expected);
  });

  it.each<[string, string]>([
    ['no hash', 'ana:agent'],
    ['an unknown role', `ana:boss:${HASH}`],
    ['no role', `ana:${HASH}`],
    ['a plain password instead of a hash', 'ana:agent:hunter2hunter2'],
    ['a truncated hash', `ana:agent:${HASH.slice(0, 40)}`],
    ['a space in the name', `an a:agent:${HASH}`],
    ['a good entry and a bad one', `ana:agent:${HASH},bob:agent:${HASH2.slice(0, 50)}`],
    ['a bare hash with no name or role', HASH],
    ['the hash first', `${HASH}:ana:agent`],
  ])('refuses CONSOLE_USERS with %s, without echoing the hash', (_name, value) => {
    const err = configError({ CONSOLE_USERS: value });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/CONSOLE_USERS/);
    for (const secret of [HASH, HASH2, HASH.slice(7), HASH2.slice(7, 50), HASH.slice(0, 40), 'hunter2hunter2']) {
      expect(err.message).not.toContain(secret);
    }
    expect(err.message).not.toMatch(/\$2[aby]\$\d\d\$/);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a support channel without SLACK_BOT_TOKEN', { SLACK_SUPPORT_CHANNEL: 'C0123ABCD' }, /SLACK_SUPPORT_CHANNEL: needs SLACK_BOT_TOKEN/],
    ['a channel name with #', { ...SLACK, SLACK_SUPPORT_CHANNEL: '#support' }, /SLACK_SUPPORT_CHANNEL: must be a Slack channel id/],
    ['a channel name without #', { ...SLACK, SLACK_SUPPORT_CHANNEL: 'support' }, /SLACK_SUPPORT_CHANNEL: must be a Slack channel id/],
    ['a lower-case id', { ...SLACK, SLACK_SUPPORT_CHANNEL: 'c0123abcd' }, /SLACK_SUPPORT_CHANNEL/],
    ['a user id', { ...SLACK, SLACK_SUPPORT_CHANNEL: 'U0123ABCD' }, /SLACK_SUPPORT_CHANNEL/],
    ['HANDOFF=yes', { HANDOFF: 'yes' }, /HANDOFF/],
    ['SLA_CHECK_SECONDS=0', { SLA_CHECK_SECONDS: '0' }, /SLA_CHECK_SECONDS/],
    ['CASE_EXPIRE_DAYS=forever', { CASE_EXPIRE_DAYS: 'forever' }, /CASE_EXPIRE_DAYS/],
    ['RECOVERY_SURVEY with a slash', { RECOVERY_SURVEY: '../etc' }, /RECOVERY_SURVEY/],
  ])('refuses %s', (_name, env, message) => {
    const err = configError(env);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(message);
  });
});
