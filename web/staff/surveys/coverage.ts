/** The language table: every customer-visible text (rows) against the script's locales. */
import type { CoverageRow, LocaleCoverage } from '../../../src/admin/localeCoverage.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { pathText, str } from '../format.js';
import type { Translate } from '../i18n.js';

/** What a row's text is, in the staff UI's language (the server's English label for a row it
 * did not describe, from a server older than this page). */
export function coverageLabel(r: CoverageRow, t: Translate): string {
  const what = r.what as CoverageRow['what'] | undefined;
  if (!what || typeof what.kind !== 'string') return str(r.label) || pathText(r.path);
  return t(`coverage.what.${what.kind}`, { question: str(what.question), option: str(what.option), ending: str(what.ending) });
}

/** Draws the table and its summary line; returns the script's locales. */
export function renderCoverage(table: HTMLTableElement, summary: HTMLElement, cov: LocaleCoverage, t: Translate): string[] {
  const locales = Array.isArray(cov.locales) ? cov.locales.map(str).filter(Boolean) : [];
  const rows = Array.isArray(cov.rows) ? cov.rows : [];
  const missingBy = new Map(locales.map((l) => [l, 0]));
  const body = h('tbody');
  for (const r of rows) {
    const missing = Array.isArray(r.missing) ? r.missing : [];
    for (const l of missing) if (missingBy.has(l)) missingBy.set(l, missingBy.get(l)! + 1);
    body.append(
      h(
        'tr',
        { class: missing.length ? 'has-missing' : null, 'data-path': pathText(r.path) },
        h('th', { scope: 'row' }, h('span', { class: 'cov-label' }, coverageLabel(r, t)), h('code', { class: 'path' }, pathText(r.path))),
        ...locales.map((l) => {
          const miss = missing.includes(l);
          return h(
            'td',
            { class: miss ? 'cov-missing' : 'cov-ok', 'data-locale': l, 'data-missing': miss ? 'true' : 'false' },
            h('span', { 'aria-hidden': 'true' }, miss ? '✕' : '✓'),
            h('span', { class: 'visually-hidden' }, t(miss ? 'coverage.missing' : 'coverage.present')),
          );
        }),
      ),
    );
  }
  replaceChildren(
    table,
    h('caption', { class: 'visually-hidden' }, t('coverage.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('coverage.text')), ...locales.map((l) => h('th', { scope: 'col' }, l)))),
    body,
  );
  const gaps = locales.filter((l) => missingBy.get(l)! > 0);
  summary.textContent = !rows.length
    ? t('coverage.none')
    : gaps.length
      ? t('coverage.gaps', { list: gaps.map((l) => t('coverage.gap', { count: missingBy.get(l)!, locale: l })).join(', ') })
      : t('coverage.complete', { count: rows.length, locales: locales.join(', ') });
  return locales;
}
