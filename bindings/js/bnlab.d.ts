// Types of the bnlab JavaScript API (bnlab.mjs). docs/API.md explains each call.

/** An experiment file (docs/EXPERIMENT_FORMAT.md) as an object, or its JSON text. */
export type Experiment = Record<string, unknown> | string;
/** A model file (docs/MODEL_FORMAT.md) as an object, or its JSON text. */
export type ModelFile = Record<string, unknown> | string;

export type SplitName = 'train' | 'validation' | 'test';
export type RunStatus = 'training' | 'complete' | 'diverged';

export interface LoadOptions {
  /** The Emscripten module; default: bnlab-engine.mjs next to bnlab.mjs. */
  moduleUrl?: string | URL;
  /** Its .wasm; default: next to the module. */
  wasmUrl?: string | URL;
  /** The .wasm bytes, if the caller already has them (then nothing is fetched or read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export interface BuildInfo {
  simd: boolean;
  exceptions: 'wasm' | 'js';
  scalar: 'float' | 'double';
}

export interface MemoryStatistics {
  /** Size of the WebAssembly memory (it grows up to 1 GB and never shrinks). */
  heapBytes: number;
  /** Bytes malloc has handed out and not taken back. */
  inUseBytes: number;
}

export interface Progress {
  stepsDone: number;
  totalSteps: number;
  stepsPerEpoch: number;
  epoch: number;
  /** Steps taken by the step() call that returned this (0 from progress() and finalize()). */
  taken: number;
  status: RunStatus;
  finalized: boolean;
  /** Why the run stopped as diverged, or null while it has not. */
  divergence: Divergence | null;
}

/** What became NaN or infinite first, checked in the order a step computes it. */
export type DivergenceCause = 'loss_not_finite' | 'buffer_not_finite' | 'gradient_not_finite' | 'parameter_not_finite';

export interface Divergence {
  /** The step that produced the non-finite value (not counted in stepsDone). */
  step: number;
  cause: DivergenceCause;
  /** The loss of the step before; null when the first step diverged. */
  lastLoss: number | null;
  /** "layers.3.running_variance" (for a gradient: its parameter's name); "" for the loss. */
  tensor: string;
  /** "diverged at step 12: layers.1.running_variance became NaN (last recorded loss 0.53 at step 11)" */
  message: string;
}

/** One evaluation; metrics that do not apply to the task are NaN. */
export interface Evaluation {
  step: number;
  split: SplitName;
  final: boolean;
  samples: number;
  loss: number;
  accuracy: number;
  mae: number;
  mse: number;
  rmse: number;
  rmsle: number;
  r2: number;
}

/** Pass `next` of one result as `from` of the next call to receive only new records. */
export interface HistoryOptions {
  from?: number;
}

export interface LossHistory {
  step: Uint32Array;
  epoch: Uint32Array;
  loss: Float64Array;
  next: number;
}

export interface EvaluationColumns {
  step: Uint32Array;
  /** 1 for the end-of-training evaluation. */
  final: Uint8Array;
  samples: Uint32Array;
  loss: Float64Array;
  accuracy: Float64Array;
  mae: Float64Array;
  mse: Float64Array;
  rmse: Float64Array;
  rmsle: Float64Array;
  r2: Float64Array;
}

export interface EvaluationHistory {
  train: EvaluationColumns;
  validation: EvaluationColumns;
  test: EvaluationColumns;
  next: number;
}

export interface ActivationProbeColumns {
  /** Index in model.layers of the activation layer whose input is watched. */
  layer: number;
  kind: string;
  /** records × percents, row-major (percents from the experiment's probes.percentiles). */
  percentiles: Float64Array;
  mean: Float64Array;
  std: Float64Array;
  /** Fraction of dead ReLU units per record; NaN unless probes.dead_units and a relu layer. */
  deadFraction: Float64Array;
}

