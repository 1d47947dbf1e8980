// Times the training step of the benchmark networks (bench/networks/*.json) four ways, in turns,
// and prints one table: bnlab's WebAssembly engine in Node, bnlab native built with -msse4.2
// (128-bit SIMD like wasm) and with -march=native, and TensorFlow.js 4.22's wasm backend (SIMD,
// one thread). bench/run-speed-comparison.sh builds everything first and then runs this.
//
// Each round runs every (network, target) pair once, so a busy moment of the shared machine
// hits all of them alike; a pair's figure is its best round (the least disturbed), each round
// being the median of the driver's repeats. All targets are single-threaded. The figures are
// the process's CPU time per step by default (--clock cpu): on a machine shared with other
// jobs, wall-clock time mostly measures how often the scheduler ran someone else; --clock wall
// reports wall-clock time instead (what a user waits on an idle machine).
//
//   node bench/compare.mjs [--rounds 3] [--networks ioffe,ioffe-nobn,...] [--targets wasm,tfjs,...]
//        [--clock cpu|wall] [--scale 1]   (--scale 0.2 runs a fifth of the steps: quicker, noisier)
//        [--baseline build/wasm-before]   (adds target "baseline": another wasm build, for before/after)

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 && index + 1 < words.length ? words[index + 1] : fallback;
};
const rounds = Number(option('--rounds', 3));
const scale = Number(option('--scale', 1));
const clock = option('--clock', 'cpu');
if (clock !== 'cpu' && clock !== 'wall') throw new Error('--clock: expected cpu or wall');
if (!Number.isInteger(rounds) || rounds <= 0) throw new Error('--rounds: expected a positive integer');
if (!(scale > 0)) throw new Error('--scale: expected a positive number');

// Steps per repeat, chosen so that one measurement takes about half a second to a second.
const networks = [
  { id: 'ioffe', label: 'Ioffe MLP 784-100×3-10, BN+sigmoid, b60', file: 'ioffe-mlp.json', bnlabSteps: 600, tfjsSteps: 60 },
  { id: 'ioffe-nobn', label: '  same without BN', file: 'ioffe-mlp.json', withoutBatchNorm: true, bnlabSteps: 600, tfjsSteps: 60 },
  { id: 'wide', label: 'wide MLP 784-512-512-10, BN+ReLU, b128', file: 'wide-mlp.json', bnlabSteps: 60, tfjsSteps: 8 },
  { id: 'wide-nobn', label: '  same without BN', file: 'wide-mlp.json', withoutBatchNorm: true, bnlabSteps: 60, tfjsSteps: 8 },
  { id: 'cnn', label: 'MNIST CNN (conv-BN-ReLU-pool)×2, b32', file: 'mnist-cnn.json', bnlabSteps: 100, tfjsSteps: 10 },
  { id: 'cnn-nobn', label: '  same without BN', file: 'mnist-cnn.json', withoutBatchNorm: true, bnlabSteps: 100, tfjsSteps: 10 },
  { id: 'playground', label: 'playground 2-64×3-2, BN+sigmoid, b32', file: 'playground-mlp.json', bnlabSteps: 4000, tfjsSteps: 200 },
  { id: 'playground-nobn', label: '  same without BN', file: 'playground-mlp.json', withoutBatchNorm: true, bnlabSteps: 4000, tfjsSteps: 200 },
];

const targets = [
  { id: 'wasm', label: 'bnlab wasm', command: 'node', script: ['bench/wasm/step_timing.mjs', '--engine', 'build/wasm'], tfjs: false },
  { id: 'sse42', label: 'native sse4.2', command: 'build/bench-sse42/step_timing', script: [], tfjs: false },
  { id: 'native', label: 'native -march=native', command: 'build/bench-native/step_timing', script: [], tfjs: false },
  { id: 'tfjs', label: 'TF.js 4.22 wasm', command: 'node', script: ['bench/tfjs/tfjs_step_timing.mjs'], tfjs: true },
];

// --baseline DIR adds another wasm build (e.g. a copy of build/wasm from before a change) as a
// target, so a before/after comparison alternates in the same run as everything else.
const baseline = option('--baseline', null);
if (baseline !== null) {
  targets.splice(1, 0, { id: 'baseline', label: 'wasm baseline', command: 'node', script: ['bench/wasm/step_timing.mjs', '--engine', baseline], tfjs: false });
}

