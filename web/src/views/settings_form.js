// The controls of an experiment cell, generated from the settings table: one labelled control
// per setting that applies, its problem (if any) right under it. Renders only: a change is
// dispatched as 'setting-change' {name, value}, text that does not read as its type as
// 'setting-unreadable' {name, problem}; the cell owns the settings.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';
import { datasetCatalog } from '../settings/dataset_catalog.js';
import { settingApplies, settingsTable } from '../settings/settings_table.js';
import { describeProblem } from './problem_text.js';

const groups = ['data', 'model', 'training'];

export class SettingsForm extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    settings: { attribute: false },
    /** name -> {code, params} */
    problems: { attribute: false },
    disabled: { type: Boolean },
    /** changes when the cell resets: every half-typed text is dropped */
    generation: { type: Number, attribute: false },
  };

  /** name -> the text being typed, kept while it differs from the value's own spelling. */
  #drafts = new Map();

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.settings = {};
    this.problems = {};
    this.disabled = false;
    this.generation = 0;
  }

  createRenderRoot() { return this; }

  willUpdate(changed) {
    if (changed.has('generation')) this.#drafts.clear();
    if (!changed.has('settings')) return;
    // A value set from outside (reset, a dataset switch) replaces what was being typed.
    for (const [name, text] of this.#drafts) {
      const entry = settingsTable.find((candidate) => candidate.name === name);
      const read = entry.type.parse(text, { choices: entry.choices });
      if ('value' in read && JSON.stringify(read.value) !== JSON.stringify(this.settings[name])) this.#drafts.delete(name);
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  #onText(entry, text) {
    this.#drafts.set(entry.name, text);
    const read = entry.type.parse(text, { choices: entry.choices });
    if ('value' in read) this.#emit('setting-change', { name: entry.name, value: read.value });
    else this.#emit('setting-unreadable', { name: entry.name, problem: read.problem });
  }

  #hint(entry, t) {
    const { settings } = this;
    const facts = datasetCatalog[settings.dataset];
    switch (entry.name) {
      case 'trainSamples':
        return facts?.family === 'images' ? t('hint.trainSamplesImages', { available: facts.trainAvailable }) : t('hint.trainSamplesGenerated');
      case 'testSamples':
        return facts?.family === 'images' ? t('hint.testSamplesImages', { available: facts.testAvailable }) : '';
      case 'steps': {
        const perEpoch = Math.ceil(settings.trainSamples / settings.batchSize);
        if (!(perEpoch > 0) || !Number.isFinite(perEpoch)) return '';
        return t('hint.steps', { perEpoch, epochs: (settings.steps / perEpoch).toFixed(1) });
      }
      case 'batchNorm':
      case 'compare':
      case 'hiddenLayers':
      case 'initStd':
      case 'learningRate':
        return t(`hint.${entry.name}`);
      default:
        return '';
    }
  }

  #control(entry, id, describedBy, invalid, t) {
    const value = this.settings[entry.name];
    if (entry.type.name === 'choice') {
      return html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
          @change=${(event) => this.#emit('setting-change', { name: entry.name, value: event.target.value })}>
        ${entry.choices.map((choice) => html`<option value=${choice} ?selected=${choice === value}>${t(`choice.${entry.name}.${choice}`)}</option>`)}
      </select>`;
    }
    if (entry.type.name === 'boolean') {
      return html`<input type="checkbox" id=${id} .checked=${value === true} aria-describedby=${describedBy}
        aria-invalid=${invalid ? 'true' : 'false'}
        @change=${(event) => this.#emit('setting-change', { name: entry.name, value: event.target.checked })}>`;
    }
    const shown = this.#drafts.get(entry.name) ?? (entry.type.display ?? entry.type.format)(value ?? '');
    return html`<input type="text" id=${id} .value=${shown} spellcheck="false" autocomplete="off"
      inputmode=${entry.type.name === 'integer' ? 'numeric' : (entry.type.name === 'number' ? 'decimal' : 'text')}
      aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
      @input=${(event) => this.#onText(entry, event.target.value)}
      @change=${() => { if (!this.problems[entry.name]) { this.#drafts.delete(entry.name); this.requestUpdate(); } }}>`;
  }

  #field(entry, t) {
    const id = `${this.cellId}-${entry.name}`;
    const problem = this.problems[entry.name];
    const hint = this.#hint(entry, t);
    const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
    const checkbox = entry.type.name === 'boolean';
    return html`
      <div class="field ${checkbox ? 'field-checkbox' : ''} ${problem ? 'has-problem' : ''}" data-setting=${entry.name}>
        ${checkbox
          ? html`${this.#control(entry, id, describedBy, Boolean(problem), t)}<label for=${id}>${t(`setting.${entry.name}`)}</label>`
          : html`<label for=${id}>${t(`setting.${entry.name}`)}</label>${this.#control(entry, id, describedBy, Boolean(problem), t)}`}
        ${hint ? html`<small class="hint" id=${`${id}-hint`}>${hint}</small>` : ''}
        ${problem ? html`<small class="problem" id=${`${id}-problem`}>${describeProblem(problem, t, this.language)}</small>` : ''}
      </div>`;
  }

  render() {
    const t = translatorFor(this.language);
    return html`
      <fieldset class="settings-form" ?disabled=${this.disabled}>
        <legend class="visually-hidden">${t('settings.legend')}</legend>
        ${groups.map((group) => html`
          <fieldset class="settings-group" data-group=${group}>
            <legend>${t(`settings.group.${group}`)}</legend>
            <div class="fields">
              ${settingsTable.filter((entry) => entry.group === group && settingApplies(entry.name, this.settings))
                .map((entry) => this.#field(entry, t))}
            </div>
          </fieldset>`)}
      </fieldset>`;
  }
}

customElements.define('bn-settings-form', SettingsForm);
