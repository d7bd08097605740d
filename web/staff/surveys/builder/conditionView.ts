/**
 * The condition picker on a card: rows of question, operator and value joined by "all"/"any",
 * and under them the condition as text, which stays editable. A text the rows cannot show
 * exactly is shown as text only, with a note saying why; the picker never rewrites it.
 */
import { h, replaceChildren } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { button, on } from '../../ui.js';
import { arity, choicesFor, defaultRow, FIELD_ROOTS, fieldPath, isField, isComplete, kindOf, OPS_FOR, readCondition, typedValue, withOp, writeCondition, type Join, type Literal, type Op, type Picked, type PickerContext, type Row, type Unreadable } from './conditionPicker.js';

export interface ConditionOptions {
  source: string;
  ctx: PickerContext;
  /** Names this condition's controls, so focus comes back to them after a redraw. */
  key: string;
  /** What the condition decides ("Ask only when"). */
  label: string;
  /** What having none means ("Always asked"). */
  none: string;
  /** A few words of each question's text, to name it in the list. */
  names: Readonly<Record<string, string>>;
  /** Writes the condition's text ("" removes it). */
  write(text: string): void;
}

const OP_LABEL: Record<Op, string> = {
  eq: 'builder.op.eq',
  ne: 'builder.op.ne',
  lt: 'builder.op.lt',
  le: 'builder.op.le',
  gt: 'builder.op.gt',
  ge: 'builder.op.ge',
  in: 'builder.op.in',
  answered: 'builder.op.answered',
  notAnswered: 'builder.op.notAnswered',
  skipped: 'builder.op.skipped',
  contains: 'builder.op.contains',
  sentimentBelow: 'builder.op.sentimentBelow',
  sentimentAbove: 'builder.op.sentimentAbove',
  sentimentLabel: 'builder.op.sentimentLabel',
  sentimentLabelIn: 'builder.op.sentimentLabelIn',
  confidenceAtLeast: 'builder.op.confidenceAtLeast',
  mentions: 'builder.op.mentions',
  mismatch: 'builder.op.mismatch',
  kano: 'builder.op.kano',
};
const WHY: Record<Unreadable, string> = {
  syntax: 'builder.cond.why.syntax',
  shape: 'builder.cond.why.shape',
  mixed: 'builder.cond.why.mixed',
  notHere: 'builder.cond.why.notHere',
  value: 'builder.cond.why.value',
};

