// The JSON editor of the "Experiment file" view: CodeMirror 6 with its JSON language, and the
// engine's problems drawn at their field paths. A path ("model.layers[3].units") is found in
// the text through the JSON syntax tree, so a problem marks the value it is about. Loaded
// on first use (its own chunk): the page does not pay for the editor until it is opened.

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, ensureSyntaxTree, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';

const valueNodes = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

function childValues(node) {
  const values = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (valueNodes.has(child.type.name)) values.push(child);
  }
  return values;
}

function propertyNamed(objectNode, name, state) {
  for (let child = objectNode.firstChild; child !== null; child = child.nextSibling) {
    if (child.type.name !== 'Property') continue;
    const nameNode = child.getChild('PropertyName');
    if (nameNode === null) continue;
    let text = state.doc.sliceString(nameNode.from, nameNode.to);
    try { text = JSON.parse(text); } catch { /* a broken key: compare as written */ }
    if (text === name) return child;
  }
  return null;
}

/**
 * The text range of the value at `segments` (['model', 'layers', 3, 'units']); for a path
 * that ends at a key, the whole "key": value. Where the path stops existing (a missing
 * field), the range of the last part that exists. Null when the text has no JSON value.
 * @returns {{from: number, to: number}|null}
 */
export function rangeOfPath(state, segments) {
  const tree = ensureSyntaxTree(state, state.doc.length, 500) ?? syntaxTree(state);
  let node = childValues(tree.topNode)[0] ?? null;
  if (node === null) return null;
  let range = { from: node.from, to: node.to };
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (node.type.name !== 'Array') break;
      const item = childValues(node)[segment];
      if (item === undefined) break;
      node = item;
      range = { from: item.from, to: item.to };
    } else {
      if (node.type.name !== 'Object') break;
      const property = propertyNamed(node, segment, state);
      if (property === null) break;
      range = { from: property.from, to: property.to };
      const value = childValues(property)[0];
      if (value === undefined) break;
      node = value;
    }
  }
  return range;
}

/** A UTF-8 byte offset (the engine's json_syntax "byte") -> a position in the text. */
function positionOfByte(text, byte) {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (bytes >= byte) return index;
    bytes += encoder.encode(text[index]).length;
  }
  return text.length;
}

/**
 * @param {{parent: HTMLElement, text: string, label: string, onChange: (text: string) => void}} options
 */
export function createJsonEditor({ parent, text, label, onChange }) {
  const readOnly = new Compartment();
  let quiet = false;  // a change made by setText is not the learner's edit
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        readOnly.of(EditorState.readOnly.of(false)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !quiet) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    get text() { return view.state.doc.toString(); },
    setText(newText) {
      if (newText === view.state.doc.toString()) return;
      quiet = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: newText } });
      quiet = false;
    },
    setReadOnly(value) {
      view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(value)) });
    },
    /** Marks every problem at its path: [{path segments or null, byte?, message}]. */
    showProblems(problems) {
      const { state } = view;
      const length = state.doc.length;
      const diagnostics = problems.map((problem) => {
        let range = null;
        if (typeof problem.byte === 'number') {
          const at = Math.min(positionOfByte(state.doc.toString(), problem.byte), length);
          range = { from: Math.max(0, Math.min(at, length - 1)), to: Math.min(length, at + 1) };
        } else if (problem.segments !== null) {
          range = rangeOfPath(state, problem.segments);
        }
        range ??= { from: 0, to: Math.min(1, length) };
        return { from: range.from, to: Math.max(range.from, range.to), severity: 'error', message: problem.message };
      });
      view.dispatch(setDiagnostics(state, diagnostics));
    },
    destroy() { view.destroy(); },
  };
}
