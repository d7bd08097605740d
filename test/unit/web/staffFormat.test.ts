import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EscalationCase } from '../../../src/core/cases.js';
import { isMine, ruleName, slaLabel, statusText, transcriptText } from '../../../web/staff/console/caseText.js';
import { between, duration, humanize, pathText, relativeTime, signed, surveyTitle, textOf, truncate } from '../../../web/staff/format.js';
import { createTranslator } from '../../../web/staff/i18n.js';
import { ROOT } from '../../support/scripts.js';

const load = (l: string) => JSON.parse(readFileSync(join(ROOT, 'web/staff/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const EN = load('en');
const t = createTranslator('en', EN, EN);
const tZh = createTranslator('zh-CN', load('zh-CN'), EN);
const tEs = createTranslator('es', load('es'), EN);

const NOW = Date.parse('2026-03-10T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('relative times', () => {
  it.each([
    [0, 'now'],
    [30_000, 'now'],
    [-44_000, 'now'],
    [12 * MIN, 'in 12 minutes'],
    [-5 * MIN, '5 minutes ago'],
    [-60_000, '1 minute ago'],
    [44 * MIN, 'in 44 minutes'],
    [46 * MIN, 'in 1 hour'],
    [3 * HOUR, 'in 3 hours'],
    [-21 * HOUR, '21 hours ago'],
    [-23 * HOUR, 'yesterday'],
    [3 * 24 * HOUR, 'in 3 days'],
  ])('%d ms from now → %s', (ms, want) => {
    expect(relativeTime(at(ms), NOW, 'en', t)).toBe(want);
  });

  it('speaks the page language, and is empty for no date', () => {
    expect(relativeTime(at(-5 * MIN), NOW, 'es', tEs)).toBe('hace 5 minutos');
    expect(relativeTime(at(12 * MIN), NOW, 'zh-CN', tZh)).toBe('12分钟后');
    expect(relativeTime(at(1000), NOW, 'zh-CN', tZh)).toBe('刚刚');
    expect(relativeTime(undefined, NOW, 'en', t)).toBe('');
    expect(relativeTime('not a date', NOW, 'en', t)).toBe('');
  });
});

describe('durations', () => {
  it.each([
    [2_000, '2 sec'],
    [59_000, '59 sec'],
    [12 * MIN + 30_000, '12 min'],
    [HOUR, '1 hr'],
    [HOUR + 5 * MIN, '1 hr 5 min'],
    [26 * HOUR, '1 day 2 hr'],
    [48 * HOUR, '2 days'],
  ])('%d ms → %s', (ms, want) => {
    expect(duration(ms, 'en')).toBe(want);
  });

  it('is empty for negative or unknown lengths, and measures between two times', () => {
    expect(duration(-1, 'en')).toBe('');
    expect(duration(Number.NaN, 'en')).toBe('');
    expect(between(at(0), at(90 * MIN), 'en')).toBe('1 hr 30 min');
    expect(between(undefined, at(0), 'en')).toBe('');
    expect(duration(5 * MIN, 'zh-CN')).toBe('5分钟');
  });
});

describe('small text helpers', () => {
  it.each([
    ['csat', 'CSAT'],
    ['product_quality', 'Product quality'],
    ['low-csat', 'Low csat'],
  ])('humanize(%s) = %s', (id, want) => expect(humanize(id)).toBe(want));

  it('clips, signs, and writes paths and titles', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect([signed(0.4), signed(-0.75), signed(0)]).toEqual(['+0.40', '−0.75', '0.00']);
    expect(pathText(['questions', 2, 'text', 'es'])).toBe('questions[2].text.es');
    expect(pathText('title')).toBe('title');
    expect(textOf({ en: 'After', es: 'Después' }, 'es')).toBe('Después');
    expect(textOf({ en: 'After' }, 'zh-CN')).toBe('After');
    expect(textOf({ es: 'Sólo' }, 'en')).toBe('Sólo');
    expect(textOf('Plain')).toBe('Plain');
    expect(textOf(42)).toBe('');
  });

  it("names a survey in the staff UI's language when the survey has a title in it", () => {
    const s = { id: 'post-purchase', title: 'After your purchase', titles: { en: 'After your purchase', 'zh-CN': '购物体验调查', es: 'Después de tu compra' } };
    expect(surveyTitle(s, 'zh-CN')).toBe('购物体验调查');
    expect(surveyTitle(s, 'es')).toBe('Después de tu compra');
    expect(surveyTitle({ ...s, titles: { en: 'After your purchase' } }, 'es')).toBe('After your purchase');
    expect(surveyTitle({ id: 'x', title: '', titles: {} }, 'es')).toBe('x');
  });
});

type Times = Pick<EscalationCase, 'status' | 'slaDeadline' | 'overdue' | 'updatedAt' | 'claimedAt' | 'resolvedAt'>;
const open = (deadline: number, overdue = 0): Times => ({ status: 'open', slaDeadline: at(deadline), overdue, updatedAt: at(-HOUR) });

describe('SLA labels', () => {
  it.each([
    [open(20 * MIN), 'Claim in 20 minutes', false],
    [open(10_000), 'Claim now', false],
    [open(-5 * MIN), 'SLA missed 5 minutes ago', true],
    [open(-5 * MIN, 1), 'SLA missed 5 minutes ago (missed once)', true],
    [open(30 * MIN, 2), 'Claim in 30 minutes (missed ×2)', false],
    [{ status: 'claimed', slaDeadline: at(0), overdue: 0, updatedAt: at(-HOUR), claimedAt: at(-3 * MIN) } as Times, 'Claimed 3 minutes ago', false],
    [{ status: 'resolved', slaDeadline: at(0), overdue: 0, updatedAt: at(-HOUR), resolvedAt: at(-2 * HOUR) } as Times, 'Resolved 2 hours ago', false],
    [{ status: 'expired', slaDeadline: at(0), overdue: 3, updatedAt: at(-2 * 24 * HOUR) } as Times, 'Expired 2 days ago', false],
  ])('%j → %s', (c, text, late) => {
    const label = slaLabel(c, NOW, 'en', t);
    expect(label.text).toBe(text);
    expect(label.late).toBe(late);
  });

  it('says the deadline in full in the title, and speaks Chinese and Spanish', () => {
    expect(slaLabel(open(20 * MIN), NOW, 'en', t).title).toMatch(/^Claim by .*2026/);
    expect(slaLabel(open(20 * MIN), NOW, 'zh-CN', tZh).text).toBe('请在20分钟后认领');
    expect(slaLabel(open(-5 * MIN, 2), NOW, 'es', tEs).text).toBe('Plazo vencido hace 5 minutos (vencido ×2)');
  });
});

describe('who a case belongs to', () => {
  const ana = { user: { name: 'ana', role: 'agent' as const } };
  it('is mine only when claimed in the console by me', () => {
    expect(isMine({ assignee: { id: 'ana', name: 'Ana García', via: 'console' } }, ana)).toBe(true);
    expect(isMine({ assignee: { id: 'slack:U1', name: 'ana', via: 'slack' } }, ana)).toBe(false);
    expect(isMine({ assignee: { id: 'ben', name: 'Ben', via: 'console' } }, ana)).toBe(false);
    expect(isMine({}, ana)).toBe(false);
    expect(isMine({ assignee: { id: 'ana', name: 'Ana', via: 'console' } }, null)).toBe(false);
  });

  it('says the status and the rule in words', () => {
    expect(statusText({ status: 'claimed', assignee: { id: 'ben', name: 'Ben', via: 'console' } }, false, t)).toBe('Claimed by Ben');
    expect(statusText({ status: 'claimed', assignee: { id: 'ana', name: 'Ana', via: 'console' } }, true, t)).toBe('Claimed by you');
    expect(statusText({ status: 'open' }, false, tZh)).toBe('待处理');
    expect(ruleName({ ruleId: '@customer', reason: 'customer' }, t)).toBe('Asked for a person');
    expect(ruleName({ ruleId: 'low_csat', reason: 'rule' }, t)).toBe('Low csat');
  });
});

describe('system lines of the transcript', () => {
  it('are said in the reader’s language from their facts', () => {
    const claimed = { text: 'Ana García claimed the case', event: { kind: 'claimed', by: 'Ana García' } } as const;
    expect(transcriptText(claimed, t)).toBe('Ana García claimed the case');
    expect(transcriptText(claimed, tEs)).toBe('Ana García asumió el caso');
    expect(transcriptText(claimed, tZh)).toBe('Ana García认领了此工单');
    const handed = { text: 'Ana transferred the case from Ana to 李娜', event: { kind: 'transferred', by: 'Ana', from: 'Ana', to: '李娜' } } as const;
    expect(transcriptText(handed, t)).toBe('Ana handed the case to 李娜');
    expect(transcriptText(handed, tZh)).toBe('Ana将此工单转给了李娜');
    expect(transcriptText({ text: '', event: { kind: 'transferred', by: 'Root', from: 'Ana', to: 'Ben' } }, tEs)).toBe('Root pasó el caso de Ana a Ben');
    expect(transcriptText({ text: '', event: { kind: 'overdue', priority: 'urgent' } }, tEs)).toBe('Nadie lo asumió a tiempo; la prioridad ahora es urgente');
    expect(transcriptText({ text: '', event: { kind: 'autoAssigned', to: 'Ben', rule: 'round robin' } }, tZh)).toBe('已自动分配给Ben（轮流分配）');
  });

  it('keep the stored text when they carry no facts (older cases, customer and agent lines)', () => {
    expect(transcriptText({ text: 'Ana claimed the case' }, tEs)).toBe('Ana claimed the case');
    expect(transcriptText({ text: 'hola' }, tZh)).toBe('hola');
    expect(transcriptText({ text: 'x', event: { kind: 'unknown' } as never }, tEs)).toBe('x');
  });
});
