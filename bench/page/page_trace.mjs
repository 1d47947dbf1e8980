// What the page thread's long tasks are made of, in Debian's Chromium: a CDP trace
// (devtools.timeline categories) from the Run click until both runs of a cell end. For every
// top-level task on the page's main thread over 50 ms it reports wall time against CPU time
// (a task that is long in wall time but short in CPU time waited for a core: the workers had
// them), and sums the events inside long tasks by name (script, style, layout, paint, message
// deserialization...).
//
//   node bench/page/page_trace.mjs [--cell lecture|figure1] [--steps 1500] [--workers N] [--detail 5]
// --detail N also takes the N longest tasks apart one by one.
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
const detailed = Number(option('--detail', 0));
const longMicroseconds = 50_000;
const topLevelNames = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

const link = cellId === 'lecture'
  ? `#lecture.training.steps=${steps}&lecture.training.epochs=`
  : `#${cellId}.training.steps=${steps}`;

async function traceRun() {
  const server = await startSiteServer();
  const browser = await launchBrowser({ viewport: desktopViewport });
  try {
    const page = await browser.context.newPage();
    await openCellReadyToRun(page, `${server.url}${link}`, cellId);
    const cdp = await browser.context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'] },
    });
    await button(page, cellId, 'run').click();
    // Polled once a second: rAF polling runs a callback every frame, and Chromium then makes
    // and commits a frame ~50 times a second that a learner's page would not make.
    await waitForRunsToEnd(page, cellId, 900_000, 1000);
    await cdp.send('Tracing.end');
    await complete;
    return events;
  } finally {
    await browser.close();
    await server.stop();
  }
}

const events = await traceRun();
const names = events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
// The page's renderer: the main thread with the most complete events.
const counts = new Map();
for (const event of events) {
  if (event.ph !== 'X') continue;
  for (const thread of names) {
    if (thread.pid === event.pid && thread.tid === event.tid) counts.set(thread, (counts.get(thread) ?? 0) + 1);
  }
}
const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
if (main === undefined) throw new Error('no CrRendererMain thread in the trace');
const mainEvents = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X').sort((a, b) => a.ts - b.ts);
// Top-level tasks only: a RunTask nested in another (two names for one task) is skipped.
const tasks = [];
for (const event of mainEvents) {
  if (!topLevelNames.has(event.name)) continue;
  const last = tasks[tasks.length - 1];
  if (last !== undefined && event.ts < last.ts + last.dur) continue;
  tasks.push(event);
}
const longTasks = tasks.filter((task) => task.dur > longMicroseconds);
const first = tasks[0]?.ts ?? 0;
// The whole page thread's share of a core over the run: what it takes from the workers.
const span = tasks.length > 0 ? tasks[tasks.length - 1].ts + tasks[tasks.length - 1].dur - first : 0;
const allCpu = tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0);
console.log(`Trace (${cellId}, ${steps} steps each): ${tasks.length} page-thread tasks, ${longTasks.length} over 50 ms`);
console.log(`  page thread over the run: ${(allCpu / 1e6).toFixed(1)} s CPU in ${(span / 1e6).toFixed(1)} s (${(100 * allCpu / Math.max(span, 1)).toFixed(0)} % of a core)`);
console.log('  longest tasks: start (s after Run), wall ms / CPU ms');
for (const task of [...longTasks].sort((a, b) => b.dur - a.dur).slice(0, 10)) {
  console.log(`    ${((task.ts - first) / 1e6).toFixed(2)} s  ${(task.dur / 1000).toFixed(0)} / ${((task.tdur ?? 0) / 1000).toFixed(0)}`);
}
// Frames the page thread made: each ends in a Commit to the compositor, whose cost grows with
// the layers and canvases that changed.
const commits = mainEvents.filter((event) => event.name === 'Commit');
const commitCpu = commits.reduce((sum, event) => sum + (event.tdur ?? 0), 0);
console.log(`  frames committed: ${commits.length} (${(commits.length / Math.max(span / 1e6, 1e-9)).toFixed(1)} a second), ` +
  `Commit ${(commitCpu / 1000 / Math.max(commits.length, 1)).toFixed(2)} ms CPU each on average`);
const wall = longTasks.reduce((sum, task) => sum + task.dur, 0);
const cpu = longTasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0);
console.log(`  in long tasks: ${(wall / 1000).toFixed(0)} ms wall, ${(cpu / 1000).toFixed(0)} ms CPU (${(100 * cpu / Math.max(wall, 1)).toFixed(0)} % on a core)`);
// Events by name: their own (exclusive) time, nested events subtracted; `field` is dur (wall)
// or tdur (CPU).
function exclusiveByName(nested, field) {
  const exclusive = new Map();
  const stack = [];
  for (const event of nested) {
    while (stack.length > 0 && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= event.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) exclusive.set(parent.key, (exclusive.get(parent.key) ?? 0) - (event[field] ?? 0));
    const key = event.name === 'FunctionCall' ? `FunctionCall ${event.args?.data?.functionName || ''}`.trim() : event.name;
    exclusive.set(key, (exclusive.get(key) ?? 0) + (event[field] ?? 0));
    stack.push({ ...event, key });
  }
  return [...exclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18);
}
const inside = mainEvents.filter((event) => !topLevelNames.has(event.name) && longTasks.some((task) => event.ts >= task.ts && event.ts < task.ts + task.dur));
console.log('  inside long tasks, exclusive wall ms by event:');
for (const [name, microseconds] of exclusiveByName(inside, 'dur')) {
  console.log(`    ${(microseconds / 1000).toFixed(0).padStart(6)}  ${name}`);
}
// Where the page thread's CPU goes over the whole run (what it takes from the workers).
console.log('  over the whole run, exclusive CPU ms by event:');
for (const [name, microseconds] of exclusiveByName(mainEvents.filter((event) => !topLevelNames.has(event.name)), 'tdur')) {
  console.log(`    ${(microseconds / 1000).toFixed(0).padStart(6)}  ${name}`);
}
// The longest tasks one by one: what each is made of (exclusive CPU ms by event).
for (const task of [...longTasks].sort((a, b) => b.dur - a.dur).slice(0, detailed)) {
  const within = mainEvents.filter((event) => event !== task && event.ts >= task.ts && event.ts < task.ts + task.dur);
  console.log(`  task at ${((task.ts - first) / 1e6).toFixed(2)} s, ${(task.dur / 1000).toFixed(0)} ms wall / ${((task.tdur ?? 0) / 1000).toFixed(0)} ms CPU, exclusive CPU ms:`);
  for (const [name, microseconds] of exclusiveByName(within, 'tdur').slice(0, 8)) {
    console.log(`    ${(microseconds / 1000).toFixed(1).padStart(7)}  ${name}`);
  }
}
