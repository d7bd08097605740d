import { describe, expect, it } from 'vitest';
import { NO_CONTACT, refusalFor, withClosed, withConsent, withInvitation, withOptOut } from '../../../src/core/distribution/contactRules.js';
import { afterQuietHours, parseQuietHours } from '../../../src/core/distribution/quietHours.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0);

describe('contact rules', () => {
  it.each([
    ['nobody asked yet', NO_CONTACT, undefined],
    ['opted out (beats everything)', withOptOut(withInvitation(NO_CONTACT, 'post-purchase', 'i1', NOW - DAY), 'x', 'email'), 'OPTED_OUT'],
    ['an open invitation to the same survey', withInvitation(NO_CONTACT, 'post-purchase', 'i1', NOW - 40 * DAY), 'DUPLICATE'],
    ['invited to another survey 10 days ago (cooldown 30 days)', withInvitation(NO_CONTACT, 'other', 'i1', NOW - 10 * DAY), 'COOLDOWN'],
    ['invited to another survey 31 days ago', withInvitation(NO_CONTACT, 'other', 'i1', NOW - 31 * DAY), undefined],
    ['the same survey, closed, 31 days ago', withClosed(withInvitation(NO_CONTACT, 'post-purchase', 'i1', NOW - 31 * DAY), 'post-purchase', 'i1'), undefined],
    ['re-consented', withConsent(withOptOut(NO_CONTACT, 'x', 'survey')), undefined],
  ] as const)('%s', (_name, contact, reason) => {
    expect(refusalFor(contact, 'post-purchase', 30 * DAY, NOW)).toBe(reason);
  });

  it('moves the version on with every change, and closes only the invitation that is open', () => {
    const invited = withInvitation(NO_CONTACT, 's', 'i1', NOW);
    expect(invited.version).toBe(1);
    expect(withClosed(invited, 's', 'other-id')).toBe(invited);
    expect(withClosed(invited, 's', 'i1')).toEqual({ version: 2, lastInvitedAt: NOW, open: {} });
  });
});

describe('quiet hours', () => {
  const quiet = parseQuietHours('21:00-09:00')!;
  it.each([
    // [UTC instant, zone, expected UTC instant]
    ['2026-12-01T12:00:00Z', 'Europe/Madrid', '2026-12-01T12:00:00Z'],
    ['2026-12-01T22:30:00Z', 'Europe/Madrid', '2026-12-02T08:00:00Z'],
    ['2026-12-01T02:15:40Z', 'Europe/Madrid', '2026-12-01T08:00:00Z'],
    ['2026-12-01T20:00:00Z', 'Europe/Madrid', '2026-12-02T08:00:00Z'],
    ['2026-12-01T20:00:00Z', 'America/New_York', '2026-12-01T20:00:00Z'],
    ['2026-12-01T15:00:00Z', 'Asia/Shanghai', '2026-12-02T01:00:00Z'],
  ])('%s in %s is sent at %s', (at, zone, expected) => {
    expect(new Date(afterQuietHours(Date.parse(at), zone, quiet)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('reads windows that do not cross midnight, "off", and refuses nonsense', () => {
    expect(afterQuietHours(Date.parse('2026-12-01T13:30:00Z'), 'UTC', parseQuietHours('13:00-14:00')!)).toBe(Date.parse('2026-12-01T14:00:00Z'));
    expect(afterQuietHours(Date.parse('2026-12-01T03:00:00Z'), 'UTC', parseQuietHours('off')!)).toBe(Date.parse('2026-12-01T03:00:00Z'));
    expect(parseQuietHours('25:00-09:00')).toBeUndefined();
    expect(parseQuietHours('evening')).toBeUndefined();
  });
});
