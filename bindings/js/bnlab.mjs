// The JavaScript API of the bnlab engine: the one module the web page, the widgets and node
// scripts use. It wraps the Embind handles of bindings/bindings.cpp in classes with one owner
// each, turns engine errors into thrown Errors, and hands records out as typed arrays.
//
//   import { loadEngine } from './bnlab.mjs';
//   const engine = await loadEngine();
//   const pair = engine.createComparePair(experiment);   // the same JSON as the CLI
//   try {
//     while (pair.step(100).withBatchNorm.status === 'training') { /* plot pair.*.losses() */ }
//     pair.finalize();
//   } finally {
//     pair.delete();
//   }
//
// docs/API.md documents every method; bnlab.d.ts types them.

import {
  BnlabError, ConfigError, DataError, EngineAbortedError, ModelFileError, OutOfMemoryError,
  UsageError, unwrap,
} from './errors.mjs';
import { toJsonText } from './experiment_json.mjs';

export {
  BnlabError, ConfigError, DataError, EngineAbortedError, ModelFileError, OutOfMemoryError, UsageError,
};

const splitNames = ['train', 'validation', 'test'];
/** The variants createRun trains (engine/training/variants.hpp). */
export const variantNames = Object.freeze([
  'as_written', 'without_batchnorm', 'batchnorm_before_activation', 'batchnorm_after_activation',
]);
const maximumStepsPerCall = 2 ** 32 - 1;

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * Loads and instantiates the WebAssembly module. In browsers and workers the .wasm is fetched
 * (streaming compile); in Node its bytes are read from disk.
 * @param {object} [options]
 * @param {string|URL} [options.moduleUrl]  the Emscripten module (default: ./bnlab-engine.mjs next to this file)
 * @param {string|URL} [options.wasmUrl]    its .wasm (default: next to the module)
 * @param {ArrayBuffer|Uint8Array} [options.wasmBinary]  the .wasm bytes, if the caller has them
 * @returns {Promise<Engine>}
 */
export async function loadEngine(options = {}) {
  const moduleUrl = new URL(options.moduleUrl ?? './bnlab-engine.mjs', import.meta.url);
  const wasmUrl = new URL(options.wasmUrl ?? moduleUrl.href.replace(/\.m?js$/, '.wasm'), import.meta.url);
  const abort = { reason: null };
  const settings = {
    locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl.href : new URL(path, moduleUrl).href),
    onAbort: (reason) => { abort.reason = String(reason ?? 'abort'); },
    print: () => {},
    printErr: (text) => { if (isNode) process.stderr.write(`bnlab: ${text}\n`); else console.warn(`bnlab: ${text}`); },
  };
  let module;
  try {
    const { default: createModule } = await import(/* @vite-ignore */ moduleUrl.href);
    if (options.wasmBinary) {
      settings.wasmBinary = options.wasmBinary;
    } else if (isNode) {
      // Emscripten 3.1.6 cannot read files from an ES module in Node; give it the bytes.
      const { readFile } = await import('node:fs/promises');
      settings.wasmBinary = await readFile(wasmUrl);
    }
    module = await createModule(settings);
  } catch (error) {
    throw new BnlabError(`could not load the engine from ${wasmUrl.href}: ${error?.message ?? error}`, { cause: error });
  }
  return new Engine(new ModuleContext(module, abort));
}

/**
 * What an engine's runs share: the module, whether it has aborted, and which owners are live.
 * Not exported: callers only see Engine, Run and ComparePair.
 */
class ModuleContext {
  constructor(module, abort) {
    this.module = module;
    this.abort = abort;
    this.live = new Set();
  }

  checkUsable() {
    if (this.abort.reason !== null) {
      throw new EngineAbortedError(`the engine aborted earlier (${this.abort.reason}); load a new one`);
    }
  }

