/**
 * Where a question leads on its card: jumps tried in order, each "when <condition>, go to
 * <a later question or the end>"; with none, the next question follows.
 */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { on } from '../../ui.js';
import { quiet, type Editing } from './builderKit.js';
import type { Card, Survey } from './cards.js';
import { addJump, contextAt, deleteJump, setCondition, setJumpTarget } from './conditions.js';
import { conditionView } from './conditionView.js';

export function jumpsView(io: Editing, survey: Survey, c: Card, names: Record<string, string>): HTMLElement {
  const later = survey.cards.slice(c.index + 1).map((x) => x.id).filter(Boolean);
  return h(
    'div',
    { class: 'card-section', 'data-testid': 'builder-jumps' },
    h('strong', { class: 'small' }, t('builder.jumps.title')),
    c.jumps.length ? null : h('p', { class: 'small muted' }, t('builder.jumps.none')),
    h(
      'ol',
      { class: 'jumps' },
      ...c.jumps.map((j, ji) => {
        const place = { kind: 'jump', index: c.index, jump: ji } as const;
        const targets = [...later, 'end'];
        if (j.to && !targets.includes(j.to)) targets.unshift(j.to);
        const to = h('select', { 'data-testid': 'builder-jump-to', 'data-key': `${c.index}:jump:${ji}:to`, 'aria-label': t('builder.jumps.to') }, ...targets.map((id) => h('option', { value: id, selected: id === j.to }, id === 'end' ? t('builder.jumps.end') : names[id] ? `${id} · ${names[id]}` : id)));
        on(to, 'change', () => io.edit((s) => setJumpTarget(s.doc, c.index, ji, to.value)));
        return h(
          'li',
          { class: 'jump', 'data-testid': 'builder-jump' },
          conditionView({
            source: j.condition,
            ctx: contextAt(survey.doc, place, survey.cards),
            key: `${c.index}:jump:${ji}`,
            label: t('builder.jumps.when'),
            none: t('builder.jumps.always'),
            names,
            write: (text) => io.edit((s) => setCondition(s.doc, place, text)),
          }),
          h('div', { class: 'row-actions' }, h('label', { class: 'small' }, t('builder.jumps.goTo'), ' ', to), quiet('builder-jump-remove', t('builder.jumps.remove'), () => io.edit((s) => deleteJump(s.doc, c.index, ji)))),
        );
      }),
    ),
    quiet('builder-jump-add', t('builder.jumps.add'), () => io.edit((s) => addJump(s.doc, c.index))),
  );
}
