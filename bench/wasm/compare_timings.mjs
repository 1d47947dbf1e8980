// Runs the four timings of bench/run-ioffe-comparison.sh (which builds them first) in turns,
// several rounds, and prints a table. Rounds alternate the variants so that a busy moment of
// the machine hits all of them; each variant's best round is reported (the least disturbed).
//   node bench/wasm/compare_timings.mjs [--steps 2000] [--rounds 3]

import { execFileSync } from 'node:child_process';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 ? Number(words[index + 1]) : fallback;
};
const steps = option('--steps', 2000);
const rounds = option('--rounds', 3);
const experiment = 'bench/wasm/ioffe-mlp.json';
const common = [experiment, '--steps', String(steps), '--repeats', '3', '--warmup', '300'];

const variants = [
  { name: 'wasm SIMD (Node)', command: 'node', args: ['bench/wasm/ioffe_step_timing.mjs', ...common, '--engine', 'build/wasm'] },
  { name: 'wasm scalar (Node)', command: 'node', args: ['bench/wasm/ioffe_step_timing.mjs', ...common, '--engine', 'build/wasm-nosimd'] },
  { name: 'native -msse4.2', command: 'build/bench-sse42/ioffe_step_timing', args: common },
  { name: 'native -march=native', command: 'build/bench-native/ioffe_step_timing', args: common },
];

for (let round = 1; round <= rounds; round += 1) {
  for (const variant of variants) {
    const result = JSON.parse(execFileSync(variant.command, variant.args, { encoding: 'utf8' }));
    variant.best = Math.min(variant.best ?? Infinity, result.ms_per_step);
    variant.rounds = [...(variant.rounds ?? []), result.ms_per_step];
    variant.allocations = result.allocations_per_step;
    variant.lastLoss = result.last_loss;
  }
  process.stderr.write(`round ${round}/${rounds} done\n`);
}

const [simd, scalar, sse, native] = variants;
const pad = (text, width) => String(text).padEnd(width);
console.log(`Ioffe MLP training step (784-100-100-100-10, BN + sigmoid, batch 60), ${steps} steps × 3 repeats, best of ${rounds} rounds`);
console.log(`${pad('variant', 24)}${pad('ms/step', 10)}${pad('steps/s', 10)}rounds (median ms/step)`);
for (const variant of variants) {
  console.log(`${pad(variant.name, 24)}${pad(variant.best.toFixed(3), 10)}${pad(Math.round(1000 / variant.best), 10)}` +
    `${variant.rounds.map((value) => value.toFixed(3)).join(' ')}`);
}
const ratio = (a, b) => (a.best / b.best).toFixed(2);
console.log('');
console.log(`wasm SIMD / native sse4.2        ${ratio(simd, sse)}×   (target ≤ 1.5×)`);
console.log(`wasm SIMD / native -march=native ${ratio(simd, native)}×`);
console.log(`wasm scalar / wasm SIMD          ${ratio(scalar, simd)}×   (the SIMD speed-up)`);
console.log(`native sse4.2 / -march=native    ${ratio(sse, native)}×`);
console.log(`native operator-new calls per step: ${sse.allocations}`);
const losses = new Set(variants.map((variant) => variant.lastLoss));
console.log(`last recorded loss of each variant: ${variants.map((variant) => variant.lastLoss).join(', ')}` +
  (losses.size === 1 ? ' (identical)' : ''));