  /**
   * Calls into the module and unwraps its outcome. A trap or abort leaves wasm memory in an
   * unknown state, so from then on every call is refused instead of computing on it.
   */
  call(action) {
    this.checkUsable();
    let outcome;
    try {
      outcome = action(this.module);
    } catch (error) {
      // Engine errors come back as outcomes, so a throw here is either a trap inside wasm
      // (RuntimeError; abort() throws one too) or call-stack exhaustion: fatal. Anything else is
      // Embind refusing an argument before entering wasm, which leaves the module intact.
      const fatal = this.abort.reason !== null ||
        error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
      if (!fatal) throw new UsageError(String(error?.message ?? error), { cause: error });
      this.abort.reason ??= String(error?.message ?? error);
      throw new EngineAbortedError(`the engine stopped: ${error?.message ?? error}; load a new one`, { cause: error });
    }
    return unwrap(outcome);
  }

  newHandle() {
    this.checkUsable();
    return new this.module.RunHandle();
  }
}

/** Counts that cross into the engine: non-negative integers, checked here to name the argument. */
function checkCount(value, what, maximum = maximumStepsPerCall) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maximum) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new UsageError(`${what}: expected an integer from 0 to ${maximum}, got ${shown}`);
  }
  return value;
}

function historyStart(options, what) {
  if (options === undefined) return 0;
  if (options === null || typeof options !== 'object') {
    throw new UsageError(`${what}: expected an options object like {from: 0}, got ${String(options)}`);
  }
  return options.from === undefined ? 0 : checkCount(options.from, `${what}: from`);
}

/** One loaded WebAssembly module. Runs created from it belong to it. */
export class Engine {
  #context;

  /** @internal use loadEngine() */
  constructor(context) {
    this.#context = context;
    /** What the module was built with: {simd, exceptions: "wasm" | "js", scalar: "float" | "double"}. */
    this.build = Object.freeze({ ...context.module.buildInfo() });
  }

