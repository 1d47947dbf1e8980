// The learner's form over an experiment file: each control is a *lens*, a get/set pair on a
// JSON path of the experiment (docs/EXPERIMENT_FORMAT.md). A set returns a new experiment in
// which only that path changed; every field the form does not show stays as written. Lenses
// never check values: whatever the learner types goes into the JSON as typed (a number when
// it reads as one, else the text), and the engine's validator names what is wrong.

import { getAt, parsePath, setAt } from './json_path.js';

/** Text typed into a number field -> the JSON value put in the file (never a guess). */
export function readNumberText(text) {
  const trimmed = String(text).trim();
  if (trimmed === '') return undefined;  // an emptied field leaves the file (the engine's default, or its "missing")
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return trimmed;  // the engine reports "expected a number, got a string" at this path
}

function pathLens(name, group, control, { applies } = {}) {
  const segments = parsePath(name);
  return Object.freeze({
    name,
    group,
    control,
    /** the schema path its choices and bounds come from */
    schemaPath: name,
    get: (experiment) => getAt(experiment, segments),
    set: (experiment, value) => setAt(experiment, segments, value),
    applies: applies ?? (() => true),
  });
}

// --- the hidden-layer template: [dense (bn) activation (bn)] x n, then a dense output ------

/**
 * The layer types the template treats as a block's activation. Which types exist is the
 * engine's business (the schema's choice list); this list only says which of them the form
 * offers in the "activation" control.
 */
export const templateActivations = Object.freeze(['relu', 'leaky_relu', 'prelu', 'sigmoid', 'tanh', 'identity']);

/**
 * Reads model.layers as the template. Returns null when the layers are not such a stack
 * (a convolutional net, mixed activations, ...): the form then leaves them to the JSON view.
 * @returns {{blocks: Array<{dense: object, activation: object, batchnorm: object|null}>,
 *   placement: 'before'|'after'|'off', activation: string, output: object}|null}
 */
export function readLayerTemplate(experiment) {
  const layers = getAt(experiment, ['model', 'layers']);
  if (!Array.isArray(layers) || layers.length === 0) return null;
  if (layers.some((layer) => layer === null || typeof layer !== 'object' || Array.isArray(layer))) return null;
  const output = layers[layers.length - 1];
  if (output.type !== 'dense') return null;
  const blocks = [];
  const placements = new Set();
  let index = 0;
  const body = layers.slice(0, -1);
  while (index < body.length) {
    const dense = body[index];
    if (dense.type !== 'dense') return null;
    index += 1;
    let batchnorm = null;
    let placement = 'off';
    if (body[index]?.type === 'batchnorm') { batchnorm = body[index]; placement = 'before'; index += 1; }
    const activation = body[index];
    if (activation === undefined || !templateActivations.includes(activation.type)) return null;
    index += 1;
    if (batchnorm === null && body[index]?.type === 'batchnorm') { batchnorm = body[index]; placement = 'after'; index += 1; }
    blocks.push({ dense, activation, batchnorm });
    placements.add(placement);
  }
  const activations = new Set(blocks.map((block) => block.activation.type));
  if (placements.size > 1 || activations.size > 1) return null;
  return {
    blocks,
    placement: blocks.length === 0 ? 'off' : [...placements][0],
    activation: blocks.length === 0 ? 'relu' : [...activations][0],
    output,
  };
}

function writeLayerTemplate(experiment, template) {
  const layers = template.blocks.flatMap(({ dense, activation, batchnorm }) => {
    if (template.placement === 'off') return [dense, activation];
    const normalization = batchnorm ?? { type: 'batchnorm' };
    return template.placement === 'before' ? [dense, normalization, activation] : [dense, activation, normalization];
  });
  return setAt(experiment, ['model', 'layers'], [...layers, template.output]);
}

function templateLens(name, read, write) {
  return Object.freeze({
    name,
    group: 'model',
    control: name === 'model.hidden_layers' ? 'layers' : 'choice',
    schemaPath: name === 'model.activation' ? 'model.layers[0].type' : null,
    get(experiment) {
      const template = readLayerTemplate(experiment);
      return template === null ? undefined : read(template);
    },
    set(experiment, value) {
      const template = readLayerTemplate(experiment);
      if (template === null) return experiment;
      return writeLayerTemplate(experiment, write(template, value));
    },
    applies: (experiment) => readLayerTemplate(experiment) !== null,
  });
}

const hiddenLayersLens = templateLens('model.hidden_layers',
  (template) => template.blocks.map((block) => block.dense.units),
  (template, widths) => {
    const last = template.blocks[template.blocks.length - 1]
      ?? { dense: { type: 'dense' }, activation: { type: template.activation }, batchnorm: null };
    const blocks = widths.map((units, index) => {
      const block = template.blocks[index] ?? structuredClone(last);
      return { ...block, dense: { ...block.dense, units } };
    });
    return { ...template, blocks };
  });

const activationLens = templateLens('model.activation',
  (template) => template.activation,
  (template, type) => ({
    ...template,
    activation: type,
    // A new activation type starts with its own defaults: the old one's options may not apply.
    blocks: template.blocks.map((block) => ({ ...block, activation: block.activation.type === type ? block.activation : { type } })),
  }));

const placementLens = templateLens('model.batchnorm',
  (template) => template.placement,
  (template, placement) => ({ ...template, placement }));

/** Text of the hidden-layers field ("32, 32") -> the widths put in the file. */
export function readLayersText(text) {
  const parts = String(text).split(/[\s,;]+/).filter((part) => part !== '');
  return parts.map(readNumberText);
}

const hasPath = (path) => (experiment) => getAt(experiment, parsePath(path)) !== undefined;

/** Every lens, in the form's order. A notebook block's "form" names a subset. */
export const lenses = Object.freeze([
  // A new kind keeps the dataset's other options as written; the engine names any that do
  // not apply to it (they are the learner's to remove in the JSON view).
  pathLens('dataset.kind', 'data', 'choice'),
  pathLens('preprocessing', 'data', 'choice'),
  hiddenLayersLens,
  activationLens,
  placementLens,
  pathLens('init.scheme', 'model', 'choice'),
  pathLens('optimizer.type', 'training', 'choice'),
  pathLens('optimizer.learning_rate', 'training', 'number'),
  pathLens('training.batch_size', 'training', 'integer'),
  pathLens('training.steps', 'training', 'integer', { applies: (experiment) => !hasPath('training.epochs')(experiment) }),
  pathLens('training.epochs', 'training', 'integer', { applies: hasPath('training.epochs') }),
  pathLens('seed', 'training', 'integer'),
]);

export const lensNames = Object.freeze(lenses.map((lens) => lens.name));

export function lensNamed(name) {
  return lenses.find((lens) => lens.name === name);
}
