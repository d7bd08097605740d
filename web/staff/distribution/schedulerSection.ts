/** The scheduler: how many jobs wait, run and died, and the dead letters with their error and a "try again". */
import { h, replaceChildren } from '../../shared/dom.js';
import { errorText, type JobsView } from '../api.js';
import { t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, setBusy } from '../ui.js';
import { JOB_KINDS } from './distributionValues.js';
import { dataTable, errorLine, say, section, when, type Section } from './parts.js';


/** What a dead job was about, from its payload: the invitation, or the endpoint and event. */
function subject(payload: unknown): string {
  const p = (payload && typeof payload === 'object' ? payload : {}) as { invitationId?: unknown; endpointId?: unknown; event?: { type?: unknown } };
  if (typeof p.invitationId === 'string') return t('jobs.subject.invitation', { id: p.invitationId });
  if (typeof p.endpointId === 'string') return t('jobs.subject.webhook', { endpoint: p.endpointId, event: typeof p.event?.type === 'string' ? p.event.type : '?' });
  return '';
}

export function schedulerSection(ctx: StaffContext, revived: () => void): Section {
  const refresh = button({ class: 'btn', 'data-testid': 'jobs-refresh' }, () => void loadWith(refresh), text('dist.refresh'));
  const counts = h('div', { class: 'job-counts', 'data-testid': 'jobs-counts' });
  const listError = errorLine();
  const list = h('div', { 'data-testid': 'jobs-dead' });
  const el = section('dist-jobs', 'jobs.title', 'jobs.intro', [refresh], counts, listError, h('h4', null, text('jobs.dead')), list);
  let data: JobsView | null = null;

  async function loadWith(btn?: HTMLButtonElement): Promise<void> {
    if (btn) setBusy(btn, true);
    try {
      data = await ctx.api.jobs();
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('dist.loadError', { error: errorText(err, t) }));
    } finally {
      if (btn) setBusy(btn, false);
    }
  }

  function redraw(): void {
    if (!data) return;
    replaceChildren(
      counts,
      ...(['waiting', 'running', 'dead'] as const).map((k) =>
        h('div', { class: `job-count job-${k}`, 'data-testid': `jobs-count-${k}` }, h('span', { class: 'figure' }, String(data!.counts[k])), h('span', { class: 'muted' }, t(`jobs.count.${k}`))),
      ),
    );
    const dead = data.dead ?? [];
    replaceChildren(
      list,
      dead.length
        ? dataTable(
            'jobs-table',
            ['jobs.col.kind', 'jobs.col.subject', 'jobs.col.attempts', 'jobs.col.died', 'jobs.col.error', 'jobs.col.actions'],
            dead.map((j) => ({
              attrs: { 'data-testid': 'job-row', 'data-job-id': j.id },
              cells: [
                (JOB_KINDS as readonly string[]).includes(j.kind) ? t(`jobs.kind.${j.kind}`) : j.kind,
                subject(j.payload),
                String(j.attempts),
                when(j.diedAt),
                h('span', { class: 'job-error' }, j.lastError ?? '—'),
                button({ class: 'btn', 'data-testid': 'job-revive' }, (e) => void revive(j.id, e.currentTarget as HTMLButtonElement), text('jobs.revive')),
              ],
            })),
          )
        : h('p', { class: 'empty' }, t('jobs.none')),
    );
  }

  async function revive(id: string, btn: HTMLButtonElement): Promise<void> {
    setBusy(btn, true);
    try {
      await ctx.api.reviveJob(id);
      ctx.toast(t('jobs.revived'));
      await loadWith();
      revived();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  return {
    el,
    load: () => loadWith(),
    redraw,
    reset() {
      data = null;
      replaceChildren(counts);
      replaceChildren(list);
      say(listError, '');
    },
  };
}