export interface HistogramColumns {
  layer: number;
  tensor: 'activation_input' | 'batchnorm_input' | 'batchnorm_output';
  /** Fixed bins (chosen from the first reading): [lower, upper] cut into `bins` equal bins. */
  lower: number;
  upper: number;
  bins: number;
  /** records × (bins + 2), row-major: [below lower, bin 0 … bin bins−1, above upper]. */
  counts: Uint32Array;
}

export interface ProbeSetColumns {
  split: 'validation' | 'test';
  samples: number;
  /** Eval-mode readings of the first `samples` samples of the split. */
  activations: ActivationProbeColumns[];
  histograms: HistogramColumns[];
}

export interface LayerGradientColumns {
  layer: number;
  norm: Float64Array;
}

export interface BatchNormProbeColumns {
  layer: number;
  gammaMean: Float64Array;
  gammaMin: Float64Array;
  gammaMax: Float64Array;
  betaMean: Float64Array;
  betaMin: Float64Array;
  betaMax: Float64Array;
  /** Units per record in gamma/beta (0 unless probes.batchnorm_units). */
  units: number;
  /** records × units, row-major. */
  gamma: Float64Array;
  beta: Float64Array;
}

export interface ProbeHistory {
  step: Uint32Array;
  activations: ActivationProbeColumns[];
  /** Euclidean norm of each parameter's mini-batch gradient, keyed "layers.0.weight". */
  gradientNorms: Record<string, Float64Array>;
  batchNorms: BatchNormProbeColumns[];
  /** Histograms of the training batch (empty unless probes.histogram_bins). */
  histograms: HistogramColumns[];
  /** Euclidean norm of each layer's gradients together (empty unless probes.layer_gradients). */
  layerGradientNorms: LayerGradientColumns[];
  /** Eval-mode probe sets (probes.source). */
  probeSets: ProbeSetColumns[];
  next: number;
}

export interface RunningStatisticsColumns {
  layer: number;
  units: number;
  /** records × units, row-major. runningVariance is unbiased, populationVariance biased (1/n). */
  runningMean: Float64Array;
  runningVariance: Float64Array;
  populationMean: Float64Array;
  populationVariance: Float64Array;
}

export interface RunningStatisticsHistory {
  step: Uint32Array;
  layers: RunningStatisticsColumns[];
  next: number;
}

export interface ModeGapHistory {
  step: Uint32Array;
  samples: Uint32Array;
  split: SplitName[];
  evalLoss: Float64Array;
  evalAccuracy: Float64Array;
  /** Train mode, batches of training.batch_size. */
  trainLoss: Float64Array;
  trainAccuracy: Float64Array;
  /** Train mode, one sample per batch (every BatchNorm outputs β); NaN unless batch_of_one. */
  batchOfOneLoss: Float64Array;
  batchOfOneAccuracy: Float64Array;
  next: number;
}

export interface DecisionGridHistory {
  step: Uint32Array;
  /** Absent while there is no record. */
  size?: number;
  classes?: number;
  /** Ranges of the model's inputs (after preprocessing) the grid spans. */
  x?: [number, number];
  y?: [number, number];
  /** records × size × size × classes: row (y) major, then column (x), then class. */
  eval: Float32Array;
  /** Same layout, train mode; empty unless decision_grid.train_mode. */
  train: Float32Array;
  next: number;
}

export interface ConfusionHistory {
  step: Uint32Array;
  classes?: number;
  split?: SplitName;
  /** records × classes × classes, row = true class, column = predicted class. */
  matrix: Uint32Array;
  /** One array of split indices per record. */
  misclassified: Uint32Array[];
  next: number;
}

/** A sweep file (docs/SWEEP_FORMAT.md), its experiment inline. */
export interface Sweep {
  name?: string;
  description?: string;
  experiment: Record<string, unknown>;
  axes: { path: string; values: unknown[]; labels?: string[] }[];
  variants?: VariantName[];
  stable?: { split?: 'train' | 'validation' | 'test'; metric?: string; at_least?: number; at_most?: number };
  /** Which final metric the results show (default: the stable rule's, else test accuracy). */
  show?: { split?: 'train' | 'validation' | 'test'; metric?: string };
}

