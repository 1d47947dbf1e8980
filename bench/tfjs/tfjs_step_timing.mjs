// Times the training step of a bnlab experiment file's network in TensorFlow.js 4.22 (its
// WebAssembly backend with SIMD, one thread, in Node), with the same loop as bnlab's timing
// drivers (bench/wasm/step_timing.{mjs,cpp}): steps after a warm-up, repeated, the median
// reported, as wall-clock and as CPU time. The network is read from the same experiment file, so both sides train
// the same layers, batch size, loss (softmax cross-entropy) and optimizer (plain SGD):
//
//   dense      tf.matMul (+ bias)           conv2d     tf.conv2d, NHWC, 'same'-sized padding
//   batchnorm  tf.moments + tf.batchNorm,   relu / sigmoid / tanh   the tf.* function
//              running statistics updated   maxpool2d  tf.maxPool   flatten  tf.reshape
//
// Inputs are random batches of the right shape (a step's cost does not depend on the values);
// weights use the experiment's initializer family (normal / he_normal / xavier_normal). The
// loss value is read back every 100 steps, as bnlab records it.
//
// TensorFlow.js 4.22's wasm backend has no Conv2DBackpropFilter kernel, so the gradient of a
// convolution's filter would throw "kernel not registered". It is computed here with the
// backend's own Conv2D (the standard identity dW = conv(xᵀ, dyᵀ), input channels as the batch);
// the input gradient uses the backend's Conv2DBackpropInput as usual.
//
//   node bench/tfjs/tfjs_step_timing.mjs bench/networks/ioffe-mlp.json [--without-batchnorm]
//        [--warmup 50] [--steps 300] [--repeats 3]
// prints one JSON line: {"target": "tfjs-wasm", "simd": true, "ms_per_step": ..., ...}
// Needs `npm ci` in bench/ (bench/package.json pins the packages; nothing else uses them).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The @tensorflow/tfjs bundle rather than tfjs-core alone: tfjs-core's Node build registers no
// gradients (they come as extension-less ES modules only bundlers can load); the bundle
// registers them on the same tfjs-core instance the wasm backend uses.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { parseStepOptions } from '../support/step_options.mjs';

/** The layers bnlab's without_batch_norm variant trains: BN removed, the bias it replaced back. */
function withoutBatchNorm(layers) {
  return layers.flatMap((layer, index) => {
    if (layer.type === 'batchnorm') return [];
    const followedByBatchNorm = layers[index + 1]?.type === 'batchnorm';
    return [followedByBatchNorm && 'bias' in layer ? { ...layer, bias: true } : layer];
  });
}

/** Features per sample of the experiment's dataset, as bnlab's generators make them. */
function inputShapeOf(experiment) {
  if (experiment.model.input) return experiment.model.input;  // [C, H, W]
  const { dataset } = experiment;
  if (dataset.kind === 'blobs') return [dataset.features];
  if (dataset.kind === 'spirals' || dataset.kind === 'circles' || dataset.kind === 'moons') return [2];
  throw new Error(`tfjs_step_timing: dataset kind ${dataset.kind} is not supported here`);
}

function classesOf(experiment) {
  return experiment.dataset.classes ?? 2;
}

function initializer(scheme, std, fanIn, fanOut) {
  switch (scheme) {
    case 'normal': return std ?? 0.01;
    case 'he_normal': return Math.sqrt(2 / fanIn);
    case 'xavier_normal': return Math.sqrt(2 / (fanIn + fanOut));
    default: return Math.sqrt(1 / fanIn);  // the same scale family as pytorch_default
  }
}

