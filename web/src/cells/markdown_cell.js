// <bn-markdown-cell>: a text cell of a notebook, in the page's language, with formulas.
// The markdown and KaTeX code loads on first use (its own chunk), so the experiment cells are
// interactive before the prose is typeset.

import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';

export class MarkdownCell extends LitElement {
  static properties = {
    language: { type: String, reflect: true },
    /** {en: markdown, ko: markdown} */
    texts: { attribute: false },
    _renderer: { state: true },
  };

  /** language -> rendered HTML, so switching back and forth does not typeset again */
  #rendered = new Map();

  constructor() {
    super();
    this.language = 'en';
    this.texts = {};
    this._renderer = null;
  }

  createRenderRoot() { return this; }

  connectedCallback() {
    super.connectedCallback();
    import('../markdown/render_markdown.js').then((module) => { this._renderer = module.renderMarkdown; });
  }

  willUpdate(changed) {
    if (changed.has('texts')) this.#rendered.clear();
  }

  #html() {
    let rendered = this.#rendered.get(this.language);
    if (rendered === undefined) {
      rendered = this._renderer(this.texts[this.language] ?? this.texts.en ?? '');
      this.#rendered.set(this.language, rendered);
    }
    return rendered;
  }

  render() {
    return html`<section class="cell markdown-cell" lang=${this.language}>
      ${this._renderer === null ? '' : unsafeHTML(this.#html())}
    </section>`;
  }
}

customElements.define('bn-markdown-cell', MarkdownCell);
