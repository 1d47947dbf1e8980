// Shared by the WebAssembly tests: where the built files are, and small experiments.
// The tests use the built, self-contained folder build/wasm (module + JavaScript API), which
// is what the page and the widgets load; scripts/build-wasm.sh makes it.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const wasmFolder = join(repositoryRoot, 'build', 'wasm');
export const wasmPath = join(wasmFolder, 'bnlab-engine.wasm');
export const nativeCliPath = join(repositoryRoot, 'build', 'native', 'bnlab');

const apiPath = join(wasmFolder, 'bnlab.mjs');
if (!existsSync(apiPath) || !existsSync(wasmPath)) {
  throw new Error(`${apiPath} or ${wasmPath} is missing: run bash scripts/build-wasm.sh first`);
}

/** The JavaScript API module (loadEngine, error classes). */
export const bnlab = await import(pathToFileURL(apiPath).href);

/** The lesson's spirals experiment (examples/spirals-compare.json), a fresh copy each call. */
export function spiralsExperiment(changes = {}) {
  const experiment = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'spirals-compare.json'), 'utf8'));
  return { ...experiment, ...changes };
}

/** A small, quick spirals run: 2-16-BN-sigmoid-16-BN-sigmoid-2, 200 samples. */
export function smallExperiment(changes = {}) {
  return {
    name: 'small-spirals',
    seed: 3,
    dataset: { kind: 'spirals', samples: 200, noise: 0.05, classes: 2 },
    split: { validation: 0.1, test: 0.2 },
    preprocessing: 'standardize',
    model: {
      layers: [
        { type: 'dense', units: 16, bias: false }, { type: 'batchnorm' }, { type: 'sigmoid' },
        { type: 'dense', units: 16, bias: false }, { type: 'batchnorm' }, { type: 'sigmoid' },
        { type: 'dense', units: 2 },
      ],
    },
    init: { scheme: 'xavier_normal' },
    loss: 'cross_entropy',
    optimizer: { type: 'sgd', learning_rate: 0.5 },
    training: { batch_size: 20, steps: 200, evaluate_every: 100, log_every: 1 },
    probes: { every: 50 },
    ...changes,
  };
}

/** Mean of a typed array's entries from `begin` to `end`. */
export function mean(values, begin = 0, end = values.length) {
  let sum = 0;
  for (let index = begin; index < end; index += 1) sum += values[index];
  return sum / (end - begin);
}