/** dW of a stride-1 NHWC convolution with `padding` on each side, from the backend's Conv2D. */
function filterGradient(input, gradOutput, kernel, padding) {
  // dW[i, j, c, k] = Σ_n,h,w x[n, h+i−p, w+j−p, c]·dy[n, h, w, k]: a convolution of x with the
  // input channels as its batch and the samples as its channels, by dy as the filter.
  const inputByChannel = tf.transpose(input, [3, 1, 2, 0]);     // [C, H, W, N]
  const gradientAsFilter = tf.transpose(gradOutput, [1, 2, 0, 3]);  // [H, W, N, K]
  const paddedInput = tf.pad(inputByChannel, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
  const result = tf.conv2d(paddedInput, gradientAsFilter, 1, 'valid');  // [C, kernel, kernel, K]
  return tf.transpose(result, [1, 2, 0, 3]);                    // [kernel, kernel, C, K]
}

/** tf.conv2d (stride 1, symmetric padding) with a filter gradient the wasm backend can compute. */
function convolution(padding, kernel) {
  return tf.customGrad((input, filter, save) => {
    save([input, filter]);
    const padded = tf.pad(input, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
    return {
      value: tf.conv2d(padded, filter, 1, 'valid'),
      gradFunc: (dy, [savedInput, savedFilter]) => {
        const paddedShape = [savedInput.shape[0], savedInput.shape[1] + 2 * padding, savedInput.shape[2] + 2 * padding, savedInput.shape[3]];
        const gradPadded = tf.conv2dTranspose(dy, savedFilter, paddedShape, 1, 'valid');
        const gradInput = tf.slice(gradPadded, [0, padding, padding, 0], savedInput.shape);
        return [gradInput, filterGradient(savedInput, dy, kernel, padding)];
      },
    };
  });
}

/** Builds the network's variables and a forward function over NHWC / (N, features) batches. */
function buildNetwork(experiment, layers) {
  const scheme = experiment.init?.scheme ?? 'pytorch_default';
  const std = experiment.init?.std;
  const sampleShape = inputShapeOf(experiment);
  // TF.js convolutions are NHWC: [C, H, W] becomes [H, W, C].
  const inputShape = sampleShape.length === 3 ? [sampleShape[1], sampleShape[2], sampleShape[0]] : sampleShape;
  let shape = inputShape;
  const steps = [];
  const batchNorms = [];
  for (const layer of layers) {
    if (layer.type === 'dense') {
      const fanIn = shape.reduce((a, b) => a * b, 1);
      const weight = tf.variable(tf.randomNormal([fanIn, layer.units], 0, initializer(scheme, std, fanIn, layer.units)));
      const bias = layer.bias === false ? null : tf.variable(tf.zeros([layer.units]));
      steps.push((x) => (bias ? tf.add(tf.matMul(x, weight), bias) : tf.matMul(x, weight)));
      shape = [layer.units];
    } else if (layer.type === 'conv2d') {
      const [height, width, channels] = shape;
      const kernel = layer.kernel;
      const padding = layer.padding ?? 0;
      if ((layer.stride ?? 1) !== 1) throw new Error('tfjs_step_timing: only stride 1 convolutions');
      const fanIn = channels * kernel * kernel;
      const filter = tf.variable(tf.randomNormal([kernel, kernel, channels, layer.channels], 0,
        initializer(scheme, std, fanIn, layer.channels * kernel * kernel)));
      const bias = layer.bias === false ? null : tf.variable(tf.zeros([layer.channels]));
      const convolve = convolution(padding, kernel);
      steps.push((x) => (bias ? tf.add(convolve(x, filter), bias) : convolve(x, filter)));
      shape = [height + 2 * padding - kernel + 1, width + 2 * padding - kernel + 1, layer.channels];
    } else if (layer.type === 'batchnorm') {
      const channels = shape.at(-1);
      const axes = shape.length === 3 ? [0, 1, 2] : [0];
      const state = {
        gamma: tf.variable(tf.ones([channels])),
        beta: tf.variable(tf.zeros([channels])),
        runningMean: tf.variable(tf.zeros([channels]), false),
        runningVariance: tf.variable(tf.ones([channels]), false),
        batchMean: null,
        batchVariance: null,
        count: 0,
      };
      batchNorms.push(state);
      steps.push((x) => {
        const { mean, variance } = tf.moments(x, axes);
        state.batchMean = tf.keep(mean);
        state.batchVariance = tf.keep(variance);
        state.count = x.size / channels;
        return tf.batchNorm(x, mean, variance, state.beta, state.gamma, layer.epsilon ?? 1e-5);
      });
    } else if (layer.type === 'relu') {
      steps.push((x) => tf.relu(x));
    } else if (layer.type === 'sigmoid') {
      steps.push((x) => tf.sigmoid(x));
    } else if (layer.type === 'tanh') {
      steps.push((x) => tf.tanh(x));
    } else if (layer.type === 'maxpool2d') {
      const kernel = layer.kernel;
      const stride = layer.stride ?? kernel;
      steps.push((x) => tf.maxPool(x, kernel, stride, 'valid'));
      shape = [Math.floor((shape[0] - kernel) / stride) + 1, Math.floor((shape[1] - kernel) / stride) + 1, shape[2]];
    } else if (layer.type === 'flatten') {
      const features = shape.reduce((a, b) => a * b, 1);
      steps.push((x) => tf.reshape(x, [x.shape[0], features]));
      shape = [features];
    } else {
      throw new Error(`tfjs_step_timing: layer type ${layer.type} is not supported here`);
    }
  }
  const forward = (x) => steps.reduce((value, step) => step(value), x);
  // running = (1 − m)·running + m·batch with the unbiased variance, m = 0.1 (PyTorch's, bnlab's default).
  const updateRunningStatistics = () => {
    for (const state of batchNorms) {
      tf.tidy(() => {
        const momentum = 0.1;
        const bessel = state.count / (state.count - 1);
        state.runningMean.assign(tf.add(tf.mul(state.runningMean, 1 - momentum), tf.mul(state.batchMean, momentum)));
        state.runningVariance.assign(tf.add(tf.mul(state.runningVariance, 1 - momentum), tf.mul(state.batchVariance, momentum * bessel)));
      });
      state.batchMean.dispose();
      state.batchVariance.dispose();
    }
  };
  return { forward, updateRunningStatistics, inputShape };
}

const options = parseStepOptions(process.argv.slice(2), { warmup: 50, steps: 300, repeats: 3 });
const experiment = JSON.parse(readFileSync(options.experimentPath, 'utf8'));
const layers = options.withoutBatchNorm ? withoutBatchNorm(experiment.model.layers) : experiment.model.layers;

// The backend's .wasm files ship inside its npm package: load them from node_modules.
const require = createRequire(import.meta.url);
const wasmFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/');
setWasmPaths(wasmFolder);
setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();
const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');

tf.setSeed?.(1);
const network = buildNetwork(experiment, layers);
const batchSize = experiment.training.batch_size;
const classes = classesOf(experiment);
const optimizer = tf.train.sgd(experiment.optimizer.learning_rate);
// A few fixed batches, cycled: gathering a batch is not what is being timed.
const batches = Array.from({ length: 4 }, (_, index) => ({
  inputs: tf.randomNormal([batchSize, ...network.inputShape], 0, 1, 'float32', index + 1),
  targets: tf.cast(tf.oneHot(tf.randomUniform([batchSize], 0, classes, 'int32', index + 11), classes), 'float32'),
}));

let stepsDone = 0;
let lastLoss = NaN;
function step() {
  const batch = batches[stepsDone % batches.length];
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(batch.targets, network.forward(batch.inputs)), true);
  network.updateRunningStatistics();
  stepsDone += 1;
  if (stepsDone % 100 === 0) lastLoss = loss.dataSync()[0];
  loss.dispose();
}

/** Wall-clock and CPU milliseconds (the process's user + system time) of `count` steps. */
function timeSteps(count) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let done = 0; done < count; done += 1) step();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

timeSteps(options.warmup);
const tensorsAfterWarmup = tf.memory().numTensors;
const perStep = [];
const cpuPerStep = [];
for (let repeat = 0; repeat < options.repeats; repeat += 1) {
  const elapsed = timeSteps(options.steps);
  perStep.push(elapsed.wall / options.steps);
  cpuPerStep.push(elapsed.cpu / options.steps);
}
cpuPerStep.sort((a, b) => a - b);
if (tf.memory().numTensors !== tensorsAfterWarmup) {
  throw new Error(`tfjs_step_timing: tensors leaked (${tensorsAfterWarmup} -> ${tf.memory().numTensors})`);
}
perStep.sort((a, b) => a - b);
console.log(JSON.stringify({
  target: 'tfjs-wasm',
  backend: tf.getBackend(),
  version: tf.version_core,
  simd,
  ms_per_step: Number(perStep[Math.floor(perStep.length / 2)].toFixed(5)),
  ms_per_step_min: Number(perStep[0].toFixed(5)),
  cpu_ms_per_step: Number(cpuPerStep[Math.floor(cpuPerStep.length / 2)].toFixed(5)),
  steps: options.steps,
  repeats: options.repeats,
  last_loss: Number(lastLoss.toFixed(6)),
}));
