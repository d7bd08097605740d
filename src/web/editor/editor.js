/* global window */
/*
 * Satisfy admin editor: the one file that imports CodeMirror 6. scripts/buildWeb.ts bundles it
 * (esbuild, IIFE, ES2020) into dist/web/editor.js, served at /admin/editor.js. admin.js only sees
 * window.SatisfyEditor:
 *
 *   const ed = SatisfyEditor.create(parent, { doc, onChange, label });
 *   ed.getValue(); ed.setValue(text); ed.setProblems([{ line, message, severity }]); ed.focus();
 *
 * YAML highlighting, line numbers, a lint gutter with inline problems (pushed in from outside with
 * setDiagnostics: validation runs on the server), undo/redo history and the standard keymap
 * (@codemirror/commands), indentation on Enter and Tab.
 */
import { defaultKeymap, history, historyKeymap, indentLess, indentMore, redo, undo } from '@codemirror/commands';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';

const INDENT = '  ';

const leadingSpace = (text) => /^[ \t]*/.exec(text)[0];

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
const whenNotEscaped = (cmd) => (view) => (escaped ? false : cmd(view));

const editingKeymap = [
  { key: 'Tab', run: whenNotEscaped(indentMore), shift: whenNotEscaped(indentLess) },
  ...historyKeymap,
  ...defaultKeymap,
];

// ---------------------------------------------------------------- look
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

/** "problems" from the server, as CodeMirror diagnostics: the whole line, from its first non-space. */
function toDiagnostics(doc, problems) {
  const out = [];
  for (const p of Array.isArray(problems) ? problems : []) {
    const n = Number(p && p.line);
    if (!Number.isInteger(n) || n < 1) continue;
    const line = doc.line(Math.min(n, doc.lines));
    const from = line.from + leadingSpace(line.text).length;
    const severity = p.severity === 'warning' || p.severity === 'info' || p.severity === 'hint' ? p.severity : 'error';
    out.push({ from: Math.min(from, line.to), to: line.to, severity, message: String(p.message || 'Problem'), source: p.source ? String(p.source) : undefined });
  }
  return out;
}

// ---------------------------------------------------------------- the public face
function create(parent, options) {
  const opts = options || {};
  let onChange = typeof opts.onChange === 'function' ? opts.onChange : null;
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
    escapeWatcher,
    keymap.of([...closeBracketsKeymap, ...editingKeymap, ...foldKeymap, ...lintKeymap]),
    theme,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': opts.label || 'Survey script (YAML)', spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent && onChange) onChange(u.state.doc.toString());
    }),
  ];

  const view = new EditorView({ parent, state: EditorState.create({ doc: String(opts.doc || ''), extensions: extensions() }) });

  const api = {
    view,
    getValue: () => view.state.doc.toString(),
    /** Replaces the text as a new document: history and problems start over; onChange is not called. */
    setValue(text) {
      silent = true;
      try {
        view.setState(EditorState.create({ doc: String(text == null ? '' : text), extensions: extensions() }));
      } finally {
        silent = false;
      }
    },
    /** [{line (1-based), message, severity: 'error'|'warning'|'info'}]; items without a line are skipped. */
    setProblems(list) {
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, list)));
    },
    /** Moves the cursor to a line (1-based), scrolls it into view and focuses the editor. */
    goToLine(n) {
      const doc = view.state.doc;
      const line = doc.line(Math.max(1, Math.min(doc.lines, Number(n) || 1)));
      view.dispatch({ selection: EditorSelection.cursor(line.from + leadingSpace(line.text).length), scrollIntoView: true });
      view.focus();
    },
    undo: () => undo(view),
    redo: () => redo(view),
    onChange(fn) {
      onChange = typeof fn === 'function' ? fn : null;
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
  return api;
}

window.SatisfyEditor = { create, version: 1 };
