// The page's speed, measured in Debian's Chromium (playwright-core, the browser tests' launcher
// and flags): serves build/site, runs the lecture cell's compare pair and reports
//   - time to interactive: navigation start → the lecture Run button enabled (page clock)
//   - time from the Run click to the first step of both runs (the page's progress bars)
//   - steps/s of each run in the page, first step → run complete (and Run click → complete),
//     against the same experiments stepped by the same engine (build/wasm) in Node the way the
//     page trained them: interleaved in one thread when the page used one worker (≤ 2 cores),
//     one after the other when it used one worker per run (each on its own core)
//   - the evaluations' share of that, from Node: the same runs with evaluate_every = 0
//   - the page thread while the pair trains: longest task and number of tasks > 50 ms
//     (PerformanceObserver 'longtask'), longest gap between frames, frames/s
//   - with --figure1: the Fig. 1 cell's pair (50 000 steps each, every instrument view drawn),
//     Run click → both complete, and the page thread meanwhile
// The experiment Node runs is the one the page sent its workers (captured from the 'start'
// message), with the same dataset files (read from build/site, which the server serves).
// Page and Node alternate: page, Node, page, Node... for --repeats.
//
//   bash scripts/build-wasm.sh && bash scripts/build-web.sh   (once)
//   node bench/page/page_benchmark.mjs [--steps 3000] [--repeats 1] [--cores N] [--figure1 [--figure1-steps 50000]]
// --cores N makes the page see navigator.hardwareConcurrency = N (N > 2: one worker per run).
// Durations are figures here, never test assertions (tests/browser checks function only).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

import { launchBrowser, desktopViewport } from '../../tests/browser/support/browser.mjs';
import { button, runProgress, waitForRunsToEnd } from '../../tests/browser/support/notebook_page.mjs';
import { repositoryRoot, siteFolder, startSiteServer } from '../../tests/browser/support/site_server.mjs';
import { installResponsivenessProbes, startHeartbeat, stopHeartbeat } from './responsiveness.mjs';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 && index + 1 < words.length ? Number(words[index + 1]) : fallback;
};
const steps = option('--steps', 3000);
const repeats = option('--repeats', 1);
const cores = option('--cores', null);
const figure1 = words.includes('--figure1');
const figure1Steps = option('--figure1-steps', 50000);
/** how long Node steps one run before it switches to the other (a worker's chunk, about) */
const nodeChunkMilliseconds = 20;

/** Records, in the page, the first moment the lecture Run button is enabled and every 'start'
 * message the page sends a training worker (the experiment and variant it trains). */
async function installPageProbes(page) {
  await page.addInitScript((coreCount) => {
    if (coreCount !== null) Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => coreCount });
    // The workers that were sent a run to train (the page's other cells warm workers of their own).
    const trainingWorkers = new Set();
    Object.defineProperty(window, 'bnlabTrainingWorkers', { get: () => trainingWorkers.size });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function countStart(message, ...rest) {
      if (message?.type === 'start') trainingWorkers.add(this);
      return post.call(this, message, ...rest);
    };
    window.bnlabStartMessages = [];
    const postMessage = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function capture(message, ...rest) {
      if (message?.type === 'start') {
        window.bnlabStartMessages.push({ at: performance.now(), experiment: message.experiment, variant: message.variant, files: message.files });
      }
      return postMessage.call(this, message, ...rest);
    };
    const poll = () => {
      const run = document.querySelector('bn-experiment-cell[cell-id="lecture"] button[data-action="run"]');
      if (run && !run.disabled) window.bnlabInteractiveAt = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, cores);
}