export interface ExpandedSweep {
  name: string;
  axes: { path: string; values: unknown[]; labels?: string[] }[];
  variants: VariantName[];
  stable?: { split: 'train' | 'validation' | 'test'; metric: string; at_least?: number; at_most?: number };
  /** The final metric results show: the file's `show`, else the stable rule's, else test accuracy. */
  show: { split: 'train' | 'validation' | 'test'; metric: string };
  /** Every cell, numbered row-major over the axes (the first changing slowest). */
  cells: { cell: number; values: Record<string, unknown>; experiment: Record<string, unknown> }[];
}

export interface SampleArrays {
  /** samples in the split */
  total: number;
  /** shape of one sample ([2] for the 2-D sets, [1, 28, 28] for MNIST) */
  sampleShape: number[];
  /** count × sample values, row-major (a copy) */
  inputs: Float32Array;
  /** one class label per sample; empty for a regression set */
  labels: Int32Array;
}

/** Run.foldBatchNorm: BN folded into the layer before it, checked in eval mode (docs/API.md). */
export interface FoldCheck {
  /** BatchNorm layers folded into the dense or conv2d layer before them. */
  folded: number;
  /** One line per BatchNorm kept, saying why (e.g. placed after the activation), in English. */
  kept: string[];
  /** The same BatchNorms as codes, for a page to word in its own language. */
  keptLayers: Array<{ layer: number; because: 'not_after_dense_or_conv2d' | 'no_running_statistics' }>;
  layersBefore: number;
  layersAfter: number;
  /** The split both networks ran on: 'test', or 'train' when there is no test split. */
  split: 'test' | 'train';
  samples: number;
  /** False when either network's outputs overflow float (then the difference is not meaningful). */
  outputsFinite: boolean;
  maxAbsOutputDifference: number;
  /** Wall time of each eval-mode pass over the samples, forward only: a figure. */
  unfoldedSeconds: number;
  foldedSeconds: number;
}

/** Run.traceBatchNorm: one BatchNorm unit on the next mini-batch (docs/API.md). */
export interface BatchNormTrace {
  /** The training step that will use this batch. */
  step: number;
  layer: number;
  unit: number;
  samples: number;
  /** Values per sample and unit: H·W for a conv channel, 1 for a dense feature. */
  positions: number;
  /** samples × positions, row-major: the unit's input, x̂, and γ·x̂ + β. */
  inputs: Float64Array;
  normalized: Float64Array;
  outputs: Float64Array;
  mean: number;
  biasedVariance: number;
  unbiasedVariance: number;
  epsilon: number;
  gamma: number;
  beta: number;
  tracksRunningStatistics: boolean;
  momentum: number;
  runningMeanBefore: number;
  runningMeanAfter: number;
  runningVarianceBefore: number;
  runningVarianceAfter: number;
  batchesTrackedBefore: number;
}

export interface TensorData {
  shape: number[];
  /** A copy, row-major. A batch counter (`…num_batches_tracked`) is a Float64Array holding one exact integer. */
  data: Float32Array | Float64Array;
}

export interface CreateRunOptions {
  /** Start from these weights instead of the seed's. */
  initialModel?: ModelFile;
  /** Which variant of the experiment to train (same initial weights in shared layers, same batch order). */
  variant?: VariantName;
}

export type VariantName =
  | 'as_written'
  | 'without_batchnorm'
  | 'batchnorm_before_activation'
  | 'batchnorm_after_activation';

export const variantNames: readonly VariantName[];

/** One problem of an experiment file (docs/ERRORS.md lists the codes and their params). */
export interface ConfigProblem {
  /** The field, e.g. "training.batch_size"; "" for the whole file. */
  path: string;
  code: string;
  params: Record<string, unknown>;
  /** The English message, starting with the path. */
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  problems: ConfigProblem[];
}

export function loadEngine(options?: LoadOptions): Promise<Engine>;

