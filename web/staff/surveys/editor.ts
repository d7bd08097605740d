/**
 * The survey script editor: the one module that imports CodeMirror 6. The surveys page loads it
 * with import(), so esbuild makes it a chunk of its own and nobody else downloads it.
 *
 * YAML highlighting, line numbers, folding, a lint gutter with the server's problems (pushed in
 * with setProblems: validation runs on the server), undo history and the standard keys, Tab to
 * indent (and, right after Escape, to leave the editor as usual), and CodeMirror's search panel
 * (Ctrl/Cmd-F, with replace; Ctrl/Cmd-G for the next match).
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorSelection, EditorState, type Text as Doc } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers, type Command } from '@codemirror/view';
import type { CreateEditor, EditorProblem } from './scriptEditor.js';

const INDENT = '  ';
const leadingSpace = (text: string) => /^[ \t]*/.exec(text)![0];

/** Tab indents, except right after Escape, so keyboard users can still tab out of the editor. */
let escaped = false;
const escapeWatcher = EditorView.domEventHandlers({
  keydown(e) {
    escaped = e.key === 'Escape' ? true : e.key === 'Tab' ? escaped : false;
    return false;
  },
  blur() {
    escaped = false;
    return false;
  },
});
const whenNotEscaped =
  (cmd: Command): Command =>
  (view) =>
    escaped ? false : cmd(view);

const theme = EditorView.theme({
  '&': { fontSize: '13.5px', backgroundColor: '#fff', height: '100%' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', lineHeight: '1.55' },
  '.cm-content': { padding: '6px 0' },
  '.cm-gutters': { backgroundColor: '#f6f7f9', color: '#7a8294', borderRight: '1px solid #d5dbe5' },
  '.cm-activeLine': { backgroundColor: '#f3f5fd' },
  '.cm-activeLineGutter': { backgroundColor: '#e6eafb', color: '#23369e' },
  '&.cm-focused': { outline: 'none' },
  '.cm-lintRange-error': { backgroundColor: 'rgba(179, 38, 30, .08)' },
  '.cm-tooltip': { fontFamily: 'system-ui, sans-serif', fontSize: '13px' },
});

/** Problems as diagnostics: the whole line, from its first non-space character. */
export function toDiagnostics(doc: Doc, problems: readonly EditorProblem[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of problems) {
    const n = Number(p.line);
    if (!Number.isInteger(n) || n < 1) continue;
    const line = doc.line(Math.min(n, doc.lines));
    const from = line.from + leadingSpace(line.text).length;
    out.push({ from: Math.min(from, line.to), to: line.to, severity: p.severity ?? 'error', message: p.message || 'Problem' });
  }
  return out;
}

export const createEditor: CreateEditor = (parent, { doc = '', onChange, label }) => {
  let silent = false;
  const extensions = () => [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    lintGutter(),
    highlightSpecialChars(),
    drawSelection(),
    highlightActiveLine(),
    EditorState.allowMultipleSelections.of(false),
    EditorState.tabSize.of(2),
    indentUnit.of(INDENT),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    yaml(),
    history(),
    search({ top: true }),
    highlightSelectionMatches(),
    escapeWatcher,
    keymap.of([...closeBracketsKeymap, { key: 'Tab', run: whenNotEscaped(indentMore), shift: whenNotEscaped(indentLess) }, ...historyKeymap, ...searchKeymap, ...defaultKeymap, ...foldKeymap, ...lintKeymap]),
    theme,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent) onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc, extensions: extensions() }) });
  return {
    getValue: () => view.state.doc.toString(),
    setValue(text) {
      silent = true;
      try {
        view.setState(EditorState.create({ doc: text, extensions: extensions() }));
      } finally {
        silent = false;
      }
    },
    replace(text) {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setProblems(problems) {
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, problems)));
    },
    goToLine(n) {
      const d = view.state.doc;
      const line = d.line(Math.max(1, Math.min(d.lines, Math.trunc(n) || 1)));
      view.dispatch({ selection: EditorSelection.cursor(line.from + leadingSpace(line.text).length), scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
  };
};
