/** A rating's scale of its own on its card: the two ends and their labels in every locale. */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { on } from '../../ui.js';
import { cardField, localeTexts, type Editing } from './builderKit.js';
import type { Card } from './cards.js';
import { setScaleEnd, setScaleLabel } from './scales.js';

export function scaleView(io: Editing, c: Card, locales: string[]): HTMLElement | null {
  const scale = c.custom;
  if (!scale) return null;
  const end = (which: 'min' | 'max') => {
    const input = h('input', { type: 'number', step: '1', value: scale[which] === undefined ? '' : String(scale[which]), class: 'scale-end', 'data-testid': `builder-scale-${which}`, 'data-key': `${c.index}:scale:${which}` }) as HTMLInputElement;
    on(input, 'change', () => {
      const n = Number(input.value);
      if (input.value !== '' && Number.isFinite(n)) io.edit((s) => setScaleEnd(s.doc, c.index, which, n));
    });
    return cardField(t(which === 'min' ? 'builder.scale.min' : 'builder.scale.max'), input);
  };
  const missing = (labels: Record<string, string>) => (Object.keys(labels).length ? locales.filter((l) => !labels[l]) : []);
  return h(
    'div',
    { class: 'card-section', 'data-testid': 'builder-custom-scale' },
    h('div', { class: 'card-head' }, end('min'), end('max'), h('span', { class: 'small muted' }, t('builder.scale.customHint'))),
    h('span', { class: 'small muted' }, t('builder.scale.minLabel')),
    localeTexts(io, { locales, texts: scale.minLabel, missing: missing(scale.minLabel), key: `${c.index}:scale:minLabel`, testId: 'builder-scale-minLabel', rows: 1, write: (s, l, v) => setScaleLabel(s.doc, c.index, 'minLabel', l, v) }),
    h('span', { class: 'small muted' }, t('builder.scale.maxLabel')),
    localeTexts(io, { locales, texts: scale.maxLabel, missing: missing(scale.maxLabel), key: `${c.index}:scale:maxLabel`, testId: 'builder-scale-maxLabel', rows: 1, write: (s, l, v) => setScaleLabel(s.doc, c.index, 'maxLabel', l, v) }),
  );
}
