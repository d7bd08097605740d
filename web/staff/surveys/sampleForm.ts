/**
 * The preview's sample customer and order (previewSample.ts): a small form, folded under the
 * preview's controls, that starts out as the sample for the survey's language and follows the
 * language picker until the admin changes it. Turned off, the preview starts with no customer
 * data, so the texts show their fallbacks.
 */
import { h } from '../../shared/dom.js';
import { attr, onLanguage, t, text } from '../lang.js';
import { on, say } from '../ui.js';
import { defaultSample, SAMPLE_FIELDS, SAMPLE_PATHS, sameSample, sampleStartData, sampleSummary, type PreviewSample, type SampleField, type SampleProblem, type StartData } from './previewSample.js';

export interface SampleFormView {
  el: HTMLElement;
  /** The survey language the preview runs in: an untouched sample follows it. */
  setLocale(locale: string): void;
  /** What to start with, or null when the sample needs fixing first (the form then says why). */
  startData(): StartData | null;
}

export function createSampleForm(onChange: () => void): SampleFormView {
  let locale = 'en';
  let sample = defaultSample(locale);

  const use = h('input', { id: 'sample-use', type: 'checkbox', checked: true, 'data-testid': 'admin-preview-sample-use' });
  const inputs = Object.fromEntries(
    SAMPLE_FIELDS.map((f) => [f, h('input', { id: `sample-${f}`, type: 'text', maxlength: '200', autocomplete: 'off', spellcheck: 'false', 'data-testid': `admin-preview-sample-${f}` })]),
  ) as Record<SampleField, HTMLInputElement>;
  const more = attr(
    h('textarea', { id: 'sample-more', rows: 2, maxlength: '4000', spellcheck: 'false', 'aria-describedby': 'sample-more-hint', 'data-testid': 'admin-preview-sample-more' }),
    'placeholder',
    'preview.sample.morePlaceholder',
  );
  const summary = h('span', { class: 'sample-summary', 'data-testid': 'admin-preview-sample-summary' });
  const problems = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'admin-preview-sample-problems' });
  const reset = h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'admin-preview-sample-reset' });
  const fields = h(
    'div',
    { class: 'sample-fields' },
    ...SAMPLE_FIELDS.map((f) =>
      h('div', { class: 'field' }, h('label', { for: `sample-${f}` }, text(`preview.sample.${f}`), ' ', h('code', { class: 'small muted' }, SAMPLE_PATHS[f])), inputs[f]),
    ),
    h(
      'div',
      { class: 'field sample-more' },
      h('label', { for: 'sample-more' }, text('preview.sample.more')),
      more,
      h('p', { id: 'sample-more-hint', class: 'small muted' }, text('preview.sample.moreHint')),
    ),
  );
  const el = h(
    'details',
    { class: 'preview-sample', 'data-testid': 'admin-preview-sample' },
    h('summary', null, text('preview.sample.title'), ': ', summary),
    h('p', { class: 'small muted' }, text('preview.sample.hint')),
    h('label', { class: 'check' }, use, ' ', text('preview.sample.use')),
    fields,
    problems,
    h('div', { class: 'row-actions' }, reset),
  );

  let shown: SampleProblem[] = [];

  function fill(s: PreviewSample): void {
    sample = s;
    for (const f of SAMPLE_FIELDS) inputs[f].value = s[f];
    more.value = s.more;
  }
  function read(): PreviewSample {
    const s = { more: more.value } as PreviewSample;
    for (const f of SAMPLE_FIELDS) s[f] = inputs[f].value;
    return s;
  }
  const edited = () => !sameSample(sample, defaultSample(locale));

  function problemText(p: SampleProblem): string {
    if (p.field === 'amount') return t('preview.sample.amountBad');
    return t(`preview.sample.more.${p.kind}`, { line: p.line });
  }

  function render(): void {
    fields.hidden = !use.checked;
    summary.textContent = use.checked ? sampleSummary(sample) || t('preview.sample.empty') : t('preview.sample.off');
    reset.textContent = t('preview.sample.reset', { locale });
    reset.hidden = !use.checked || !edited();
    say(problems, shown.map(problemText).join(' '));
    inputs.amount.setAttribute('aria-invalid', shown.some((p) => p.field === 'amount') ? 'true' : 'false');
    more.setAttribute('aria-invalid', shown.some((p) => p.field === 'more') ? 'true' : 'false');
  }

  function changed(): void {
    sample = read();
    shown = [];
    render();
    onChange();
  }

  for (const f of SAMPLE_FIELDS) on(inputs[f], 'change', changed);
  on(more, 'change', changed);
  on(use, 'change', changed);
  on(reset, 'click', () => {
    fill(defaultSample(locale));
    changed();
  });
  onLanguage(render);
  fill(sample);
  render();

  return {
    el,
    setLocale(next) {
      if (next === locale) return;
      const follow = !edited();
      locale = next;
      if (follow) {
        fill(defaultSample(locale));
        shown = [];
      }
      render();
    },
    startData() {
      if (!use.checked) return {};
      const result = sampleStartData(read());
      shown = result.ok ? [] : result.problems;
      render();
      if (result.ok) return result.data;
      el.open = true;
      return null;
    },
  };
}