export function conditionView(o: ConditionOptions): HTMLElement {
  const reading = readCondition(o.source, o.ctx);
  const text = h('input', { type: 'text', value: o.source, spellcheck: 'false', class: 'cond-text', 'data-testid': 'builder-cond-text', 'data-key': `${o.key}:text`, 'aria-label': t('builder.cond.textLabel', { what: o.label }) }) as HTMLInputElement;
  on(text, 'change', () => o.write(text.value.trim()));
  const rowsBox = h('div', { class: 'cond-rows' });
  const note = h('p', { class: 'small cond-note', 'data-testid': 'builder-cond-note', hidden: true });
  const box = h('div', { class: 'cond', 'data-testid': 'builder-cond', 'data-key-prefix': o.key }, h('span', { class: 'small muted cond-label' }, o.label), rowsBox, note, h('div', { class: 'cond-text-row' }, h('span', { class: 'small muted' }, t('builder.cond.asText')), text));

  if (!reading.ok) {
    note.hidden = false;
    note.textContent = t(WHY[reading.why], { id: reading.detail ?? '' });
    box.classList.add('cond-text-only');
    return box;
  }

  // Rows being put together that cannot be written yet (a field with no name): kept here until they can.
  let picked: Picked = reading.picked;

  function commit(next: Picked): void {
    if (next.rows.some((r) => !isComplete(r, o.ctx))) {
      picked = next;
      note.hidden = false;
      note.textContent = t('builder.cond.incomplete');
      draw();
      return;
    }
    o.write(writeCondition(next, o.ctx));
  }

  function newRow(): Row {
    const last = o.ctx.questions.at(-1);
    return last ? defaultRow(last.id, o.ctx) : { subject: 'customer.', op: 'eq', values: [''] };
  }

  function draw(): void {
    if (!picked.rows.length) {
      replaceChildren(rowsBox, h('span', { class: 'small cond-none' }, o.none), ' ', button({ class: 'btn btn-quiet', 'data-testid': 'builder-cond-add', 'data-key': `${o.key}:add` }, () => commit({ join: 'and', rows: [newRow()] }), t('builder.cond.add')));
      return;
    }
    const join = h('select', { 'data-testid': 'builder-cond-join', 'data-key': `${o.key}:join`, 'aria-label': t('builder.cond.join') }, h('option', { value: 'and', selected: picked.join === 'and' }, t('builder.cond.all')), h('option', { value: 'or', selected: picked.join === 'or' }, t('builder.cond.any')));
    on(join, 'change', () => commit({ ...picked, join: join.value as Join }));
    replaceChildren(
      rowsBox,
      picked.rows.length > 1 ? h('div', { class: 'cond-join' }, join) : null,
      h('ol', { class: 'cond-list' }, ...picked.rows.map((r, i) => rowView(r, i))),
      button({ class: 'btn btn-quiet', 'data-testid': 'builder-cond-add-row', 'data-key': `${o.key}:addRow` }, () => commit({ ...picked, rows: [...picked.rows, newRow()] }), t('builder.cond.addRow')),
    );
  }

  function replace(i: number, row: Row): void {
    commit({ ...picked, rows: picked.rows.map((r, j) => (j === i ? row : r)) });
  }

  function rowView(row: Row, i: number): HTMLElement {
    const k = `${o.key}:r${i}`;
    const kind = kindOf(row.subject, o.ctx);
    const root = isField(row.subject) ? row.subject.split('.')[0]! : '';
    const subject = h(
      'select',
      { class: 'cond-subject', 'data-testid': 'builder-cond-subject', 'data-key': `${k}:subject`, 'aria-label': t('builder.cond.subject') },
      ...o.ctx.questions.map((q) => h('option', { value: q.id, selected: q.id === row.subject }, o.names[q.id] ? `${q.id} · ${o.names[q.id]}` : q.id)),
      ...FIELD_ROOTS.map((f) => h('option', { value: `${f}.`, selected: root === f }, t(f === 'customer' ? 'builder.cond.customerField' : 'builder.cond.orderField'))),
    );
    on(subject, 'change', () => {
      const v = subject.value;
      if (v.endsWith('.')) {
        const name = isField(row.subject) ? row.subject.slice(row.subject.indexOf('.') + 1) : '';
        replace(i, { subject: v + name, op: kind === 'field' ? row.op : 'eq', values: kind === 'field' ? row.values : [''] });
      } else replace(i, defaultRow(v, o.ctx));
    });
    const parts: HTMLElement[] = [subject];
    if (kind === 'field') {
      const name = h('input', { type: 'text', value: row.subject.slice(root.length + 1), spellcheck: 'false', class: 'cond-field', placeholder: t('builder.cond.fieldName'), 'aria-label': t('builder.cond.fieldName'), 'data-testid': 'builder-cond-field', 'data-key': `${k}:field` }) as HTMLInputElement;
      on(name, 'change', () => replace(i, { ...row, subject: `${root}.${name.value.trim()}` }));
      parts.push(name);
      if (name.value && !fieldPath(row.subject)) parts.push(h('span', { class: 'small cond-bad' }, t('builder.cond.badField')));
    }
    const ops = kind ? OPS_FOR[kind] : [];
    const op = h('select', { 'data-testid': 'builder-cond-op', 'data-key': `${k}:op`, 'aria-label': t('builder.cond.op') }, ...ops.map((x) => h('option', { value: x, selected: x === row.op }, opLabel(x, kind))));
    on(op, 'change', () => replace(i, withOp(row, op.value as Op, o.ctx)));
    parts.push(op);
    const value = valueControl(row, k, (values) => replace(i, { ...row, values }));
    if (value) parts.push(value);
    parts.push(button({ class: 'btn btn-quiet btn-small', 'data-testid': 'builder-cond-remove', 'data-key': `${k}:remove`, 'aria-label': t('builder.cond.remove') }, () => commit({ ...picked, rows: picked.rows.filter((_, j) => j !== i) }), '×'));
    return h('li', { class: 'cond-row', 'data-testid': 'builder-cond-row' }, i > 0 ? h('span', { class: 'small muted cond-word' }, t(picked.join === 'and' ? 'builder.cond.and' : 'builder.cond.or')) : null, ...parts);
  }

  function valueControl(row: Row, k: string, set: (values: Literal[]) => void): HTMLElement | null {
    const n = arity(row.op);
    if (n === 0) return null;
    const list = choicesFor(row, o.ctx);
    const label = t('builder.cond.value');
    if (list && n === 1) {
      const sel = h('select', { 'data-testid': 'builder-cond-value', 'data-key': `${k}:value`, 'aria-label': label }, ...list.map((v, j) => h('option', { value: String(j), selected: v === row.values[0] }, valueLabel(row, v))));
      on(sel, 'change', () => set([list[Number(sel.value)]!]));
      return sel;
    }
    if (list) {
      const boxes = list.map((v) => {
        const cb = h('input', { type: 'checkbox', checked: row.values.includes(v), 'data-key': `${k}:value:${String(v)}` }) as HTMLInputElement;
        on(cb, 'change', () => set(list.filter((x, j) => (x === v ? cb.checked : boxes[j]!.checked))));
        return cb;
      });
      return h('fieldset', { class: 'cond-values', 'data-testid': 'builder-cond-values' }, h('legend', { class: 'visually-hidden' }, label), ...list.map((v, j) => h('label', { class: 'small' }, boxes[j]!, ' ', valueLabel(row, v))));
    }
    if (row.op === 'sentimentBelow' || row.op === 'sentimentAbove') {
      const num = h('input', { type: 'number', min: '-1', max: '1', step: '0.1', value: String(row.values[0] ?? ''), class: 'cond-number', 'data-testid': 'builder-cond-value', 'data-key': `${k}:value`, 'aria-label': t('builder.cond.sentimentValue') }) as HTMLInputElement;
      on(num, 'change', () => set(num.value === '' ? [] : [Number(num.value)]));
      return h('span', { class: 'cond-sentiment' }, num, h('span', { class: 'small muted' }, t('builder.cond.sentimentHint')));
    }
    if (row.op === 'confidenceAtLeast') {
      const num = h('input', { type: 'number', min: '0', max: '1', step: '0.05', value: String(row.values[0] ?? ''), class: 'cond-number', 'data-testid': 'builder-cond-value', 'data-key': `${k}:value`, 'aria-label': t('builder.cond.confidenceValue') }) as HTMLInputElement;
      on(num, 'change', () => set(num.value === '' ? [] : [Number(num.value)]));
      return h('span', { class: 'cond-sentiment' }, num, h('span', { class: 'small muted' }, t('builder.cond.confidenceHint')));
    }
    // Typed: a word to look for, or a start-data field's value (several with commas for "is one of").
    const typed = h('input', { type: 'text', value: row.values.map(String).join(', '), spellcheck: 'false', class: 'cond-typed', 'data-testid': 'builder-cond-value', 'data-key': `${k}:value`, 'aria-label': label }) as HTMLInputElement;
    on(typed, 'change', () => {
      const raw = typed.value.trim();
      if (row.op === 'contains') return set([raw]);
      set(n === 'many' ? raw.split(',').map(typedValue).filter((v) => v !== '') : [typedValue(raw)]);
    });
    return typed;
  }

  function valueLabel(row: Row, v: Literal): string {
    if (typeof v === 'boolean') return t(v ? 'builder.yes' : 'builder.no');
    if (row.op === 'kano') return t(`builder.kano.${String(v)}`);
    if (row.op === 'sentimentLabel' || row.op === 'sentimentLabelIn') return t(`sentiment.${String(v)}`);
    if (row.op === 'mentions') return String(v);
    const q = o.ctx.questions.find((x) => x.id === row.subject);
    const named = typeof v === 'string' ? q?.labels?.[v] : undefined;
    return named && named !== v ? `${named} (${v})` : String(v);
  }

  draw();
  return box;
}

function opLabel(op: Op, kind: string | undefined): string {
  // "contains" reads as "includes" for a multiple choice and "contains the words" for a text.
  if (op === 'contains') return t(kind === 'multi' ? 'builder.op.includes' : 'builder.op.contains');
  return t(OP_LABEL[op]);
}
