/**
 * An escalation rule as a card: its id, when it is raised (the picker), the words that raise it
 * per locale, how sure the scorer must be for sentiment to count, its priority and what the
 * survey does then.
 */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { on } from '../../ui.js';
import type { PlainProblem } from '../problemText.js';
import { cardField, localeWords, problemList, quiet, type Editing } from './builderKit.js';
import type { Survey } from './cards.js';
import { contextAt, setCondition } from './conditions.js';
import { conditionView } from './conditionView.js';
import { deleteRule, minConfidenceProblem, PRIORITIES, setKeywords, setMinConfidence, setRuleField, THENS, type RuleCard, type RuleField } from './rules.js';

const PRIORITY_LABEL: Record<(typeof PRIORITIES)[number], string> = { low: 'priority.low', normal: 'priority.normal', high: 'priority.high', urgent: 'priority.urgent' };
const THEN_LABEL: Record<(typeof THENS)[number], string> = { continue: 'builder.rules.then.continue', pause: 'builder.rules.then.pause', end: 'builder.rules.then.end' };

export function ruleCard(io: Editing, survey: Survey, r: RuleCard, mine: readonly PlainProblem[], names: Record<string, string>): HTMLElement {
  const place = { kind: 'rule', index: r.index } as const;
  const id = h('input', { type: 'text', value: r.id, maxlength: '40', spellcheck: 'false', 'data-testid': 'builder-rule-id', 'data-key': `rule:${r.index}:id` }) as HTMLInputElement;
  on(id, 'change', () => io.edit((s) => setRuleField(s.doc, r.index, 'id', id.value.trim())));
  const select = (field: RuleField, values: readonly string[], labels: Record<string, string>, current: string, fallback: string) => {
    const known = values.includes(current) || !current;
    const sel = h(
      'select',
      { 'data-testid': `builder-rule-${field}`, 'data-key': `rule:${r.index}:${field}` },
      ...values.map((v) => h('option', { value: v, selected: (current || fallback) === v }, t(labels[v]!))),
      known ? null : h('option', { value: current, selected: true }, current),
    );
    on(sel, 'change', () => io.edit((s) => setRuleField(s.doc, r.index, field, sel.value)));
    return sel;
  };
  return h(
    'li',
    { class: mine.length ? 'card has-problems' : 'card', 'data-testid': 'builder-rule', 'data-rule-id': r.id },
    h(
      'div',
      { class: 'card-head' },
      h('strong', null, `${r.index + 1}. `),
      cardField(t('builder.id'), id),
      cardField(t('builder.rules.priority'), select('priority', PRIORITIES, PRIORITY_LABEL, r.priority, 'normal')),
      cardField(t('builder.rules.then'), select('then', THENS, THEN_LABEL, r.then, 'continue')),
    ),
    conditionView({
      source: r.condition,
      ctx: contextAt(survey.doc, place, survey.cards),
      key: `rule:${r.index}:when`,
      label: t('builder.rules.when'),
      none: t('builder.rules.noCondition'),
      names,
      write: (text) => io.edit((s) => setCondition(s.doc, place, text)),
    }),
    localeWords(io, { locales: survey.locales, words: r.keywords, key: `rule:${r.index}:keywords`, testId: 'builder-rule-keywords', label: t('builder.rules.keywords'), write: (s, l, w) => setKeywords(s.doc, r.index, l, w) }),
    h('p', { class: 'small muted' }, t('builder.rules.both')),
    minConfidenceField(io, r),
    problemList(mine),
    h('div', { class: 'row-actions' }, quiet('builder-rule-delete', t('builder.delete'), () => io.edit((s) => deleteRule(s.doc, r.index)))),
  );
}

/** The minimum confidence: a value out of 0-1 is not written, and the card says why, so the
 * YAML never holds one the checker would refuse because of this field. */
function minConfidenceField(io: Editing, r: RuleCard): HTMLElement {
  const input = h('input', { type: 'number', min: '0', max: '1', step: '0.05', value: r.minConfidence, class: 'cond-number', 'data-testid': 'builder-rule-min-confidence', 'data-key': `rule:${r.index}:minConfidence`, 'aria-describedby': `rule-${r.index}-min-confidence-hint` }) as HTMLInputElement;
  const bad = h('p', { class: 'small cond-bad', role: 'alert', 'data-testid': 'builder-rule-min-confidence-bad', hidden: true }, t('builder.rules.minConfidence.bad'));
  const show = (wrong: boolean) => {
    bad.hidden = !wrong;
    input.setAttribute('aria-invalid', String(wrong));
  };
  // What the YAML holds may be out of range too (typed there): the card says so as well.
  show(!!minConfidenceProblem(r.minConfidence));
  on(input, 'change', () => {
    // Chromium gives "" for a number it cannot read ("1..2"), which is not "no minimum".
    const wrong = input.validity.badInput || !!minConfidenceProblem(input.value);
    show(wrong);
    if (!wrong) io.edit((s) => setMinConfidence(s.doc, r.index, input.value));
  });
  return h(
    'div',
    { class: 'card-confidence' },
    cardField(t('builder.rules.minConfidence'), input),
    h('span', { class: 'small muted', id: `rule-${r.index}-min-confidence-hint` }, t('builder.rules.minConfidence.hint')),
    bad,
  );
}
