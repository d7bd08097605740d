import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../../src/core/cases.js';
import { TRANSLATED_CODES } from '../../../web/staff/api.js';
import { CHANNELS } from '../../../web/staff/distribution/csvInvitations.js';
import { eventKey, INVITATION_STATUSES, JOB_KINDS, REFUSAL_REASONS, WEBHOOK_EVENTS } from '../../../web/staff/distribution/distributionValues.js';
import { STAFF_LOCALES } from '../../../web/staff/i18n.js';
import { KANO_CATEGORIES, OPS, SENTIMENT_LABELS } from '../../../web/staff/surveys/builder/conditionPicker.js';
import { THENS } from '../../../web/staff/surveys/builder/rules.js';
import { OIDC_REFUSAL_CODES, refusalKey } from '../../../web/staff/oidcReturn.js';
import { COVERAGE_KINDS } from '../../../src/admin/localeCoverage.js';
import { ROOT } from '../../support/scripts.js';

const DIR = join(ROOT, 'web/staff');
const table = (locale: string) => JSON.parse(readFileSync(join(DIR, 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const tables = Object.fromEntries(STAFF_LOCALES.map((l) => [l, table(l)]));
const keys = (t: Record<string, string>) => Object.keys(t).filter((k) => k !== '$comment');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the staff app’s locale files', () => {
  it.each(STAFF_LOCALES.filter((l) => l !== 'en'))('%s has every key English has, and no other', (locale) => {
    expect(keys(tables[locale]!).sort()).toEqual(keys(tables.en!).sort());
  });

  it.each(STAFF_LOCALES)('%s: every string is text, with the same placeholders as English', (locale) => {
    for (const key of keys(tables.en!)) {
      const s = tables[locale]![key];
      expect(typeof s, `${locale} ${key}`).toBe('string');
      expect(s!.trim(), `${locale} ${key}`).not.toBe('');
      // A plural's "one" form may say "once" instead of {count}.
      if (!key.endsWith('.one')) expect(placeholders(s!), `${locale} ${key}`).toEqual(placeholders(tables.en![key]!));
    }
  });

  it('has every key the pages ask for by name', () => {
    const used = new Set<string>();
    for (const file of sources(DIR)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:t|text|setStatus|setNote)\(\s*'([a-z][\w]*(?:\.[\w]+)+)'/g)) used.add(m[1]!);
      for (const m of readFileSync(file, 'utf8').matchAll(/\battr\([^;]*?,\s*'[\w-]+',\s*'([a-z][\w]*(?:\.[\w]+)+)'/gs)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(150);
    const plural = (k: string) => tables.en![k] !== undefined || tables.en![`${k}.other`] !== undefined;
    expect([...used].filter((k) => !plural(k))).toEqual([]);
  });

  it('has the keys the pages build from values', () => {
    const built = [
      ...['open', 'claimed', 'resolved', 'expired'].map((s) => `case.badge.${s}`),
      ...['open', 'resolved', 'expired'].map((s) => `case.status.${s}`),
      ...['customer', 'bot', 'agent', 'system'].map((s) => `case.from.${s}`),
      ...['claimed', 'resolved', 'unclaimed', 'transferred', 'handedOn', 'assigned', 'autoAssigned', 'overdue', 'noContact'].map((k) => `case.system.${k}`),
      ...PRIORITIES.map((p) => `priority.${p}`),
      ...['resolved', 'expired'].map((s) => `sla.${s}`),
      ...['connecting', 'live', 'reconnecting'].map((s) => `live.${s}`),
      ...SENTIMENT_LABELS.map((s) => `sentiment.${s}`),
      ...['version.imported', 'version.published', 'version.rolled_back', 'draft.saved', 'draft.deleted'].map((a) => `audit.action.${a}`),
      ...[...TRANSLATED_CODES].map((c) => `error.${c}`),
      ...[...OIDC_REFUSAL_CODES, 'OTHER'].map(refusalKey),
      ...['viewer', 'agent', 'admin'].map((r) => `nav.who.${r}`),
      ...['csat', 'nps', 'ces', 'responses', 'completion'].map((c) => `results.card.${c}`),
      ...['csat', 'nps', 'ces'].map((c) => `results.card.${c}.missing`),
      ...['day', 'week', 'month'].map((i) => `results.interval.${i}`),
      ...['pp', 'points', 'scale', 'count'].map((u) => `results.unit.${u}`),
      ...['short_board', 'strength', 'low_priority', 'overperforming'].map((q) => `results.quadrant.${q}`),
      ...['in_progress', 'completed', 'opted_out', 'abandoned'].map((s) => `results.status.${s}`),
      ...['channel', 'locale', 'version'].map((s) => `results.segment.${s}`),
      ...[...INVITATION_STATUSES, 'reminded'].map((s) => `inv.status.${s}`),
      ...CHANNELS.map((c) => `inv.channel.${c}`),
      ...REFUSAL_REASONS.flatMap((r) => [`inv.reason.${r}`, `inv.reason.${r}.why`]),
      ...JOB_KINDS.map((k) => `jobs.kind.${k}`),
      ...['waiting', 'running', 'dead'].map((k) => `jobs.count.${k}`),
      ...WEBHOOK_EVENTS.map(eventKey),
      ...['delivered', 'failed', 'retrying', 'gave_up'].map((s) => `hooks.delivery.${s}`),
      ...['invite', 'read'].map((s) => `keys.scope.${s}`),
      ...['ready', 'created', 'existing'].map((s) => `csv.outcome.${s}`),
      ...['email', 'link', 'survey', 'api', 'other'].map((s) => `custHistory.via.${s}`),
      ...['agent', 'viewer', 'other'].map((r) => `forbidden.distribution.${r}`),
      ...OPS.map((o) => `builder.op.${o}`),
      ...KANO_CATEGORIES.map((c) => `builder.kano.${c}`),
      ...THENS.map((x) => `builder.rules.then.${x}`),
      ...['syntax', 'shape', 'mixed', 'notHere', 'value'].map((w) => `builder.cond.why.${w}`),
      ...['agent', 'viewer', 'other'].map((r) => `forbidden.replies.${r}`),
      ...['file', 'edited', 'added', 'deleted'].map((s) => `cannedEd.source.${s}`),
      ...['added', 'file'].map((s) => `cannedEd.deleteAsk.${s}`),
      ...COVERAGE_KINDS.map((k) => `coverage.what.${k}`),
      // Every problem the CSV check can report, as its source names them.
      ...[...readFileSync(join(DIR, 'distribution/csvInvitations.ts'), 'utf8').matchAll(/bad\('[^']+', '(\w+)'|'csv\.problem\.(\w+)'/g)].map((m) => `csv.problem.${m[1] ?? m[2]}`),
    ];
    expect(built.filter((k) => k.startsWith('csv.problem.')).length).toBeGreaterThan(20);
    expect(built.filter((k) => tables.en![k] === undefined)).toEqual([]);
  });
});