  /** Runs and pairs created and not yet deleted (a leak check for callers and tests). */
  get liveObjects() { return this.#context.live.size; }

  /** Whether an abort or trap has made this engine unusable. */
  get aborted() { return this.#context.abort.reason !== null; }

  /**
   * A training run of an experiment (an object, or its JSON text: the same file as the CLI's).
   * `experiment.compare` is ignored here; createComparePair trains both variants.
   * @param {object|string} experiment
   * @param {object} [options]
   * @param {object|string} [options.initialModel]  a model file to start from instead of the seed's weights
   * @param {'as_written'|'without_batchnorm'|'batchnorm_before_activation'|'batchnorm_after_activation'} [options.variant]
   *   which variant of the experiment to train; every variant has the same initial weights in
   *   the layers they share and the same batch order (run.initialWeightsDigest() shows it)
   * @returns {Run}
   */
  createRun(experiment, options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new UsageError(`createRun: expected an options object, got ${String(options)}`);
    }
    const { initialModel, variant = 'as_written' } = options;
    if (!variantNames.includes(variant)) {
      const known = variantNames.map((name) => `"${name}"`).join(', ');
      throw new UsageError(`createRun: variant: expected one of ${known}, got ${JSON.stringify(variant) ?? String(variant)}`);
    }
    const experimentText = toJsonText(experiment, 'experiment');
    const modelText = initialModel === undefined ? '' : toJsonText(initialModel, 'initialModel');
    const handle = this.#context.newHandle();
    try {
      this.#context.call(() => handle.open(experimentText, modelText, variant));
    } catch (error) {
      handle.delete();
      throw error;
    }
    return new Run(this.#context, handle, null);
  }

  /**
   * Every problem of an experiment file (an object or its JSON text), without creating a run:
   * `{ok, problems: [{path, code, params, message}]}` (codes: docs/ERRORS.md). Never throws for
   * bad input. Problems that need the data (batch size against the training split, the
   * model's output width) are reported by createRun, as a ConfigError with the same fields.
   * @param {object|string} experiment
   */
  validateExperiment(experiment) {
    let experimentText;
    try {
      experimentText = toJsonText(experiment, 'experiment');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const problem = { path: error.path, code: error.code, params: error.params, message: error.message };
      return { ok: false, problems: [problem] };
    }
    // Through call(), so that a trap inside the engine is reported like any other.
    const problemsText = this.#context.call((module) => ({ ok: true, value: module.validateExperiment(experimentText) }));
    const problems = JSON.parse(problemsText);
    return { ok: problems.length === 0, problems };
  }

  /**
   * A sweep file validated and expanded by the engine: every cell's values and experiment file,
   * numbered as `bnlab sweep` numbers them (docs/SWEEP_FORMAT.md). Throws a ConfigError at the
   * sweep's field (`axes[0].values[3]`, `experiment.optimizer.type`, …).
   * @param {object|string} sweep  its `experiment` inline (an object), not a path
   */
  expandSweep(sweep) {
    const sweepText = toJsonText(sweep, 'sweep');
    return JSON.parse(this.#context.call((module) => module.expandSweep(sweepText)));
  }

  /**
   * Whether a run's summary (`run.summary()`) passes the sweep's `stable` rule (false without
   * one): the page marks "the highest rate that still trains" by the engine's rule.
   */
  sweepResultIsStable(sweep, summary) {
    const sweepText = toJsonText(sweep, 'sweep');
    const summaryText = toJsonText(summary, 'summary');
    return this.#context.call((module) => module.sweepResultIsStable(sweepText, summaryText));
  }

  /**
   * An activation layer's curve, computed by the engine's own layer: its forward pass and its
   * backward pass (from an upstream gradient of 1) at every x. `layer` is one model.layers entry
   * (`{type: 'prelu', initial_alpha: 0.25}`); a ConfigError at its field for an entry the parser
   * refuses, a UsageError for a layer that is not an element-wise activation or a bad grid.
   * @param {object|string} layer
   * @param {ArrayLike<number>} inputs
   * @returns {{values: Float64Array, derivatives: Float64Array}}
   */
  activationCurve(layer, inputs) {
    const layerText = toJsonText(layer, 'layer');
    const inputsText = JSON.stringify(Array.from(inputs ?? [], Number));
    const curve = JSON.parse(this.#context.call((module) => module.activationCurve(layerText, inputsText)));
    return { values: Float64Array.from(curve.values), derivatives: Float64Array.from(curve.derivatives) };
  }

  /** The JSON Schema (draft 2020-12) of experiment files, from the engine's own tables. */
  experimentSchema() {
    return JSON.parse(this.#context.call((module) => ({ ok: true, value: module.experimentSchema() })));
  }

  /**
   * The with/without-BatchNorm pair of an experiment: same data, same initial weights of every
   * common layer, same mini-batch order.
   * @param {object|string} experiment
   * @returns {ComparePair}
   */
  createComparePair(experiment) {
    const experimentText = toJsonText(experiment, 'experiment');
    const handles = [];
    try {
      handles.push(this.#context.newHandle(), this.#context.newHandle());
      const [withHandle, withoutHandle] = handles;
      const shares = this.#context.call((module) => module.RunHandle.openPair(experimentText, withHandle, withoutHandle));
      return new ComparePair(this.#context, withHandle, withoutHandle, shares);
    } catch (error) {
      for (const handle of handles) handle.delete();
      throw error;
    }
  }

  /**
   * Makes a file (e.g. a dataset in IDX format) visible to experiments at an absolute `path`
   * of the engine's in-memory file system, e.g. "/data/mnist/train-images.idx".
   * @param {string} path
   * @param {Uint8Array|ArrayBuffer} bytes
   */
  writeFile(path, bytes) {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new UsageError(`writeFile: expected an absolute path like "/data/x.idx", got ${String(path)}`);
    }
    const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    if (!(data instanceof Uint8Array)) throw new UsageError('writeFile: expected a Uint8Array or ArrayBuffer');
    this.#context.checkUsable();
    const { FS } = this.#context.module;
    if (path.includes('\0')) throw new UsageError('writeFile: a path cannot contain a NUL character');
    const folder = path.slice(0, path.lastIndexOf('/'));
    try {
      if (folder) FS.mkdirTree(folder);
      FS.writeFile(path, data);
    } catch (error) {
      // Emscripten's FS throws its own ErrnoError (e.g. for a folder such as "/tmp").
      if (error instanceof BnlabError) throw error;
      const reason = error?.code ?? (Number.isInteger(error?.errno) ? `errno ${error.errno}` : String(error?.message ?? error));
      throw new UsageError(`writeFile: cannot write a file at ${path} (${reason})`);
    }
  }

  /** Removes a file written with writeFile (frees its memory). */
  removeFile(path) {
    this.#context.checkUsable();
    try {
      this.#context.module.FS.unlink(path);
    } catch {
      throw new UsageError(`removeFile: no file at ${String(path)}`);
    }
  }

  /** The wasm heap: its size (it grows, never shrinks) and the bytes malloc has handed out. */
  memory() {
    return this.#context.module.heapStatistics();
  }
}

function progressOf(context, raw) {
  const { RunStatus } = context.module;
  return {
    stepsDone: raw.stepsDone,
    totalSteps: raw.totalSteps,
    stepsPerEpoch: raw.stepsPerEpoch,
    epoch: raw.epoch,
    taken: raw.taken,
    status: raw.status === RunStatus.training ? 'training' : raw.status === RunStatus.complete ? 'complete' : 'diverged',
    finalized: raw.finalized,
    divergence: raw.divergenceMessage === '' ? null : {
      step: raw.divergenceStep,
      cause: raw.divergenceCause,
      lastLoss: Number.isFinite(raw.divergenceLastLoss) ? raw.divergenceLastLoss : null,
      tensor: raw.divergenceTensor,
      message: raw.divergenceMessage,
    },
  };
}

function splitCode(context, split, what) {
  const { SplitName } = context.module;
  // A Map, not an object literal: "__proto__", "constructor" or "toString" must not find a member.
  const code = new Map([['train', SplitName.train], ['validation', SplitName.validation], ['test', SplitName.test]]).get(split);
  if (code === undefined) {
    throw new UsageError(`${what}: expected "train", "validation" or "test", got ${JSON.stringify(split) ?? String(split)}`);
  }
  return code;
}

/** Splits flat evaluation columns (one entry per record) into one set of columns per split. */
function groupBySplit(columns) {
  const grouped = {};
  splitNames.forEach((name, code) => {
    const indices = [];
    columns.split.forEach((split, index) => { if (split === code) indices.push(index); });
    const pick = (array) => array.constructor.from(indices, (index) => array[index]);
    grouped[name] = {
      step: pick(columns.step), final: pick(columns.final), samples: pick(columns.samples),
      loss: pick(columns.loss), accuracy: pick(columns.accuracy), mae: pick(columns.mae), mse: pick(columns.mse),
      rmse: pick(columns.rmse), rmsle: pick(columns.rmsle), r2: pick(columns.r2),
    };
  });
  return grouped;
}

/** One training run. Delete it when done (or delete the ComparePair it belongs to). */
export class Run {
  #context;
  #handle;
  #pair;

  /** @internal use Engine.createRun or Engine.createComparePair */
  constructor(context, handle, pair) {
    this.#context = context;
    this.#handle = handle;
    this.#pair = pair;
    if (pair === null) context.live.add(this);
  }

  #call(name, method) {
    if (this.#handle === null) throw new UsageError(`${name}: this run was deleted`);
    return this.#context.call(() => method(this.#handle));
  }

  /** True once delete() has run. */
  get deleted() { return this.#handle === null; }

  /**
   * A hex digest of this run's initial dense/conv2d weights, the layers every variant of an
   * experiment shares: equal digests show two variants started from the same weights.
   */
  initialWeightsDigest() {
    return this.#call('initialWeightsDigest', (handle) => handle.initialWeightsDigest());
  }

  /**
   * Takes up to `count` training steps (fewer when the run completes or diverges).
   * @param {number} [count=1]
   */
  step(count = 1) {
    checkCount(count, 'step: count');
    return progressOf(this.#context, this.#call('step', (handle) => handle.step(count)));
  }

  /** Where the run is: steps done and total, epoch, status, divergence message. */
  progress() {
    return progressOf(this.#context, this.#call('progress', (handle) => handle.progress()));
  }

  /** Ends training: population statistics if the experiment asks, then a final evaluation of every split. */
  finalize() {
    return progressOf(this.#context, this.#call('finalize', (handle) => handle.finalize()));
  }

  /**
   * Evaluates the current weights on one split in eval mode (not recorded).
   * @param {'train'|'validation'|'test'} [split='test']
   */
  evaluate(split = 'test') {
    const code = splitCode(this.#context, split, 'evaluate');
    const record = this.#call('evaluate', (handle) => handle.evaluate(code));
    return { ...record, split: splitNames[record.split.value] };
  }

  /**
   * Training-loss records from record index `from` on: {step, epoch: Uint32Array, loss: Float64Array, next}.
   * Pass `next` as `from` to the next call to receive only new records.
   */
  losses(options) {
    const from = historyStart(options, 'losses');
    const columns = this.#call('losses', (handle) => handle.losses(from));
    return { ...columns, next: from + columns.step.length };
  }

  /** Evaluation records from index `from` on, grouped by split: {train, validation, test, next}. */
  evaluations(options) {
    const from = historyStart(options, 'evaluations');
    const columns = this.#call('evaluations', (handle) => handle.evaluations(from));
    return { ...groupBySplit(columns), next: from + columns.step.length };
  }

  /** Probe records from index `from` on (see docs/API.md for the columns). */
  probes(options) {
    const from = historyStart(options, 'probes');
    const columns = this.#call('probes', (handle) => handle.probes(from));
    const probeSets = columns.probeSets.map((set) => ({ ...set, split: splitNames[set.split] }));
    return { ...columns, probeSets, next: from + columns.step.length };
  }

  /** BatchNorm running statistics next to population statistics, from record `from` on (docs/API.md). */
  runningStatistics(options) {
    const from = historyStart(options, 'runningStatistics');
    const columns = this.#call('runningStatistics', (handle) => handle.runningStatistics(from));
    return { ...columns, next: from + columns.step.length };
  }

  /** Train-mode vs eval-mode evaluations of the same model, from record `from` on (docs/API.md). */
  modeGap(options) {
    const from = historyStart(options, 'modeGap');
    const columns = this.#call('modeGap', (handle) => handle.modeGaps(from));
    return { ...columns, split: Array.from(columns.split, (code) => splitNames[code]), next: from + columns.step.length };
  }

  /** Decision-grid frames (class probabilities on a grid of 2-D inputs), from record `from` on (docs/API.md). */
  decisionGrids(options) {
    const from = historyStart(options, 'decisionGrids');
    const columns = this.#call('decisionGrids', (handle) => handle.decisionGrids(from));
    return { ...columns, next: from + columns.step.length };
  }

  /** Confusion matrices and misclassified sample indices, from record `from` on (docs/API.md). */
  confusions(options) {
    const from = historyStart(options, 'confusions');
    const columns = this.#call('confusions', (handle) => handle.confusions(from));
    const split = columns.split === undefined ? undefined : splitNames[columns.split];
    return { ...columns, split, next: from + columns.step.length };
  }

  /**
   * Samples of one split as the run trains on them (preprocessing applied), for drawing them:
   * {total, sampleShape, inputs: Float32Array (count × sample values), labels: Int32Array}.
   * @param {'train'|'validation'|'test'} [split='train']
   * @param {{from?: number, count?: number}} [options]  first sample (0) and how many (all)
   */
  samples(split = 'train', options) {
    const code = splitCode(this.#context, split, 'samples');
    const from = historyStart(options, 'samples');
    const count = options?.count === undefined ? 4294967295 : checkCount(options.count, 'samples: count', 4294967295);
    return this.#call('samples', (handle) => handle.samples(code, from, count));
  }

  /**
   * The BN step-through: what batchnorm layer `layer` does to unit `unit` on the mini-batch
   * the next step will train on — the values, μ_B, σ²_B, x̂, γ·x̂ + β, the running estimates
   * before and after — computed on a copy of the network (the run is unchanged; `step(1)`
   * then trains exactly that batch). docs/API.md.
   */
  traceBatchNorm(layer, unit) {
    const layerIndex = checkCount(layer, 'traceBatchNorm: layer', 4294967295);
    const unitIndex = checkCount(unit, 'traceBatchNorm: unit', 4294967295);
    return this.#call('traceBatchNorm', (handle) => handle.traceBatchNorm(layerIndex, unitIndex));
  }

  /**
   * Folds every BatchNorm that directly follows a dense or conv2d layer into it, on the current
   * weights, and checks the folded network against the run's on the test split (or train) in
   * eval mode: how many were folded or kept (and why), the layer counts, the largest output
   * difference and each pass's wall time (a figure). The run is unchanged. docs/API.md.
   */
  foldBatchNorm() {
    return JSON.parse(this.#call('foldBatchNorm', (handle) => handle.foldBatchNorm()));
  }

  /** The model file (docs/MODEL_FORMAT.md) of the current weights, as an object. */
  getModel() {
    return JSON.parse(this.#call('getModel', (handle) => handle.modelText()));
  }

  /**
   * Replaces every parameter and BatchNorm buffer with a model file's (object or JSON text).
   * The file must hold exactly this network's tensors, with the same shapes; a refused file
   * changes nothing. The optimizer's state (momentum, Adam moments) is kept.
   */
  setModel(model) {
    if (this.#handle === null) throw new UsageError('setModel: this run was deleted');
    const text = toJsonText(model, 'model');
    this.#call('setModel', (handle) => handle.loadModel(text));
  }

  /** Every parameter and buffer as {shape, data: Float32Array}, keyed "layers.0.weight". */
  tensors() {
    return this.#call('tensors', (handle) => handle.tensors());
  }

  /** The CLI's start record: experiment name, seed, total steps, parameter count, samples per split. */
  info() {
    return JSON.parse(this.#call('info', (handle) => handle.startText()));
  }

  /** The CLI's summary record: status, steps and the final metrics of every split. */
  summary() {
    return JSON.parse(this.#call('summary', (handle) => handle.summaryText()));
  }

  /** Frees the run (a second call does nothing). Runs of a ComparePair are freed with the pair. */
  delete() {
    if (this.#pair !== null) {
      throw new UsageError('delete: this run belongs to a ComparePair; delete the pair instead');
    }
    this.dispose();
  }

  /** @internal frees the handle; ComparePair.delete calls it for its runs */
  dispose() {
    if (this.#handle === null) return;
    this.#handle.delete();
    this.#handle = null;
    if (this.#pair === null) this.#context.live.delete(this);
  }
}

/** The with/without-BatchNorm runs of one experiment. Deleting the pair deletes both runs. */
export class ComparePair {
  #context;

  /** @internal use Engine.createComparePair */
  constructor(context, withHandle, withoutHandle, sharesInitialWeights) {
    this.#context = context;
    /** The experiment as written (with its batchnorm layers). @type {Run} */
    this.withBatchNorm = new Run(context, withHandle, this);
    /** The same model without batchnorm layers. @type {Run} */
    this.withoutBatchNorm = new Run(context, withoutHandle, this);
    /** Whether both started from identical weights in every common layer (always expected). */
    this.sharesInitialWeights = sharesInitialWeights;
    context.live.add(this);
  }

  /** True once delete() has run. */
  get deleted() { return this.withBatchNorm.deleted; }

  /** Steps both runs by up to `count` steps each. */
  step(count = 1) {
    checkCount(count, 'step: count');
    return { withBatchNorm: this.withBatchNorm.step(count), withoutBatchNorm: this.withoutBatchNorm.step(count) };
  }

  /** Finalizes both runs. */
  finalize() {
    return { withBatchNorm: this.withBatchNorm.finalize(), withoutBatchNorm: this.withoutBatchNorm.finalize() };
  }

  /** Frees both runs (a second call does nothing). */
  delete() {
    if (this.deleted) return;
    this.withBatchNorm.dispose();
    this.withoutBatchNorm.dispose();
    this.#context.live.delete(this);
  }
}

// `using run = engine.createRun(...)` where the runtime supports explicit resource management.
if (typeof Symbol.dispose === 'symbol') {
  Run.prototype[Symbol.dispose] = Run.prototype.delete;
  ComparePair.prototype[Symbol.dispose] = ComparePair.prototype.delete;
}
