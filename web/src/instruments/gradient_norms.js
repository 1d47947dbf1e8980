// Gradients, layer by layer: the L2 norm of each layer's gradients over the steps on a log axis
// (per parameter tensor when the file does not ask for probes.layer_gradients), one panel per
// variant on one shared axis, deeper layers darker, so a deep sigmoid network's shrinking
// gradients show. Then the trajectories of every BatchNorm's mean γ and mean β.

import { LitElement, html } from 'lit';

import { translatorFor } from '../i18n/translator.js';
import '../views/curve_plot.js';
import { valueRange } from './layer_choices.js';

// Lighter to darker along the depth of the network, one hue per variant family (the variant's
// own colour is kept for the legend swatch).
const depthShades = ['#93c5fd', '#60a5fa', '#3b82f6', '#1d4ed8', '#1e3a8a', '#172554', '#0f172a'];

function shade(index, count) {
  const position = count <= 1 ? depthShades.length - 1 : Math.round((index / (count - 1)) * (depthShades.length - 1));
  return depthShades[position];
}

/** [{name, values}] of one run: per layer when recorded, else per weight tensor. */
function gradientSeries(probes, t) {
  if (!probes) return [];
  if ((probes.layerGradientNorms ?? []).length > 0) {
    return probes.layerGradientNorms.map((column) => ({ name: t('instruments.layerNamed', { layer: column.layer }), values: column.norm }));
  }
  return Object.entries(probes.gradientNorms ?? {})
    .filter(([name]) => name.endsWith('.weight'))
    .map(([name, values]) => ({ name, values }));
}

export class GradientNorms extends LitElement {
  static properties = {
    language: { type: String },
    runs: { attribute: false },
    revision: { type: Number, attribute: false },
  };

  constructor() {
    super();
    this.language = 'en';
    this.runs = [];
    this.revision = 0;
  }

  createRenderRoot() { return this; }

  render() {
    const t = translatorFor(this.language);
    const panels = this.runs.map((run) => {
      const series = gradientSeries(run.instruments?.probes, t);
      const x = run.instruments?.probes?.step ?? [];
      return {
        run,
        curves: series.map((item, index) => ({
          label: item.name, variant: run.variant, x, y: item.values,
          style: { stroke: shade(index, series.length), width: 1.5, dash: undefined },
        })),
      };
    });
    if (panels.every(({ curves }) => curves.length === 0)) return '';
    const range = valueRange(panels.flatMap(({ curves }) => curves.map((curve) => curve.y.filter((value) => value > 0))));
    const batchNormPanels = this.runs.map((run) => {
      const x = run.instruments?.probes?.step ?? [];
      const columns = run.instruments?.probes?.batchNorms ?? [];
      return {
        run,
        curves: columns.flatMap((column, index) => [
          { label: t('instruments.gammaOf', { layer: column.layer }), variant: run.variant, x, y: column.gammaMean,
            style: { stroke: shade(index, columns.length), width: 2, dash: undefined } },
          { label: t('instruments.betaOf', { layer: column.layer }), variant: run.variant, x, y: column.betaMean,
            style: { stroke: shade(index, columns.length), width: 1.5, dash: [5, 3] } },
        ]),
      };
    }).filter(({ curves }) => curves.length > 0);
    const batchNormRange = valueRange(batchNormPanels.flatMap(({ curves }) => curves.map((curve) => curve.y)));
    return html`
      <section class="instrument gradient-norms">
        <h3>${t('instruments.gradientHeading')}</h3>
        <div class="instrument-panels">
          ${panels.map(({ run, curves }) => html`
            <bn-curve-plot class="gradient-panel" data-variant=${run.variant} .language=${this.language}
              .heading=${t('instruments.gradientPanel', { run: run.label })} .xLabel=${t('plot.step')}
              .yLabel=${t('instruments.gradientAxis')} .logScale=${true} .yRange=${range}
              .curves=${curves} .revision=${this.revision}></bn-curve-plot>`)}
        </div>
        ${batchNormPanels.length > 0 ? html`
          <h4>${t('instruments.gammaBetaHeading')}</h4>
          <div class="instrument-panels">
            ${batchNormPanels.map(({ run, curves }) => html`
              <bn-curve-plot class="gamma-beta-panel" data-variant=${run.variant} .language=${this.language}
                .heading=${t('instruments.gammaBetaPanel', { run: run.label })} .xLabel=${t('plot.step')}
                .yLabel=${t('instruments.gammaBetaAxis')} .yRange=${batchNormRange}
                .curves=${curves} .revision=${this.revision}></bn-curve-plot>`)}
          </div>` : ''}
      </section>`;
  }
}

customElements.define('bn-gradient-norms', GradientNorms);
