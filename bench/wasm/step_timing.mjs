// Times the training step of an experiment in WebAssembly under Node, with the same loop as
// the native driver (bench/wasm/step_timing.cpp): Run.step(chunk) after a warm-up,
// repeated, the median reported, as wall-clock and as CPU time. Steps run inside the engine, so the time includes one
// JavaScript → wasm call per chunk, as in the web worker.
//
//   node bench/wasm/step_timing.mjs bench/networks/ioffe-mlp.json [--engine build/wasm]
//        [--warmup 200] [--steps 2000] [--repeats 5] [--chunk 100] [--without-batchnorm]
// prints one JSON line: {"target": "wasm", "simd": true, "ms_per_step": ..., ...}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseStepOptions } from '../support/step_options.mjs';

/** Wall-clock and CPU milliseconds (the process's user + system time) of `count` steps. */
function timeSteps(run, count, chunk) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let done = 0; done < count;) {
    const { taken, divergence } = run.step(Math.min(chunk, count - done));
    if (taken === 0) throw new Error(`the run stopped early: ${divergence}`);
    done += taken;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

const options = parseStepOptions(process.argv.slice(2),
  { engine: 'build/wasm', warmup: 200, steps: 2000, repeats: 5, chunk: 100 }, { '--engine': 'engine' });
const engineDirectory = pathToFileURL(`${resolve(options.engine)}/`);
const { loadEngine } = await import(new URL('bnlab.mjs', engineDirectory).href);
const engine = await loadEngine();
const experiment = JSON.parse(readFileSync(options.experimentPath, 'utf8'));
const run = engine.createRun(experiment, { variant: options.withoutBatchNorm ? 'without_batchnorm' : 'as_written' });
try {
  timeSteps(run, options.warmup, options.chunk);
  const perStep = [];
  const cpuPerStep = [];
  for (let repeat = 0; repeat < options.repeats; repeat += 1) {
    const elapsed = timeSteps(run, options.steps, options.chunk);
    perStep.push(elapsed.wall / options.steps);
    cpuPerStep.push(elapsed.cpu / options.steps);
  }
  perStep.sort((a, b) => a - b);
  cpuPerStep.sort((a, b) => a - b);
  const losses = run.losses();
  console.log(JSON.stringify({
    target: 'wasm',
    simd: engine.build.simd,
    exceptions: engine.build.exceptions,
    ms_per_step: Number(perStep[Math.floor(perStep.length / 2)].toFixed(5)),
    ms_per_step_min: Number(perStep[0].toFixed(5)),
    cpu_ms_per_step: Number(cpuPerStep[Math.floor(cpuPerStep.length / 2)].toFixed(5)),
    steps: options.steps,
    repeats: options.repeats,
    last_loss: Number(losses.loss.at(-1).toFixed(6)),
  }));
} finally {
  run.delete();
}
