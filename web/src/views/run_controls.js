// The buttons of an experiment cell. Renders only: each button dispatches an event named after
// its action ('run-request', 'pause-request', ...) and the cell decides what happens.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';

export class RunControls extends LitElement {
  static properties = {
    language: { type: String },
    /** 'idle' | 'starting' | 'running' | 'paused' | 'stopping' */
    state: { type: String },
    /** why Run is not possible now (invalid settings), or '' */
    blockedReason: { type: String, attribute: false },
    cellId: { type: String, attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.state = 'idle';
    this.blockedReason = '';
    this.cellId = '';
  }

  createRenderRoot() { return this; }

  /** Whether Run was just pressed from the keyboard's point of view (its button is about to be disabled). */
  #moveFocusToPause = false;

  #request(action) {
    if (action === 'run') this.#moveFocusToPause = true;
    this.dispatchEvent(new CustomEvent(`${action}-request`, { bubbles: true }));
  }

  updated() {
    // A disabled button loses focus; after Run, hand it to Pause so the keyboard stays in place.
    if (!this.#moveFocusToPause || this.state === 'idle') return;
    this.#moveFocusToPause = false;
    const pause = this.querySelector('button[data-action="pause"]');
    if (pause !== null && !pause.disabled) pause.focus();
  }

  render() {
    const t = translatorFor(this.language);
    const active = this.state !== 'idle';
    const canRun = !active && this.blockedReason === '';
    const reasonId = `${this.cellId}-run-blocked`;
    return html`
      <div class="run-controls" role="group" aria-label=${t('controls.group')}>
        <button type="button" class="button primary" data-action="run" ?disabled=${!canRun}
          aria-describedby=${this.blockedReason ? reasonId : ''} @click=${() => this.#request('run')}>
          ${t('controls.run')}</button>
        <button type="button" class="button" data-action=${this.state === 'paused' ? 'resume' : 'pause'}
          ?disabled=${!['starting', 'running', 'paused'].includes(this.state)}
          @click=${() => this.#request(this.state === 'paused' ? 'resume' : 'pause')}>
          ${this.state === 'paused' ? t('controls.resume') : t('controls.pause')}</button>
        <button type="button" class="button" data-action="step" ?disabled=${this.state !== 'paused'}
          @click=${() => this.#request('step')}>${t('controls.step')}</button>
        <button type="button" class="button" data-action="stop" ?disabled=${!['starting', 'running', 'paused'].includes(this.state)}
          @click=${() => this.#request('stop')}>${t('controls.stop')}</button>
        <button type="button" class="button quiet" data-action="reset" @click=${() => this.#request('reset')}>
          ${t('controls.reset')}</button>
      </div>
      ${this.blockedReason ? html`<p class="run-blocked" id=${reasonId}>${this.blockedReason}</p>` : ''}
    `;
  }
}

customElements.define('bn-run-controls', RunControls);
