/** An ending as a card: its id, when it is shown (the picker), and its text in every locale. */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { on } from '../../ui.js';
import type { PlainProblem } from '../problemText.js';
import { cardField, localeTexts, problemList, quiet, type Editing } from './builderKit.js';
import type { Survey } from './cards.js';
import { contextAt, setCondition } from './conditions.js';
import { conditionView } from './conditionView.js';
import { deleteEnding, moveEnding, setEndingId, setEndingText, type EndingCard } from './endings.js';

export function endingCard(io: Editing, survey: Survey, e: EndingCard, mine: readonly PlainProblem[], names: Record<string, string>): HTMLElement {
  const count = survey.endings.length;
  const last = e.index === count - 1;
  const place = { kind: 'ending', index: e.index } as const;
  const id = h('input', { type: 'text', value: e.id, maxlength: '40', spellcheck: 'false', 'data-testid': 'builder-ending-id', 'data-key': `ending:${e.index}:id` }) as HTMLInputElement;
  on(id, 'change', () => io.edit((s) => setEndingId(s.doc, e.index, id.value.trim())));
  return h(
    'li',
    { class: mine.length ? 'card has-problems' : 'card', 'data-testid': 'builder-ending', 'data-ending-id': e.id },
    h('div', { class: 'card-head' }, h('strong', null, `${e.index + 1}. `), cardField(t('builder.id'), id)),
    conditionView({
      source: e.condition,
      ctx: contextAt(survey.doc, place, survey.cards),
      key: `ending:${e.index}:if`,
      label: t('builder.endings.when'),
      none: t(last ? 'builder.endings.everyoneElse' : 'builder.endings.noCondition'),
      names,
      write: (text) => io.edit((s) => setCondition(s.doc, place, text)),
    }),
    e.textKey
      ? h('p', { class: 'small muted' }, t('builder.fromLocales', { key: e.textKey }))
      : localeTexts(io, { locales: survey.locales, texts: e.texts, missing: e.missing, key: `ending:${e.index}:text`, testId: 'builder-ending-text', write: (s, l, v) => setEndingText(s.doc, e.index, l, v) }),
    problemList(mine),
    h(
      'div',
      { class: 'row-actions' },
      quiet('builder-ending-up', t('builder.up'), () => io.edit((s) => moveEnding(s.doc, e.index, -1), t('builder.ending.moved', { id: e.id, position: e.index, count })), e.index === 0),
      quiet('builder-ending-down', t('builder.down'), () => io.edit((s) => moveEnding(s.doc, e.index, 1), t('builder.ending.moved', { id: e.id, position: e.index + 2, count })), last),
      quiet('builder-ending-delete', t('builder.delete'), () => io.edit((s) => deleteEnding(s.doc, e.index))),
    ),
  );
}
