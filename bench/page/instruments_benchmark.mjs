// The page thread while cells with instrument views train, in Debian's Chromium: the Fig. 1
// cell (percentile bands, histograms, gradients, BN statistics, mode gap, confusion) and the
// playground (a decision-boundary frame every 100 steps), each a pair of workers. Reports the
// longest gap between frames, frames/s and long tasks (> 50 ms) while the pair trains, and the
// steps both runs reached. Durations are figures here, never test assertions.
//
//   bash scripts/build-web.sh   (once)
//   node bench/page/instruments_benchmark.mjs [--figure1-steps 2000] [--playground-steps 3000]
//   node bench/page/instruments_benchmark.mjs --figure1
//     the Fig. 1 pair at the preset's full length (50 000 steps, as the paper): how long the
//     pair takes from Run until both runs have ended (the target is 90 s on 2 cores)

import { launchBrowser } from '../../tests/browser/support/browser.mjs';
import { button, runProgress, waitForRunsToEnd } from '../../tests/browser/support/notebook_page.mjs';
import { startSiteServer } from '../../tests/browser/support/site_server.mjs';
import { installResponsivenessProbes, startHeartbeat, stopHeartbeat } from './responsiveness.mjs';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 && index + 1 < words.length ? Number(words[index + 1]) : fallback;
};
const fullFigure1 = words.includes('--figure1');
const steps = { figure1: option('--figure1-steps', 2000), playground: option('--playground-steps', 3000) };
const cells = fullFigure1 ? ['figure1'] : ['figure1', 'playground'];
const lengths = fullFigure1 ? '' : `#figure1.training.steps=${steps.figure1}&playground.training.steps=${steps.playground}`;

const server = await startSiteServer();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await installResponsivenessProbes(page);
  await page.goto(`${server.url}${lengths}`);
  for (const cellId of cells) {
    await button(page, cellId, 'run').waitFor();
    await page.locator(`bn-experiment-cell[cell-id="${cellId}"]`).scrollIntoViewIfNeeded();
    await startHeartbeat(page);
    await button(page, cellId, 'run').click();
    await waitForRunsToEnd(page, cellId, 1_800_000);
    const figures = await stopHeartbeat(page);
    const progress = await runProgress(page, cellId);
    console.log(JSON.stringify({
      cell: cellId,
      seconds: Number((figures.milliseconds / 1000).toFixed(1)),
      framesPerSecond: Number((figures.frames / (figures.milliseconds / 1000)).toFixed(1)),
      maximumFrameGapMilliseconds: Math.round(figures.maximumFrameGap),
      longTasks: figures.longTaskCount,
      longestTaskMilliseconds: Math.round(figures.longestTask),
      steps: Object.fromEntries(Object.entries(progress).map(([variant, state]) => [variant, state.done])),
    }));
  }
} finally {
  await browser.close();
  await server.stop();
}
