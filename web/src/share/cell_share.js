// <bn-cell-share>: "Share / embed" of a cell — a link, the iframe code and the element code
// (share_codes.js), each on screen (selectable when the clipboard is not available) with a Copy
// button. Renders only; the cell hands it the cell's source and state.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';
import { shareCodes } from './share_codes.js';

export class CellShare extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    siteBase: { type: String, attribute: false },
    source: { attribute: false },
    preset: { attribute: false },
    experiment: { attribute: false },
    variants: { attribute: false },
    /** the outputs on screen (null: the source's own) */
    outputs: { attribute: false },
    _copied: { state: true },
    _open: { state: true },
  };

  constructor() {
    super();
    this.language = 'en';
    this.cellId = '';
    this.siteBase = '';
    this.source = null;
    this.preset = {};
    this.experiment = {};
    this.variants = [];
    this.outputs = null;
    this._copied = '';
    this._open = false;
  }

  createRenderRoot() { return this; }

  async #copy(kind, text) {
    try {
      await navigator.clipboard.writeText(text);
      this._copied = kind;
    } catch {
      // No clipboard here (an iframe without the permission, an insecure origin): the text is
      // on screen, selected, for the learner to copy.
      this._copied = '';
      this.querySelector(`[data-share="${kind}"]`)?.select();
    }
  }

  #row(t, kind, text) {
    const id = `${this.cellId}-share-${kind}`;
    if (text === null) {
      return html`<div class="share-row"><span class="share-label">${t(`share.${kind}`)}</span>
        <span class="share-unavailable" data-share-unavailable=${kind}>${t('share.unavailable')}</span></div>`;
    }
    const multiline = text.includes('\n');
    return html`<div class="share-row">
      <label class="share-label" for=${id}>${t(`share.${kind}`)}</label>
      ${multiline
        ? html`<textarea id=${id} class="share-code" data-share=${kind} readonly rows="6" .value=${text}></textarea>`
        : html`<input id=${id} class="share-code" data-share=${kind} readonly .value=${text}>`}
      <button type="button" class="button" data-action=${`copy-${kind}`} @click=${() => this.#copy(kind, text)}>${t('share.copy')}</button>
      ${this._copied === kind ? html`<span class="copied" role="status">${t('file.copied')}</span>` : ''}
    </div>`;
  }

  render() {
    const t = translatorFor(this.language);
    // The codes are made only while they are shown (the cell renders ~15 times a second in a run).
    const codes = this._open ? shareCodes({
      siteBase: this.siteBase, source: this.source, cellId: this.cellId, preset: this.preset,
      experiment: this.experiment, variants: this.variants, outputs: this.outputs, language: this.language,
    }) : null;
    return html`<details class="cell-share" ?open=${this._open}
      @toggle=${(event) => { this._open = event.target.open; this._copied = ''; }}>
      <summary><span class="summary-title">${t('share.heading')}</span></summary>
      ${codes === null ? '' : html`<div class="share-rows">
        ${this.#row(t, 'link', codes.link)}
        ${this.#row(t, 'iframe', codes.iframe)}
        ${this.#row(t, 'element', codes.element)}
      </div>`}
    </details>`;
  }
}

customElements.define('bn-cell-share', CellShare);
