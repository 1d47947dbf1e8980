// The learner's form over a cell's experiment file: one control per lens (experiment/lenses.js)
// that applies to the file as it is. Choices and bounds come from the engine's JSON Schema;
// the engine's problems at a lens's path are shown under its control. Renders only: a change
// is dispatched as 'lens-change' {name, value} (the value exactly as typed, read as a number
// when it is one); the cell applies it to the JSON.

import { LitElement, html } from 'lit';

import { lensNamed, readLayersText, readNumberText, templateActivations } from '../experiment/lenses.js';
import { boundsAt, choicesAt } from '../experiment/schema_facts.js';
import { translatorFor } from '../i18n/translator.js';
import { describeProblem } from './problem_text.js';

const groups = ['data', 'model', 'training'];

/** Whether an engine problem's path belongs to a lens's field. */
function problemBelongs(lens, problemPath) {
  if (lens.name.startsWith('model.') && lens.schemaPath !== lens.name) return problemPath.startsWith('model.layers');
  return problemPath === lens.name || problemPath.startsWith(`${lens.name}.`) || problemPath.startsWith(`${lens.name}[`);
}

function shownValue(lens, value) {
  if (value === undefined) return '';
  if (lens.control === 'layers' && Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class ExperimentForm extends LitElement {
  static properties = {
    language: { type: String },
    cellId: { type: String, attribute: false },
    experiment: { attribute: false },
    /** the lens names this cell's form shows (the notebook block's "form"), all when null */
    lensNames: { attribute: false },
    /** the engine's problems [{path, code, params, message}] */
    problems: { attribute: false },
    /** the engine's JSON Schema of the experiment file, or null */
    schema: { attribute: false },
    disabled: { type: Boolean },
    generation: { type: Number, attribute: false },
  };

  /** lens name -> the text being typed, while the learner types it */
  #drafts = new Map();

  constructor() {
    super();
    this.language = 'en';
    this.cellId = 'cell';
    this.experiment = {};
    this.lensNames = [];
    this.problems = [];
    this.schema = null;
    this.disabled = false;
    this.generation = 0;
  }

  createRenderRoot() { return this; }

  willUpdate(changed) {
    if (changed.has('generation')) this.#drafts.clear();
  }

  #emit(name, value) {
    this.dispatchEvent(new CustomEvent('lens-change', { detail: { name, value }, bubbles: true }));
  }

  #onText(lens, text) {
    this.#drafts.set(lens.name, text);
    this.#emit(lens.name, lens.control === 'layers' ? readLayersText(text) : readNumberText(text));
  }

  #choices(lens) {
    if (lens.name === 'model.batchnorm') return ['before', 'after', 'off'];
    return this.schema === null || lens.schemaPath === null ? null : choicesAt(this.schema, lens.schemaPath);
  }

  #hint(lens, t) {
    if (lens.control !== 'integer' && lens.control !== 'number') return '';
    const bounds = this.schema === null ? {} : boundsAt(this.schema, lens.schemaPath);
    const minimum = bounds.minimum ?? bounds.exclusiveMinimum;
    if (minimum === undefined && bounds.maximum === undefined) return '';
    return t('form.bounds', {
      minimum: minimum === undefined ? '−∞' : `${bounds.exclusiveMinimum !== undefined ? '>' : '≥'} ${minimum}`,
      maximum: bounds.maximum === undefined ? '∞' : `≤ ${bounds.maximum}`,
    });
  }

  #control(lens, id, describedBy, invalid, t) {
    const value = lens.get(this.experiment);
    let choices = this.#choices(lens);
    if (lens.name === 'model.activation') {
      // The template's activations (as far as the engine's schema knows them): a list, never
      // free text, since a half-typed name would stop the layers from reading as the template.
      choices = choices === null ? [...templateActivations] : templateActivations.filter((name) => choices.includes(name));
    }
    if (choices !== null && lens.control === 'choice') {
      // A value the list does not hold is shown as it is (the engine names the problem).
      // A field the file leaves out gets the engine's default: shown as such, never as a choice.
      const options = typeof value === 'string' && !choices.includes(value) ? [value, ...choices] : choices;
      return html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
          @change=${(event) => this.#emit(lens.name, event.target.value === '' ? undefined : event.target.value)}>
        ${value === undefined ? html`<option value="" selected>${t('form.engineDefault')}</option>` : ''}
        ${options.map((choice) => html`<option value=${choice} ?selected=${choice === value}>${this.#choiceLabel(lens, choice, t)}</option>`)}
      </select>`;
    }
    const shown = this.#drafts.get(lens.name) ?? shownValue(lens, value);
    return html`<input type="text" id=${id} .value=${shown} spellcheck="false" autocomplete="off"
      inputmode=${lens.control === 'integer' ? 'numeric' : (lens.control === 'number' ? 'decimal' : 'text')}
      aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
      @input=${(event) => (lens.control === 'choice' ? this.#emit(lens.name, event.target.value.trim()) : this.#onText(lens, event.target.value))}
      @change=${() => { if (!invalid) { this.#drafts.delete(lens.name); this.requestUpdate(); } }}>`;
  }

  #choiceLabel(lens, choice, t) {
    const key = `choice.${lens.name}.${choice}`;
    return t.has(key) ? t(key) : choice;
  }

  #field(lens, t) {
    const id = `${this.cellId}-${lens.name.replace(/[^a-z0-9_]+/gi, '-')}`;
    const problems = this.problems.filter((problem) => problemBelongs(lens, problem.path));
    const hint = this.#hint(lens, t);
    const describedBy = [hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-problem` : ''].filter(Boolean).join(' ');
    return html`
      <div class="field ${problems.length > 0 ? 'has-problem' : ''}" data-lens=${lens.name}>
        <label for=${id}>${t(`lens.${lens.name}`)}</label>
        ${this.#control(lens, id, describedBy, problems.length > 0, t)}
        <small class="field-path">${lens.name.startsWith('model.') && lens.schemaPath !== lens.name ? 'model.layers' : lens.name}</small>
        ${hint ? html`<small class="hint" id=${`${id}-hint`}>${hint}</small>` : ''}
        ${problems.length > 0 ? html`<small class="problem" id=${`${id}-problem`}>${problems.map((problem) => describeProblem(problem, t, this.language)).join(' ')}</small>` : ''}
      </div>`;
  }

  render() {
    const t = translatorFor(this.language);
    const shown = (this.lensNames ?? []).map(lensNamed).filter((lens) => lens !== undefined && lens.applies(this.experiment));
    return html`
      <fieldset class="settings-form" ?disabled=${this.disabled}>
        <legend class="visually-hidden">${t('settings.legend')}</legend>
        ${groups.map((group) => {
          const fields = shown.filter((lens) => lens.group === group);
          return fields.length === 0 ? '' : html`
          <fieldset class="settings-group" data-group=${group}>
            <legend>${t(`settings.group.${group}`)}</legend>
            <div class="fields">${fields.map((lens) => this.#field(lens, t))}</div>
          </fieldset>`;
        })}
        <p class="form-note">${t('form.note')}</p>
      </fieldset>`;
  }
}

customElements.define('bn-experiment-form', ExperimentForm);
