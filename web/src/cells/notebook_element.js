// <bn-notebook>: the page — a header (title, language, Run all) and an ordered list of cells
// from a notebook definition (web/notebooks/*.js). It holds the page's language and reports
// every change of language or settings as 'page-state-change' {language, parameters}, which
// main.js writes to the URL; it reads nothing from `location` itself.

import { LitElement, html } from 'lit';

import { languageCodes, languages, translatorFor } from '../i18n/translator.js';
import { settingsFromParameters, settingsToParameters } from '../settings/settings_url.js';
import './experiment_cell.js';
import './markdown_cell.js';

export class NotebookElement extends LitElement {
  static properties = {
    language: { type: String, reflect: true },
    /** {title: {en, ko}, subtitle: {en, ko}, cells: [...]} (web/notebooks/lecture.js) */
    notebook: { attribute: false },
    /** URLSearchParams the cells' first settings come from */
    parameters: { attribute: false },
    _runningCells: { state: true },
    _runningAll: { state: true },
  };

  #initial = null;  // cellId -> {settings, unreadable}

  constructor() {
    super();
    this.language = 'en';
    this.notebook = { title: {}, subtitle: {}, cells: [] };
    this.parameters = new URLSearchParams();
    this._runningCells = new Set();
    this._runningAll = false;
  }

  createRenderRoot() { return this; }

  #experimentCells() {
    return [...this.querySelectorAll('bn-experiment-cell')];
  }

  #initialSettings() {
    if (this.#initial === null) {
      this.#initial = new Map(this.notebook.cells.filter((cell) => cell.type === 'experiment')
        .map((cell) => [cell.id, settingsFromParameters(this.parameters, cell.preset, cell.id)]));
    }
    return this.#initial;
  }

  #reportState() {
    const parameters = new URLSearchParams();
    parameters.set('lang', this.language);
    for (const cell of this.#experimentCells()) {
      const definition = this.notebook.cells.find((candidate) => candidate.id === cell.cellId);
      for (const [key, value] of settingsToParameters(cell.settings, definition.preset, cell.cellId)) parameters.set(key, value);
    }
    this.dispatchEvent(new CustomEvent('page-state-change', { detail: { language: this.language, parameters } }));
  }

  #setLanguage(language) {
    this.language = language;
    this.#reportState();
  }

  async #runAll() {
    this._runningAll = true;
    try {
      for (const cell of this.#experimentCells()) {
        cell.scrollIntoView({ block: 'start', behavior: 'smooth' });
        await cell.run();
      }
    } finally {
      this._runningAll = false;
    }
  }

  #onRunState(event) {
    const running = new Set(this._runningCells);
    if (event.detail.running) running.add(event.detail.cellId);
    else running.delete(event.detail.cellId);
    this._runningCells = running;
  }

  updated(changed) {
    if (changed.has('language')) {
      document.documentElement.lang = this.language;
      document.title = this.notebook.title[this.language] ?? document.title;
    }
  }

  #unreadableNotice(t) {
    const unreadable = [...this.#initialSettings()].flatMap(([cellId, { unreadable: list }]) =>
      list.map(({ name, text }) => `${cellId}.${name} = "${text}"`));
    if (unreadable.length === 0) return '';
    return html`<p class="notice" role="status">${t('page.unreadableLink', { list: unreadable.join(', ') })}</p>`;
  }

  #cell(definition) {
    if (definition.type === 'markdown') {
      return html`<bn-markdown-cell .language=${this.language} .texts=${definition.text}></bn-markdown-cell>`;
    }
    const initial = this.#initialSettings().get(definition.id);
    return html`<bn-experiment-cell cell-id=${definition.id} .language=${this.language} .texts=${definition.text}
      .preset=${definition.preset} .initialSettings=${initial.settings}
      ?settings-open=${definition.settingsOpen === true} ?warm=${definition.warm === true}></bn-experiment-cell>`;
  }

  render() {
    const t = translatorFor(this.language);
    const anyRunning = this._runningAll || this._runningCells.size > 0;
    return html`
      <header class="page-header">
        <div class="page-title">
          <h1>${this.notebook.title[this.language]}</h1>
          <p class="page-subtitle">${this.notebook.subtitle[this.language]}</p>
        </div>
        <div class="page-tools">
          <label for="page-language">${t('page.language')}</label>
          <select id="page-language" @change=${(event) => this.#setLanguage(event.target.value)}>
            ${languageCodes.map((code) => html`<option value=${code} lang=${code} ?selected=${code === this.language}>${languages[code].label}</option>`)}
          </select>
          <button type="button" class="button primary" data-action="run-all" ?disabled=${anyRunning}
            @click=${() => this.#runAll()}>${t('page.runAll')}</button>
        </div>
      </header>
      <main class="notebook" @settings-change=${() => this.#reportState()} @run-state=${(event) => this.#onRunState(event)}>
        ${this.#unreadableNotice(t)}
        ${this.notebook.cells.map((definition) => this.#cell(definition))}
      </main>
      <footer class="page-footer">
        <p>${t('page.footer')}</p>
      </footer>`;
  }
}

customElements.define('bn-notebook', NotebookElement);
