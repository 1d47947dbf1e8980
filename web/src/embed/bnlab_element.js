// <bnlab-experiment>: one bnlab experiment in somebody else's page (a course site, an LMS, a
// blog), from one <script type="module" src="https://…bnlab…/bnlab-element.js">. The script
// defines this one element and nothing else on the page's global object; everything renders in
// a Shadow DOM (the host's CSS cannot reach in, bnlab's cannot leak out); the engine, the
// workers and the datasets come from the bnlab site the script was loaded from, whatever the
// page's origin (runs/worker_bootstrap.js). Attributes and events: docs/EMBED.md.
//
// The element only wires things up: its options come from embed_options.js, its experiment
// from widget_source.js, and the cell itself is the notebook page's <bn-experiment-cell>.

import { languageCodes, pickLanguage, translatorFor } from '../i18n/translator.js';
import { describeNotice } from '../views/problem_text.js';
import { elementAttributes, readElementOptions } from './embed_options.js';
import { watchCellForHost } from './host_events.js';
import { widgetStyleSheet } from './shadow_styles.js';
import { loadWidgetSource } from './widget_source.js';

const elementName = 'bnlab-experiment';
/** the bnlab site: the folder this script was loaded from (engine/, data/, examples/ are there) */
const siteBase = new URL(/* @vite-ignore */ './', import.meta.url);
/** events of the cell that stay inside the widget (the host gets the bnlab:* events instead) */
const internalEvents = ['run-state', 'run-progress', 'experiment-change', 'experiment-validated'];

/**
 * The cell and its views, loaded with the first widget. They define their own elements (bn-*);
 * if the page already holds one of those names, or the bnlab site cannot be reached, the import
 * fails and each widget says so in its box instead of throwing into the host page.
 */
let cellModule = null;
function loadCellModule() {
  cellModule ??= import('./widget_cell.js');
  return cellModule;
}

function pageLanguage(element, requested) {
  if (requested !== null) return requested;
  const documentLanguage = (element.closest('[lang]')?.getAttribute('lang') ?? '').slice(0, 2).toLowerCase();
  return languageCodes.includes(documentLanguage) ? documentLanguage : pickLanguage(navigator.languages);
}

class BnlabExperimentElement extends HTMLElement {
  static observedAttributes = elementAttributes;

  #shadow = null;
  #root = null;
  #cell = null;
  #stopWatching = null;
  /** bumped by every (re)start, so an answer for older attributes is dropped */
  #generation = 0;
  #restartTimer = null;

  connectedCallback() {
    if (this.#shadow === null) {
      this.#shadow = this.attachShadow({ mode: 'open' });
      this.#shadow.adoptedStyleSheets = [widgetStyleSheet()];
      for (const type of internalEvents) this.#shadow.addEventListener(type, (event) => event.stopPropagation());
    }
    this.#start();
  }

  disconnectedCallback() {
    clearTimeout(this.#restartTimer);
    this.#generation += 1;
    this.#clear();
  }

  attributeChangedCallback() {
    if (!this.isConnected || this.#shadow === null) return;
    // Several attributes set one after another give one restart.
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => this.#start(), 0);
  }

  /** The <bn-experiment-cell> inside (null while loading or when the widget shows problems). */
  get cell() { return this.#cell; }

  #clear() {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#cell = null;
    this.#root?.remove();  // the cell's disconnectedCallback ends its workers
    this.#root = null;
  }

  #newRoot(options) {
    this.#clear();
    const root = document.createElement('div');
    root.className = 'bnlab-root';
    if (options.hidden.length > 0) root.dataset.hide = options.hidden.join(' ');
    if (options.hideText) root.dataset.hideText = '';
    if (options.height !== null) {
      root.dataset.height = String(options.height);
      root.style.height = `${options.height}px`;
    }
    this.#shadow.append(root);
    this.#root = root;
    return root;
  }

  #showProblems(root, problems, language) {
    const t = translatorFor(language);
    const box = document.createElement('div');
    box.className = 'widget-problems';
    box.setAttribute('role', 'alert');
    const heading = document.createElement('p');
    heading.textContent = t('embed.problemsHeading');
    const list = document.createElement('ul');
    for (const problem of problems) {
      const item = document.createElement('li');
      item.dataset.code = problem.code;
      item.textContent = describeNotice(problem, t, language);  // text only: nothing becomes markup
      list.append(item);
    }
    box.append(heading, list);
    root.replaceChildren(box);
  }

  async #start() {
    const generation = ++this.#generation;
    const { options, problems } = readElementOptions((name) => this.getAttribute(name));
    const language = pageLanguage(this, options.language);
    const root = this.#newRoot(options);
    if (problems.length > 0) {
      this.#showProblems(root, problems, language);
      return;
    }
    const loading = document.createElement('p');
    loading.className = 'widget-loading';
    loading.setAttribute('role', 'status');
    loading.textContent = translatorFor(language)('page.loading');
    root.replaceChildren(loading);
    const inline = this.querySelector(':scope > script[type="application/json"]')?.textContent ?? null;
    const loaded = await loadWidgetSource({
      url: options.src, inline, cellId: options.cell, base: new URL(document.baseURI), siteBase,
    });
    if (generation !== this.#generation) return;
    if ('problems' in loaded) {
      this.#showProblems(root, loaded.problems, language);
      return;
    }
    let createWidgetCell;
    try {
      ({ createWidgetCell } = await loadCellModule());
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = String(error?.message ?? error);
      // Chromium: the name "bn-curve-plot" has already been used…; Firefox: 'bn-curve-plot' has already been defined…
      const taken = /["']((?:bn|bnlab)-[a-z0-9-]+)["']/.exec(message);
      this.#showProblems(root, [taken === null
        ? { code: 'embed_load_failed', params: { detail: message } }
        : { code: 'embed_inner_name_taken', params: { name: taken[1] } }], language);
      return;
    }
    if (generation !== this.#generation) return;
    const { cell, problems: unusable } = createWidgetCell({
      definition: loaded.cell, options, outputs: options.outputs, source: loaded.source, language, assetBase: siteBase.href,
    });
    if (unusable.length > 0) {
      this.#showProblems(root, unusable, language);
      return;
    }
    if (cell.localName === 'bn-experiment-cell') {
      this.#stopWatching = watchCellForHost(cell, (type, detail) => {
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      });
    }
    this.#cell = cell;
    root.replaceChildren(cell);
  }
}

/**
 * Another script may already have taken the name (an older copy of this one, or something else
 * entirely). Then this copy defines nothing; each element of that name gets a visible note next
 * to it instead of a silent failure, and the page keeps working.
 */
function defineElement() {
  if (customElements.get(elementName) === undefined) {
    customElements.define(elementName, BnlabExperimentElement);
    return;
  }
  if (customElements.get(elementName) === BnlabExperimentElement) return;
  const note = () => {
    for (const element of document.querySelectorAll(elementName)) {
      if (element.previousElementSibling?.dataset?.bnlabNote === 'name-taken') continue;
      const language = pageLanguage(element, element.getAttribute('lang'));
      const message = document.createElement('p');
      message.dataset.bnlabNote = 'name-taken';
      message.setAttribute('role', 'alert');
      message.textContent = translatorFor(language)('embed.nameTaken', { name: elementName });
      element.before(message);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', note, { once: true });
  else note();
}

defineElement();
