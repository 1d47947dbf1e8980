// The "Experiment file" view of a cell: the cell's experiment as JSON in an editor, the
// engine's problems at their paths, and the file's ways in and out — download it, copy the
// `bnlab train` command line that runs the same file, open a file (picker or drag and drop).
// Renders only: an edit is dispatched as 'experiment-text' {text}, an opened file as
// 'experiment-open' {text, name}; the cell decides what they mean.

import { LitElement, html } from 'lit';

import { parsePath } from '../experiment/json_path.js';
import { translatorFor } from '../i18n/translator.js';
import { describeProblem } from './problem_text.js';

const largestFile = 1 << 20;  // an experiment file is a few kB; 1 MiB is surely something else

export class ExperimentFile extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    /** the JSON text to show (the cell's current experiment, or what the learner typed) */
    text: { type: String, attribute: false },
    /** the engine's problems [{path, code, params, message}] */
    problems: { attribute: false },
    /** the name the download gets and the command line uses */
    fileName: { type: String, attribute: false },
    /** the site path of the unchanged preset (examples/…), or '' */
    presetPath: { type: String, attribute: false },
    /** whether the text is the preset file unchanged */
    unchanged: { type: Boolean, attribute: false },
    open: { type: Boolean, reflect: true },
    disabled: { type: Boolean },
    _editorReady: { state: true },
    _copied: { state: true },
    _dragging: { state: true },
    _fileNotice: { state: true },
  };

  #editor = null;
  #loading = null;

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.text = '';
    this.problems = [];
    this.fileName = 'experiment.json';
    this.presetPath = '';
    this.unchanged = true;
    this.open = false;
    this.disabled = false;
    this._editorReady = false;
    this._copied = false;
    this._dragging = false;
    this._fileNotice = '';
  }

  createRenderRoot() { return this; }

  /** The command line that trains this file with the CLI. */
  get commandLine() {
    return `bnlab train ${this.unchanged && this.presetPath ? this.presetPath : this.fileName}`;
  }

  /** The text in the editor now (null before the editor has loaded). */
  get editorText() { return this.#editor?.text ?? null; }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#editor?.destroy();
    this.#editor = null;
    this._editorReady = false;
  }

  async #ensureEditor() {
    if (this.#editor !== null || this.#loading !== null) return;
    this.#loading = import('./json_editor.js');
    const { createJsonEditor } = await this.#loading;
    await this.updateComplete;
    const parent = this.querySelector('.json-editor');
    if (parent === null || this.#editor !== null) return;
    const t = translatorFor(this.language);
    this.#editor = createJsonEditor({
      parent,
      text: this.text,
      label: t('file.editorLabel'),
      onChange: (text) => this.dispatchEvent(new CustomEvent('experiment-text', { detail: { text }, bubbles: true })),
    });
    this._editorReady = true;
  }

  updated(changed) {
    if (this.open) this.#ensureEditor();
    if (this.#editor === null) return;
    if (changed.has('text')) this.#editor.setText(this.text);
    if (changed.has('disabled') || changed.has('_editorReady')) this.#editor.setReadOnly(this.disabled);
    if (changed.has('problems') || changed.has('text') || changed.has('_editorReady') || changed.has('language')) {
      const t = translatorFor(this.language);
      this.#editor.showProblems(this.problems.map((problem) => ({
        segments: parsePath(problem.path),
        byte: problem.code === 'json_syntax' ? problem.params?.byte : undefined,
        message: describeProblem(problem, t, this.language),
      })));
    }
  }

  #download() {
    const blob = new Blob([this.text.endsWith('\n') ? this.text : `${this.text}\n`], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = this.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  async #copyCommand() {
    try {
      await navigator.clipboard.writeText(this.commandLine);
      this._copied = true;
    } catch {
      // No clipboard (insecure origin, permission): the command stays selectable on screen.
      this._copied = false;
      const code = this.querySelector('.command-line');
      if (code !== null) window.getSelection()?.selectAllChildren(code);
    }
  }

  async #openFile(file) {
    const t = translatorFor(this.language);
    if (file === undefined || file === null) return;
    if (file.size > largestFile) {
      this._fileNotice = t('file.tooLarge', { name: file.name, size: file.size });
      return;
    }
    this._fileNotice = '';
    const text = await file.text();
    this.dispatchEvent(new CustomEvent('experiment-open', { detail: { text, name: file.name }, bubbles: true }));
  }

  #onDrop(event) {
    event.preventDefault();
    this._dragging = false;
    if (this.disabled) return;
    this.#openFile(event.dataTransfer?.files?.[0]);
  }

  render() {
    const t = translatorFor(this.language);
    const count = this.problems.length;
    return html`
      <details class="experiment-file ${this._dragging ? 'dragging' : ''}" ?open=${this.open}
        @toggle=${(event) => { this.open = event.target.open; }}
        @dragover=${(event) => { event.preventDefault(); this._dragging = true; }}
        @dragleave=${() => { this._dragging = false; }}
        @drop=${(event) => this.#onDrop(event)}>
        <summary>
          <span class="summary-title">${t('file.heading')}</span>
          <span class="file-status ${count > 0 ? 'has-problem' : ''}">${count > 0 ? t('file.problems', { count }) : t('file.valid')}</span>
        </summary>
        <div class="file-tools">
          <button type="button" class="button" data-action="download" @click=${() => this.#download()}>${t('file.download', { name: this.fileName })}</button>
          <button type="button" class="button" data-action="copy-command" @click=${() => this.#copyCommand()}>${t('file.copyCommand')}</button>
          <label class="button file-open">${t('file.open')}
            <input type="file" accept=".json,application/json" data-action="open-file" ?disabled=${this.disabled}
              @change=${(event) => { this.#openFile(event.target.files?.[0]); event.target.value = ''; }}>
          </label>
          <span class="file-drop-hint">${t('file.dropHint')}</span>
        </div>
        <p class="command"><code class="command-line">${this.commandLine}</code>
          ${this._copied ? html`<span class="copied" role="status">${t('file.copied')}</span>` : ''}</p>
        ${this._fileNotice ? html`<p class="notice" role="alert">${this._fileNotice}</p>` : ''}
        <div class="json-editor" data-ready=${this._editorReady ? 'true' : 'false'}></div>
      </details>`;
  }
}

customElements.define('bn-experiment-file', ExperimentFile);
