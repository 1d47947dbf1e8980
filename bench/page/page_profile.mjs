// Where the page thread's time goes while a cell's pair trains, in Debian's Chromium: V8's
// sampling profiler (CDP Profiler, 1 ms interval) on the page target from the Run click until
// both runs end. Prints the functions with the most self time, overall and inside "busy
// stretches" (consecutive non-idle samples spanning > 50 ms, i.e. the long tasks), and the
// functions of the project's own code with the most inclusive time in those stretches.
//
//   BNLAB_VITE_ARGS="--minify false" bash scripts/build-web.sh   (readable function names)
//   node bench/page/page_profile.mjs [--cell lecture|figure1] [--steps 1500] [--top 25]
//   bash scripts/build-web.sh                                     (the minified page again)
// Figures here, never test assertions.

import { launchBrowser, desktopViewport } from '../../tests/browser/support/browser.mjs';
import { button, waitForRunsToEnd } from '../../tests/browser/support/notebook_page.mjs';
import { startSiteServer } from '../../tests/browser/support/site_server.mjs';
import { openCellReadyToRun } from './open_cell.mjs';

const words = process.argv.slice(2);
const option = (name, fallback) => {
  const index = words.indexOf(name);
  return index >= 0 && index + 1 < words.length ? words[index + 1] : fallback;
};
const cellId = option('--cell', 'lecture');
const steps = Number(option('--steps', 1500));
const top = Number(option('--top', 25));
const longTaskMicroseconds = 50_000;
const idleNames = new Set(['(idle)', '(program)', '(root)']);

const link = cellId === 'lecture'
  ? `#lecture.training.steps=${steps}&lecture.training.epochs=`
  : `#${cellId}.training.steps=${steps}`;

function frameName(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.split('/').pop().replace(/-[\w-]{8}\.js$/, '.js') : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** {selfAll, selfBusy, inclusiveBusy, busyStretches, busyMicroseconds, totalMicroseconds} */
function analyse(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = (id) => {
    const names = [];
    for (let at = id; at !== undefined; at = parent.get(at)) names.push(frameName(byId.get(at)));
    return names;
  };
  // Sample i lasts until sample i + 1.
  const times = [];
  let time = profile.startTime;
  for (const delta of profile.timeDeltas) { time += delta; times.push(time); }
  const selfAll = new Map();
  const selfBusy = new Map();
  const inclusiveBusy = new Map();
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
  const stretches = [];
  let stretch = null;
  const closeStretch = () => {
    if (stretch !== null && stretch.end - stretch.start > longTaskMicroseconds) stretches.push(stretch);
    stretch = null;
  };
  for (let index = 0; index < profile.samples.length - 1; index += 1) {
    const node = byId.get(profile.samples[index]);
    const duration = times[index + 1] - times[index];
    const name = frameName(node);
    add(selfAll, name, duration);
    if (idleNames.has(node.callFrame.functionName) && node.callFrame.functionName !== '(program)') {
      closeStretch();
      continue;
    }
    stretch ??= { start: times[index], end: times[index], samples: [] };
    stretch.end = times[index + 1];
    stretch.samples.push({ id: node.id, duration });
  }
  closeStretch();
  let busyMicroseconds = 0;
  for (const { samples } of stretches) {
    for (const { id, duration } of samples) {
      busyMicroseconds += duration;
      const stack = stackOf(id);
      add(selfBusy, stack[0], duration);
      for (const name of new Set(stack)) add(inclusiveBusy, name, duration);
    }
  }
  return {
    selfAll, selfBusy, inclusiveBusy, busyMicroseconds,
    stretches: stretches.map((one) => (one.end - one.start) / 1000).sort((a, b) => b - a),
    // The longest stretches one by one: when (s after the Run click) and their top self times.
    longest: [...stretches].sort((a, b) => (b.end - b.start) - (a.end - a.start)).slice(0, 6).map((one) => {
      const self = new Map();
      for (const { id, duration } of one.samples) add(self, stackOf(id)[0], duration);
      return {
        at: (one.start - profile.startTime) / 1e6, milliseconds: (one.end - one.start) / 1000,
        self: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`),
      };
    }),
    totalMicroseconds: times[times.length - 1] - profile.startTime,
  };
}

function printTop(title, map, total, filter = () => true) {
  console.log(`\n${title}`);
  const rows = [...map.entries()].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, microseconds] of rows) {
    console.log(`  ${(microseconds / 1000).toFixed(0).padStart(7)} ms ${(100 * microseconds / total).toFixed(1).padStart(5)} %  ${name}`);
  }
}

const server = await startSiteServer();
const browser = await launchBrowser({ viewport: desktopViewport });
try {
  const page = await browser.context.newPage();
  await openCellReadyToRun(page, `${server.url}${link}`, cellId);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  await button(page, cellId, 'run').click();
  await waitForRunsToEnd(page, cellId, 900_000);
  const { profile } = await cdp.send('Profiler.stop');
  const result = analyse(profile);
  console.log(`Page-thread profile (${cellId}, ${steps} steps each): ${(result.totalMicroseconds / 1e6).toFixed(1)} s profiled, ` +
    `${result.stretches.length} busy stretches > 50 ms (longest ${result.stretches.slice(0, 5).map((ms) => ms.toFixed(0)).join(', ')} ms), ` +
    `${(result.busyMicroseconds / 1000).toFixed(0)} ms in them`);
  console.log('\nThe longest busy stretches (s after Run: ms, top self times in ms):');
  for (const one of result.longest) console.log(`  ${one.at.toFixed(2)} s: ${one.milliseconds.toFixed(0)} ms — ${one.self.join('; ')}`);
  printTop('Self time, whole run:', result.selfAll, result.totalMicroseconds);
  printTop('Self time inside busy stretches > 50 ms:', result.selfBusy, result.busyMicroseconds || 1);
  printTop('Inclusive time inside busy stretches (functions of site code):', result.inclusiveBusy, result.busyMicroseconds || 1,
    (name) => / [\w.-]+\.js:\d+$/.test(name));
} finally {
  await browser.close();
  await server.stop();
}
