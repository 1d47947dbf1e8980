// The one cell a widget shows (<bnlab-experiment> or embed.html), made from a cell definition
// (widget_source.js) and the widget's options: an experiment cell, a sweep or the activation
// plots — the notebook page's own elements. The options that only an experiment cell has
// (`variants`, `steps`, `outputs`) are problems on another cell, never silently dropped.
// Importing this module defines the cells' elements (bn-*).

import '../cells/activation_cell.js';
import '../cells/experiment_cell.js';
import '../cells/sweep_cell.js';
import { withSteps } from './embed_options.js';

/**
 * @param {object} request
 * @param {object} request.definition  the cell definition
 * @param {object} request.options     the widget's options (embed_options.js)
 * @param {string[]|null} request.outputs  the experiment cell's outputs (null: the definition's)
 * @param {{kind: string, path: string}|null} request.source  where the cell is on the bnlab site (null: not there)
 * @param {string} request.language
 * @param {string} request.assetBase   the bnlab site (its engine/ and data/)
 * @param {object|null} [request.initialExperiment]  a link's state (embed.html)
 * @param {string|null} [request.initialText]  that state as text, where it must be read as written
 * @returns {{cell: HTMLElement, problems: Array<{code, params}>}}
 */
export function createWidgetCell({ definition, options, outputs, source, language, assetBase, initialExperiment = null, initialText = null }) {
  const common = { hidden: options.hidden, hideText: options.hideText };
  if (definition.type !== 'experiment') {
    const problems = ['variants', 'steps'].filter((field) => options[field] !== null)
      .concat(outputs === null ? [] : ['outputs'])
      .map((field) => ({ code: 'embed_option_not_for_cell', params: { field, cell: definition.id } }));
    const cell = document.createElement(definition.type === 'sweep' ? 'bn-sweep-cell' : 'bn-activation-cell');
    cell.setAttribute('cell-id', definition.id);
    cell.language = language;
    cell.texts = definition.texts;
    cell.assetBase = assetBase;
    if (definition.type === 'sweep') {
      cell.sweep = definition.sweep;
      cell.sweepPath = definition.sweepPath ?? '';
    } else {
      cell.layers = definition.layers;
    }
    cell.shareSource = source === null ? null : { ...source, variants: [], ...common };
    return { cell, problems };
  }
  const cell = document.createElement('bn-experiment-cell');
  cell.setAttribute('cell-id', definition.id);
  cell.language = language;
  cell.texts = definition.texts;
  cell.preset = withSteps(definition.preset, options.steps);
  cell.presetPath = options.steps === null ? (definition.presetPath ?? '') : '';
  cell.initialExperiment = initialExperiment;
  cell.initialText = initialText;
  cell.variants = options.variants ?? definition.variants;
  cell.outputs = outputs ?? definition.outputs;
  cell.form = definition.form;
  cell.assetBase = assetBase;
  cell.shareSource = source === null ? { kind: 'inline', ...common }
    : { ...source, steps: options.steps, variants: definition.variants, outputs: definition.outputs, ...common };
  return { cell, problems: [] };
}