export class Engine {
  private constructor();
  readonly build: Readonly<BuildInfo>;
  /** Runs and pairs created and not yet deleted. */
  readonly liveObjects: number;
  /** True after the module aborted or trapped; every call then throws EngineAbortedError. */
  readonly aborted: boolean;
  createRun(experiment: Experiment, options?: CreateRunOptions): Run;
  createComparePair(experiment: Experiment): ComparePair;
  /** Every problem of an experiment file, without creating a run; never throws for bad input. */
  validateExperiment(experiment: Experiment): ValidationResult;
  /** The JSON Schema (draft 2020-12) of experiment files. */
  experimentSchema(): Record<string, unknown>;
  /** An activation layer's values and derivatives on a grid of x, from the engine's own layer. */
  activationCurve(layer: Record<string, unknown> | string, inputs: ArrayLike<number>): { values: Float64Array; derivatives: Float64Array };
  /** A sweep file validated and expanded: every cell's values and experiment (docs/SWEEP_FORMAT.md). */
  expandSweep(sweep: Sweep | string): ExpandedSweep;
  /** Whether a run's summary passes the sweep's `stable` rule (false when it has none). */
  sweepResultIsStable(sweep: Sweep | string, summary: Record<string, unknown>): boolean;
  /** Makes a file (e.g. an IDX dataset) visible to experiments at an absolute path. */
  writeFile(path: string, bytes: Uint8Array | ArrayBuffer): void;
  removeFile(path: string): void;
  memory(): MemoryStatistics;
}

export class Run {
  private constructor();
  readonly deleted: boolean;
  /** Hex digest of the initial dense/conv2d weights (equal across an experiment's variants). */
  initialWeightsDigest(): string;
  step(count?: number): Progress;
  progress(): Progress;
  finalize(): Progress;
  evaluate(split?: SplitName): Evaluation;
  losses(options?: HistoryOptions): LossHistory;
  evaluations(options?: HistoryOptions): EvaluationHistory;
  probes(options?: HistoryOptions): ProbeHistory;
  runningStatistics(options?: HistoryOptions): RunningStatisticsHistory;
  modeGap(options?: HistoryOptions): ModeGapHistory;
  decisionGrids(options?: HistoryOptions): DecisionGridHistory;
  confusions(options?: HistoryOptions): ConfusionHistory;
  /** Samples of one split as the run trains on them (preprocessed); `count` is clamped to what is there. */
  samples(split?: SplitName, options?: { from?: number; count?: number }): SampleArrays;
  /** The BN step-through of one unit on the next mini-batch; the run itself is unchanged. */
  traceBatchNorm(layer: number, unit: number): BatchNormTrace;
  /** BN folded into the layer before it on the current weights, checked on the test split; the run is unchanged. */
  foldBatchNorm(): FoldCheck;
  getModel(): Record<string, unknown>;
  setModel(model: ModelFile): void;
  tensors(): Record<string, TensorData>;
  /** The CLI's "start" record. */
  info(): Record<string, unknown>;
  /** The CLI's "summary" record. */
  summary(): Record<string, unknown>;
  delete(): void;
}

export class ComparePair {
  private constructor();
  readonly withBatchNorm: Run;
  readonly withoutBatchNorm: Run;
  readonly sharesInitialWeights: boolean;
  readonly deleted: boolean;
  step(count?: number): { withBatchNorm: Progress; withoutBatchNorm: Progress };
  finalize(): { withBatchNorm: Progress; withoutBatchNorm: Progress };
  delete(): void;
}

export class BnlabError extends Error {}
export class ConfigError extends BnlabError {
  /** The field, e.g. "model.layers[3].units" ("" when the whole document is wrong). */
  readonly path: string;
  /** A stable code for translations, e.g. "expected_integer". */
  readonly code: string;
  readonly params: Record<string, unknown>;
}
export class DataError extends BnlabError {}
export class ModelFileError extends BnlabError {}
export class UsageError extends BnlabError {}
export class OutOfMemoryError extends BnlabError {}
export class EngineAbortedError extends BnlabError {}
