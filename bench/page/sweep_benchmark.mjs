// A notebook's full sweep cell in Debian's Chromium, on the page's worker pool: the time from
// Run until the grid is full, the pool size, and what the grid shows (each run's final test
// accuracy or divergence step, and the highest stable value of each variant). By default the
// lecture's learning-rate sweep (examples/sweeps/learning-rate.json: 8 rates × with and
// without BN, 16 runs of the lecture network); any other sweep cell by notebook and id, e.g.
// lesson 6's batch-size sweep (examples/sweeps/small-batch.json, 24 runs).
// Durations are figures here, never test assertions.
//
//   bash scripts/build-web.sh   (once)
//   node bench/page/sweep_benchmark.mjs
//   node bench/page/sweep_benchmark.mjs notebooks/lessons.md small-batch-sweep

import { launchBrowser } from '../../tests/browser/support/browser.mjs';
import { startSiteServer } from '../../tests/browser/support/site_server.mjs';
import { runSweepUntilFull } from './open_cell.mjs';

const [notebookPath = null, cellId = 'learning-rate-sweep'] = process.argv.slice(2);
const server = await startSiteServer();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(notebookPath === null ? server.url : `${server.url}?notebook=${notebookPath}`);
  const cell = page.locator(`bn-sweep-cell[cell-id="${cellId}"]`);
  const seconds = await runSweepUntilFull(page, cellId, 3_600_000);
  const grid = await cell.locator('.sweep-grid tbody tr').evaluateAll((rows) => rows.map((row) => [
    row.querySelector('th').textContent.trim(),
    ...[...row.querySelectorAll('td')].map((entry) => `${entry.dataset.variant}=${entry.dataset.status === 'complete' ? Number(entry.dataset.value).toFixed(4) : `diverged@${entry.dataset.divergenceStep}`}${entry.dataset.stable === 'true' ? '(stable)' : ''}`),
  ].join(' ')));
  const highest = await cell.locator('.sweep-highest li').evaluateAll((items) => items.map((item) => item.textContent.replace(/\s+/g, ' ').trim()));
  const runs = await cell.locator('.sweep-grid td').count();
  console.log(JSON.stringify({
    notebook: notebookPath ?? 'notebooks/lecture.md', cell: cellId, runs,
    workers: await cell.evaluate((element) => element.poolSize), seconds: Number(seconds.toFixed(1)), grid, highest,
  }, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