const pick = (list, name) => {
  const wanted = option(name, null);
  if (wanted === null) return list;
  const ids = wanted.split(',');
  const unknown = ids.filter((id) => !list.some((item) => item.id === id));
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(', ')} (known: ${list.map((item) => item.id).join(', ')})`);
  return list.filter((item) => ids.includes(item.id));
};
const chosenNetworks = pick(networks, '--networks');
const chosenTargets = pick(targets, '--targets');

function measure(network, target) {
  const steps = Math.max(5, Math.round((target.tfjs ? network.tfjsSteps : network.bnlabSteps) * scale));
  const args = [...target.script, `bench/networks/${network.file}`, '--steps', String(steps), '--repeats', '3',
    '--warmup', String(Math.max(5, Math.round(steps / 3)))];
  if (network.withoutBatchNorm) args.push('--without-batchnorm');
  return JSON.parse(execFileSync(target.command, args, { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

const results = new Map();  // `${network}/${target}` -> {best, rounds, allocations}
for (let round = 1; round <= rounds; round += 1) {
  for (const network of chosenNetworks) {
    for (const target of chosenTargets) {
      const result = measure(network, target);
      const figure = clock === 'cpu' ? result.cpu_ms_per_step : result.ms_per_step;
      const key = `${network.id}/${target.id}`;
      const entry = results.get(key) ?? { best: Infinity, rounds: [] };
      entry.best = Math.min(entry.best, figure);
      entry.rounds.push(figure);
      if (result.allocations_per_step !== undefined) entry.allocations = result.allocations_per_step;
      if (result.simd !== undefined) entry.simd = result.simd;
      results.set(key, entry);
    }
  }
  process.stderr.write(`round ${round}/${rounds} done\n`);
}

const get = (network, target) => results.get(`${network}/${target}`)?.best;
const milliseconds = (value) => (value === undefined ? '–' : value < 1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Training step, ms of ${clock === 'cpu' ? 'CPU time' : 'wall-clock time'} (best of ${rounds} rounds, each the median of 3 repeats; 1 thread each)`);
console.log(`${cpus().length} × ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('');
const columns = chosenTargets.map((target) => target.label);
const hasTfjs = chosenTargets.some((target) => target.id === 'tfjs');
const hasWasm = chosenTargets.some((target) => target.id === 'wasm');
const hasSse = chosenTargets.some((target) => target.id === 'sse42');
const extra = [...(hasTfjs && hasWasm ? ['TF.js / wasm'] : []), ...(hasWasm && hasSse ? ['wasm / sse4.2'] : [])];
const header = `| ${pad('network', 40)} | ${[...columns, ...extra].map((column) => padLeft(column, 13)).join(' | ')} |`;
console.log(header);
console.log(`|${'-'.repeat(42)}|${[...columns, ...extra].map(() => `${'-'.repeat(14)}:`).join('|')}|`);
for (const network of chosenNetworks) {
  const cells = chosenTargets.map((target) => padLeft(milliseconds(get(network.id, target.id)), 13));
  if (hasTfjs && hasWasm) cells.push(padLeft(ratio(get(network.id, 'tfjs'), get(network.id, 'wasm')), 13));
  if (hasWasm && hasSse) cells.push(padLeft(ratio(get(network.id, 'wasm'), get(network.id, 'sse42')), 13));
  console.log(`| ${pad(network.label, 40)} | ${cells.join(' | ')} |`);
}

// What BN costs on top of the same network without it, per target.
const pairs = chosenNetworks.filter((network) => !network.withoutBatchNorm &&
  chosenNetworks.some((other) => other.id === `${network.id}-nobn`));
if (pairs.length > 0) {
  console.log('');
  console.log('BN overhead (step with BN / step without − 1):');
  for (const network of pairs) {
    const overheads = chosenTargets.map((target) => {
      const withBn = get(network.id, target.id);
      const withoutBn = get(`${network.id}-nobn`, target.id);
      return `${target.label} ${withBn && withoutBn ? `${((withBn / withoutBn - 1) * 100).toFixed(0)} %` : '–'}`;
    });
    console.log(`  ${pad(network.id, 12)} ${overheads.join(', ')}`);
  }
}
const allocations = chosenNetworks.map((network) => results.get(`${network.id}/sse42`)?.allocations)
  .filter((value) => value !== undefined);
if (allocations.length > 0) {
  console.log('');
  console.log(`operator new calls per timed step (native sse4.2), per network: ${allocations.join(', ')}`);
}
console.log('');
console.log('rounds (ms/step):');
for (const [key, entry] of results) console.log(`  ${pad(key, 28)} ${entry.rounds.map(milliseconds).join(' ')}`);
