/**
 * What the surveys page needs of a script editor. The CodeMirror one (editor.ts) is loaded with
 * import() when the surveys page first opens; plainEditor() is the stand-in if that fails.
 */
import { h } from '../../shared/dom.js';

export interface EditorProblem {
  /** 1-based; problems without a line are listed but not marked. */
  line?: number | undefined;
  message: string;
  severity?: 'error' | 'warning' | 'info';
}

export interface ScriptEditor {
  getValue(): string;
  /** Replaces the text as a new document (history and marks start over); onChange is not called. */
  setValue(text: string): void;
  /** Replaces the whole text as an edit (undo brings the old one back); onChange is called. */
  replace(text: string): void;
  setProblems(problems: EditorProblem[]): void;
  goToLine(line: number): void;
  focus(): void;
}

export interface EditorOptions {
  doc?: string;
  onChange(text: string): void;
  /** The accessible name of the text area. */
  label: string;
}

export type CreateEditor = (parent: HTMLElement, options: EditorOptions) => ScriptEditor;

/** A plain text box with the editor's interface. */
export const plainEditor: CreateEditor = (parent, { doc = '', onChange, label }) => {
  const ta = h('textarea', { class: 'plain-editor', spellcheck: 'false', autocapitalize: 'off', 'aria-label': label });
  ta.value = doc;
  parent.append(ta);
  ta.addEventListener('input', () => onChange(ta.value));
  return {
    getValue: () => ta.value,
    setValue: (text) => {
      ta.value = text;
    },
    replace(text) {
      ta.value = text;
      onChange(text);
    },
    setProblems: () => {},
    goToLine(n) {
      const lines = ta.value.split('\n');
      let pos = 0;
      for (let i = 0; i < Math.min(lines.length, Math.max(1, n) - 1); i++) pos += lines[i]!.length + 1;
      ta.focus();
      ta.setSelectionRange(pos, pos);
    },
    focus: () => ta.focus(),
  };
};
