// The page's speed, measured in Debian's Chromium (playwright-core, the browser tests' launcher
// and flags): serves build/site, runs the lecture cell's compare pair and reports
//   - time to interactive: navigation start → the lecture Run button enabled (page clock)
//   - time from the Run click to the first step of both runs (the page's progress bars)
//   - steps/s of each run in the page (its steps / Run click → run complete) against the same
//     experiment stepped by the same engine (build/wasm) in Node, one run after the other
//   - the page thread while the pair trains: longest task and number of tasks > 50 ms
//     (PerformanceObserver 'longtask'), longest gap between frames, frames/s
// The experiment Node runs is the one the page sent its workers (captured from the 'start'
// message), with the same dataset files (read from build/site, which the server serves).
//
//   bash scripts/build-wasm.sh && bash scripts/build-web.sh   (once)
//   node bench/page/page_benchmark.mjs [--steps 3000] [--repeats 1]
// Durations are figures here, never test assertions (tests/browser checks function only).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

import { launchBrowser, desktopViewport } from '../../tests/browser/support/browser.mjs';
import { button, waitForRunsToEnd } from '../../tests/browser/support/notebook_page.mjs';
import { repositoryRoot, siteFolder, startSiteServer } from '../../tests/browser/support/site_server.mjs';
import { installResponsivenessProbes, startHeartbeat, stopHeartbeat } from './responsiveness.mjs';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 && index + 1 < words.length ? Number(words[index + 1]) : fallback;
};
const steps = option('--steps', 3000);
const repeats = option('--repeats', 1);

/** Records, in the page, the first moment the lecture Run button is enabled and every 'start'
 * message the page sends a training worker (the experiment and variant it trains). */
async function installPageProbes(page) {
  await page.addInitScript(() => {
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
  });
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
      runToFirstStep: timing.firstStep - clickedAt,
      stepsPerSecond: Object.fromEntries(Object.entries(timing.doneAt)
        .map(([variant, at]) => [variant, steps / ((at - clickedAt) / 1000)])),
      responsiveness,
      starts,
    };
  } finally {
    await browser.close();
  }
}

/** The same experiments, stepped by build/wasm in Node in chunks of 100 until complete (with
 * the evaluations the experiment asks for, and the final one). */
async function measureNode(server, starts) {
  const { loadEngine } = await import(pathToFileURL(join(repositoryRoot, 'build', 'wasm', 'bnlab.mjs')).href);
  const engine = await loadEngine();
  const result = {};
  for (const start of starts) {
    for (const file of start.files ?? []) {
      // The file the server sent the page: build/site is what it serves.
      const path = decodeURIComponent(new URL(file.url, server.url).pathname);
      engine.writeFile(file.enginePath, gunzipSync(readFileSync(join(siteFolder, path))));
    }
    const run = engine.createRun(start.experiment, { variant: start.variant });
    try {
      const began = performance.now();
      while (run.step(100).status === 'training') { /* chunks of 100, as a worker steps */ }
      run.finalize();  // the final evaluation in eval mode, as the worker does before 'finished'
      result[start.variant] = run.progress().stepsDone / ((performance.now() - began) / 1000);
    } finally {
      run.delete();
    }
  }
  return result;
}

const server = await startSiteServer();
try {
  for (let repeat = 1; repeat <= repeats; repeat += 1) {
    const page = await measurePage(server);
    const node = await measureNode(server, page.starts);
    const r = page.responsiveness;
    console.log(`Page benchmark (/usr/bin/chromium, lecture compare pair, ${steps} steps each), run ${repeat}/${repeats}`);
    console.log(`  time to interactive (Run enabled)     ${page.interactive.toFixed(0)} ms`);
    console.log(`  Run click -> first step of both runs  ${page.runToFirstStep.toFixed(0)} ms`);
    for (const variant of Object.keys(page.stepsPerSecond)) {
      const inPage = page.stepsPerSecond[variant];
      const inNode = node[variant];
      console.log(`  ${variant.padEnd(18)} steps/s: page ${inPage.toFixed(0)}, Node ${inNode?.toFixed(0) ?? '–'} ` +
        `(Node / page ${inNode ? (inNode / inPage).toFixed(2) : '–'}×; page incl. start-up, evaluations; Node one run at a time)`);
    }
    console.log(`  page thread while training: longest task ${r.longestTask.toFixed(0)} ms, ${r.longTaskCount} tasks > 50 ms` +
      `${r.longTasksSupported ? '' : ' (longtask not supported!)'}, longest frame gap ${r.maximumFrameGap.toFixed(0)} ms, ` +
      `${(r.frames / (r.milliseconds / 1000)).toFixed(0)} frames/s over ${(r.milliseconds / 1000).toFixed(1)} s`);
  }
} finally {
  await server.stop();
}
