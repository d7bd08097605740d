/**
 * A choice question's options on its card: whether several may be picked, and per option its
 * id, its label in every locale and the other words customers may type for it.
 */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { on } from '../../ui.js';
import { cardField, localeTexts, localeWords, quiet, type Editing } from './builderKit.js';
import { setField, type Card } from './cards.js';
import { addOption, deleteOption, moveOption, setOptionId, setOptionLabel, setSynonyms } from './choices.js';

export function choicesView(io: Editing, c: Card, locales: string[]): HTMLElement {
  const multiple = h('input', { type: 'checkbox', checked: c.multiple, 'data-testid': 'builder-multiple', 'data-key': `${c.index}:multiple` }) as HTMLInputElement;
  on(multiple, 'change', () => io.edit((s) => setField(s.doc, c.index, 'multiple', multiple.checked)));
  const count = c.options.length;
  return h(
    'div',
    { class: 'card-section', 'data-testid': 'builder-options' },
    h('div', { class: 'card-section-head' }, h('strong', { class: 'small' }, t('builder.options.title')), h('label', { class: 'small' }, multiple, ' ', t('builder.options.multiple'))),
    h(
      'ol',
      { class: 'options' },
      ...c.options.map((o, oi) => {
        const key = `${c.index}:option:${oi}`;
        const id = h('input', { type: 'text', value: o.id, maxlength: '40', spellcheck: 'false', 'data-testid': 'builder-option-id', 'data-key': `${key}:id` }) as HTMLInputElement;
        on(id, 'change', () => io.edit((s) => setOptionId(s.doc, c.index, oi, id.value.trim())));
        return h(
          'li',
          { class: 'option', 'data-testid': 'builder-option', 'data-option-id': o.id },
          h('div', { class: 'card-head' }, cardField(t('builder.options.id'), id), h('span', { class: 'small muted' }, t('builder.options.idHint'))),
          o.labelKey
            ? h('p', { class: 'small muted' }, t('builder.fromLocales', { key: o.labelKey }))
            : localeTexts(io, { locales, texts: o.labels, missing: o.missing, key: `${key}:label`, testId: 'builder-option-label', rows: 1, write: (s, l, v) => setOptionLabel(s.doc, c.index, oi, l, v) }),
          localeWords(io, { locales, words: o.synonyms, key: `${key}:synonyms`, testId: 'builder-option-synonyms', label: t('builder.options.synonyms'), write: (s, l, w) => setSynonyms(s.doc, c.index, oi, l, w) }),
          h(
            'div',
            { class: 'row-actions' },
            quiet('builder-option-up', t('builder.up'), () => io.edit((s) => moveOption(s.doc, c.index, oi, -1), t('builder.option.moved', { id: o.id, position: oi, count })), oi === 0),
            quiet('builder-option-down', t('builder.down'), () => io.edit((s) => moveOption(s.doc, c.index, oi, 1), t('builder.option.moved', { id: o.id, position: oi + 2, count })), oi === count - 1),
            quiet('builder-option-remove', t('builder.options.remove'), () => io.edit((s) => deleteOption(s.doc, c.index, oi))),
          ),
        );
      }),
    ),
    quiet('builder-option-add', t('builder.options.add'), () => io.edit((s) => addOption(s.doc, c.index))),
  );
}