async function measurePage(server) {
  const browser = await launchBrowser({ viewport: desktopViewport });
  try {
    const page = await browser.context.newPage();
    await installResponsivenessProbes(page);
    await installPageProbes(page);
    await page.goto(`${server.url}#lecture.training.steps=${steps}&lecture.training.epochs=`, { waitUntil: 'load' });
    await button(page, 'lecture', 'run').waitFor();
    await page.waitForFunction(() => window.bnlabInteractiveAt !== undefined, null, { polling: 'raf' });
    const interactive = await page.evaluate(() => window.bnlabInteractiveAt);
    // Let the idle warm-up (engine and MNIST loaded by the workers before the first Run) finish,
    // as a learner reading the introduction would.
    await page.waitForLoadState('networkidle');

    await startHeartbeat(page);
    const clickedAt = await page.evaluate(() => {
      const run = document.querySelector('bn-experiment-cell[cell-id="lecture"] button[data-action="run"]');
      const at = performance.now();
      run.click();
      return at;
    });
    await page.waitForFunction(() => {
      const bars = [...document.querySelectorAll('bn-experiment-cell[cell-id="lecture"] .run-progress progress')];
      if (bars.length === 2 && bars.every((bar) => bar.value >= 1)) window.bnlabFirstStepAt ??= performance.now();
      return window.bnlabFirstStepAt !== undefined;
    }, null, { polling: 'raf' });
    const workersAtFirstStep = await page.evaluate(() => window.bnlabTrainingWorkers);
    await page.evaluate(() => {
      // Each run's completion time, as the page shows it (its status attribute).
      window.bnlabDoneAt = {};
      const watch = () => {
        for (const run of document.querySelectorAll('bn-experiment-cell[cell-id="lecture"] .run-progress')) {
          if (run.dataset.status === 'complete') window.bnlabDoneAt[run.dataset.variant] ??= performance.now();
        }
        if (Object.keys(window.bnlabDoneAt).length < 2) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await waitForRunsToEnd(page, 'lecture', 600_000);
    await page.waitForFunction(() => Object.keys(window.bnlabDoneAt).length === 2, null, { polling: 'raf' });
    const responsiveness = await stopHeartbeat(page);
    const timing = await page.evaluate(() => ({
      firstStep: window.bnlabFirstStepAt,
      doneAt: window.bnlabDoneAt,
      starts: window.bnlabStartMessages,
    }));
    const starts = timing.starts.filter((start) => start.at >= clickedAt);
    return {
      interactive,
      workers: workersAtFirstStep,
      hardwareConcurrency: await page.evaluate(() => navigator.hardwareConcurrency),
      runToFirstStep: timing.firstStep - clickedAt,
      stepsPerSecond: Object.fromEntries(Object.entries(timing.doneAt)
        .map(([variant, at]) => [variant, steps / ((at - timing.firstStep) / 1000)])),
      stepsPerSecondFromClick: Object.fromEntries(Object.entries(timing.doneAt)
        .map(([variant, at]) => [variant, steps / ((at - clickedAt) / 1000)])),
      responsiveness,
      starts,
    };
  } finally {
    await browser.close();
  }
}

let nodeEngine = null;

/** The engine of build/wasm in Node, with the dataset files the page's runs read. */
async function nodeEngineFor(server, starts) {
  if (nodeEngine === null) {
    const { loadEngine } = await import(pathToFileURL(join(repositoryRoot, 'build', 'wasm', 'bnlab.mjs')).href);
    nodeEngine = await loadEngine();
  }
  for (const start of starts) {
    for (const file of start.files ?? []) {
      // The file the server sent the page: build/site is what it serves.
      const path = decodeURIComponent(new URL(file.url, server.url).pathname);
      nodeEngine.writeFile(file.enginePath, gunzipSync(readFileSync(join(siteFolder, path))));
    }
  }
  return nodeEngine;
}

/**
 * The same experiments stepped by build/wasm in Node until complete, with the evaluations the
 * experiment asks for and the final one: `interleaved` steps the runs in turns of about a
 * worker's chunk (as one worker trains a pair), else one run after the other. Returns each
 * run's steps/s while it was stepping (its own time only, as a worker reports it) and, for the
 * interleaved pair, steps/s against the wall time of the whole pair.
 * `withoutEvaluations`: evaluate_every = 0 (only the final evaluation).
 */
async function measureNode(server, starts, { interleaved, withoutEvaluations = false }) {
  const engine = await nodeEngineFor(server, starts);
  const runs = starts.map((start) => {
    const experiment = structuredClone(start.experiment);
    if (withoutEvaluations) experiment.training.evaluate_every = 0;
    return { variant: start.variant, run: engine.createRun(experiment, { variant: start.variant }), milliseconds: 0, chunk: 1 };
  });
  const stepOnce = (entry, count) => {
    const began = performance.now();
    const progress = entry.run.step(count);
    const elapsed = performance.now() - began;
    entry.milliseconds += elapsed;
    // Chunks of ~20 ms, sized from the last one, as the worker's ChunkSizer does.
    if (progress.taken > 0) entry.chunk = Math.max(1, Math.round(nodeChunkMilliseconds / (elapsed / progress.taken)));
    return progress.status === 'training';
  };
  const finalize = (entry) => {
    const began = performance.now();
    entry.run.finalize();  // the final evaluation in eval mode, as the worker does before 'finished'
    entry.milliseconds += performance.now() - began;
  };
  const wallBegan = performance.now();
  try {
    if (interleaved) {
      let training = [...runs];
      while (training.length > 0) {
        // One chunk size for both, as the worker's group shares one (lockstep).
        const count = Math.min(...training.map((entry) => entry.chunk));
        training = training.filter((entry) => stepOnce(entry, count) || (finalize(entry), false));
      }
    } else {
      for (const entry of runs) {
        while (stepOnce(entry, entry.chunk)) { /* chunks of ~20 ms */ }
        finalize(entry);
      }
    }
    const wallSeconds = (performance.now() - wallBegan) / 1000;
    return Object.fromEntries(runs.map((entry) => {
      const done = entry.run.progress().stepsDone;
      return [entry.variant, { alone: done / (entry.milliseconds / 1000), wall: done / (interleaved ? wallSeconds : entry.milliseconds / 1000) }];
    }));
  } finally {
    for (const entry of runs) entry.run.delete();
  }
}

/**
 * The Fig. 1 cell's pair, `figure1Steps` each, with every instrument view: total time, and the
 * page thread's long tasks meanwhile (Long Tasks observer). Nothing here asks the page for
 * frames: a requestAnimationFrame heartbeat, or waiting with rAF polling, makes the page draw
 * 60 frames a second that a learner's page does not draw, and on 2 cores that CPU comes out of
 * training (the heartbeat's pass of 2026-12-07 took 96.0 s where this one took less). The
 * status is polled once a second instead, and frame gaps are not measured in this pass.
 */
async function measureFigure1(server) {
  const browser = await launchBrowser({ viewport: desktopViewport });
  try {
    const page = await browser.context.newPage();
    await installResponsivenessProbes(page);
    await installPageProbes(page);
    await page.goto(`${server.url}#figure1.training.steps=${figure1Steps}`, { waitUntil: 'load' });
    await button(page, 'figure1', 'run').waitFor();
    await page.locator('bn-experiment-cell[cell-id="figure1"]').scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    const pageBegan = await page.evaluate(() => performance.now());
    const began = performance.now();
    await button(page, 'figure1', 'run').click();
    await waitForRunsToEnd(page, 'figure1', 1_800_000, 1000);
    const seconds = (performance.now() - began) / 1000;
    const responsiveness = await page.evaluate((from) => {
      const tasks = window.bnlabTestProbe.longTasks.filter((task) => task.start >= from);
      return { longTaskCount: tasks.length, longestTask: tasks.reduce((longest, task) => Math.max(longest, task.duration), 0), longTasksSupported: !window.bnlabTestProbe.longTasksUnsupported };
    }, pageBegan);
    const progress = await runProgress(page, 'figure1');
    const { workers, starts } = await page.evaluate(() => ({ workers: window.bnlabTrainingWorkers, starts: window.bnlabStartMessages.length }));
    return { seconds, responsiveness, progress, workers, starts };
  } finally {
    await browser.close();
  }
}

function describeResponsiveness(r) {
  return `longest task ${r.longestTask.toFixed(0)} ms, ${r.longTaskCount} tasks > 50 ms` +
    `${r.longTasksSupported ? '' : ' (longtask not supported!)'}, longest frame gap ${r.maximumFrameGap.toFixed(0)} ms, ` +
    `${(r.frames / (r.milliseconds / 1000)).toFixed(0)} frames/s over ${(r.milliseconds / 1000).toFixed(1)} s`;
}

const server = await startSiteServer();
try {
  for (let repeat = 1; repeat <= repeats; repeat += 1) {
    const page = await measurePage(server);
    const interleaved = page.workers === 1;
    const node = await measureNode(server, page.starts, { interleaved });
    const nodeTrainingOnly = await measureNode(server, page.starts, { interleaved, withoutEvaluations: true });
    const r = page.responsiveness;
    console.log(`Page benchmark (/usr/bin/chromium, lecture compare pair, ${steps} steps each), run ${repeat}/${repeats}`);
    console.log(`  navigator.hardwareConcurrency ${page.hardwareConcurrency}: ${page.workers} training worker(s)` +
      `${interleaved ? ' (the pair interleaved in one)' : ''}`);
    console.log(`  time to interactive (Run enabled)     ${page.interactive.toFixed(0)} ms`);
    console.log(`  Run click -> first step of both runs  ${page.runToFirstStep.toFixed(0)} ms`);
    for (const variant of Object.keys(page.stepsPerSecond)) {
      const inPage = page.stepsPerSecond[variant];
      const inNode = node[variant]?.wall;
      console.log(`  ${variant.padEnd(18)} steps/s: page ${inPage.toFixed(0)} (first step -> complete; ` +
        `${page.stepsPerSecondFromClick[variant].toFixed(0)} from the click), Node ${inNode?.toFixed(0) ?? '–'} ` +
        `${interleaved ? 'interleaved as the page' : 'alone'} (Node / page ${inNode ? (inNode / inPage).toFixed(2) : '–'}×); ` +
        `Node on its own ${node[variant]?.alone.toFixed(0) ?? '–'}/s, without evaluations ${nodeTrainingOnly[variant]?.alone.toFixed(0) ?? '–'}/s ` +
        `(evaluations ${node[variant] ? (100 * (1 - node[variant].alone / nodeTrainingOnly[variant].alone)).toFixed(0) : '–'} % of the time)`);
    }
    console.log(`  page thread while training: ${describeResponsiveness(r)}`);
  }
  if (figure1) {
    const result = await measureFigure1(server);
    const steps = Object.entries(result.progress).map(([variant, state]) => `${variant} ${state.done}/${state.total} ${state.status}`).join(', ');
    console.log(`Fig. 1 pair (${figure1Steps} steps each, ${result.starts} runs started in ${result.workers} worker(s)): Run click -> both complete ${result.seconds.toFixed(1)} s (${steps})`);
    const r = result.responsiveness;
    console.log(`  page thread meanwhile: longest task ${r.longestTask.toFixed(0)} ms, ${r.longTaskCount} tasks > 50 ms` +
      `${r.longTasksSupported ? '' : ' (longtask not supported!)'} (status polled once a second, no frame heartbeat)`);
  }
} finally {
  await server.stop();
}
