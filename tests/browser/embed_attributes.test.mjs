// The widgets' options do what docs/EMBED.md says, in Chromium, from a course page on another
// origin: the element's `controls` (which parts show), `outputs` (which outputs a run draws),
// `height` (a fixed box that scrolls) and `cell` (a notebook's named cell); embed.html's
// `hide=settings,table` after a run; and its `host` filter — an iframe told that its host is
// another origin neither obeys the real host page's commands nor posts its events to it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { startSiteServer } from './support/site_server.mjs';

const endedStatuses = ['complete', 'stopped', 'diverged', 'failed'];

function elementPage(site, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,">
<script type="module" src="${site}bnlab-element.js"></script>
</head><body><h1>Course</h1>
${body}
</body></html>`;
}

/** Resolves when the widget `#id` shows `count` runs that have all ended. */
function waitForWidgetRuns(page, id, count) {
  return page.waitForFunction(({ at, wanted, ended }) => {
    const root = document.getElementById(at)?.shadowRoot;
    const runs = root ? [...root.querySelectorAll('.run-progress')] : [];
    return runs.length === wanted && runs.every((run) => ended.includes(run.dataset.status));
  }, { at: id, wanted: count, ended: endedStatuses }, { timeout: 120_000, polling: 250 });
}

/** Whether each of the cell's parts is on screen, inside `scope` (a locator). */
async function partsShown(scope) {
  const shown = {};
  for (const [part, selector] of Object.entries({
    settings: '.cell-settings', file: 'bn-experiment-file', share: '.cell-share', export: '.cell-export', run: 'button[data-action="run"]',
  })) {
    const found = scope.locator(selector);
    shown[part] = (await found.count()) > 0 && await found.first().isVisible();
  }
  return shown;
}

describe('the widgets do what their options say', () => {
  let site;
  let course;
  const pages = {};
  let browser;

  before(async () => {
    site = await startSiteServer();
    course = await startCourseServer(pages);
    const spirals = `${site.url}examples/spirals-compare.json`;
    pages['/element.html'] = {
      body: elementPage(site.url, `
        <bnlab-experiment id="all" src="${spirals}" steps="60"></bnlab-experiment>
        <bnlab-experiment id="some" src="${spirals}" steps="60" controls="file export"></bnlab-experiment>
        <bnlab-experiment id="none" src="${spirals}" steps="60" controls="none"></bnlab-experiment>
        <bnlab-experiment id="outputs" src="${spirals}" steps="60" outputs="loss table"></bnlab-experiment>
        <bnlab-experiment id="tall" src="${spirals}" steps="60" height="300px"></bnlab-experiment>
        <bnlab-experiment id="named" src="${site.url}notebooks/lecture.md" cell="playground"></bnlab-experiment>
        <bnlab-experiment id="first" src="${site.url}notebooks/lecture.md"></bnlab-experiment>`),
    };
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await course?.stop();
    await site?.stop();
  });

  test('the element: controls, outputs, height and cell', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page, course.url);
    await page.goto(`${course.url}element.html`);
    for (const id of ['all', 'some', 'none', 'outputs', 'tall', 'named', 'first']) {
      await page.locator(`#${id} button[data-action="run"]`).waitFor();
    }

    // controls: what it lists is shown, the rest is not; Run is always there.
    assert.deepEqual(await partsShown(page.locator('#all')), { settings: true, file: true, share: true, export: true, run: true });
    assert.deepEqual(await partsShown(page.locator('#some')), { settings: false, file: true, share: false, export: true, run: true });
    assert.deepEqual(await partsShown(page.locator('#none')), { settings: false, file: false, share: false, export: false, run: true });

    // outputs="loss table": after a run, the loss curve and the table, no evaluation plot.
    await page.locator('#outputs button[data-action="run"]').click();
    await page.locator('#all button[data-action="run"]').click();
    await waitForWidgetRuns(page, 'outputs', 2);
    await waitForWidgetRuns(page, 'all', 2);
    const drawn = async (id) => page.locator(`#${id}`).evaluate((widget) => Object.fromEntries(
      ['bn-curve-plot.loss-plot', 'bn-curve-plot.evaluation-plot', '.summary-table']
        .map((selector) => [selector, widget.shadowRoot.querySelectorAll(selector).length])));
    assert.deepEqual(await drawn('outputs'), { 'bn-curve-plot.loss-plot': 1, 'bn-curve-plot.evaluation-plot': 0, '.summary-table': 1 });
    assert.deepEqual(await drawn('all'), { 'bn-curve-plot.loss-plot': 1, 'bn-curve-plot.evaluation-plot': 1, '.summary-table': 1 });

    // height="300px": the widget is 300 px tall whatever it holds, and its content scrolls.
    const box = await page.locator('#tall').evaluate((widget) => {
      const root = widget.shadowRoot.querySelector('.bnlab-root');
      root.scrollTop = root.scrollHeight;
      return {
        element: widget.getBoundingClientRect().height, root: root.getBoundingClientRect().height,
        overflow: getComputedStyle(root).overflowY, content: root.scrollHeight, scrolled: root.scrollTop,
        hiddenBelow: root.scrollHeight - root.clientHeight,
      };
    });
    assert.equal(box.element, 300);
    assert.equal(box.root, 300);
    assert.equal(box.overflow, 'auto');
    assert.ok(box.content > 300, `the content (${box.content} px) is taller than the box`);
    // Scrolled to the end: it moved by everything below the box.
    assert.ok(box.hiddenBelow > 0);
    assert.equal(box.scrolled, box.hiddenBelow);
    // Without `height` the widget is as tall as its content.
    const free = await page.locator('#all').evaluate((widget) => {
      const root = widget.shadowRoot.querySelector('.bnlab-root');
      return { height: widget.getBoundingClientRect().height, content: root.scrollHeight, clipped: root.scrollHeight > root.clientHeight };
    });
    assert.equal(free.clipped, false);
    assert.ok(free.height > 300);

    // cell="playground": that cell of the notebook (not its first, "lecture"), with its own experiment and outputs.
    const named = await page.locator('#named bn-experiment-cell').evaluate((cell) => ({
      id: cell.cellId, dataset: cell.experiment.dataset.kind, variants: cell.variants, outputs: cell.outputs,
    }));
    const spirals = await (await fetch(`${site.url}examples/spirals-compare.json`)).json();
    assert.deepEqual(named, {
      id: 'playground', dataset: spirals.dataset.kind, variants: ['as_written', 'without_batchnorm'],
      outputs: ['decision_boundary', 'loss', 'evaluation', 'table'],
    });
    assert.deepEqual(await page.locator('#first bn-experiment-cell').evaluate((cell) => [cell.cellId, cell.experiment.dataset.kind]), ['lecture', 'mnist']);
    assert.match(await page.locator('#named .cell-header h2').innerText(), /Playground/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  test('embed.html with hide=settings,table: no settings and, after a run, no results table', async () => {
    pages['/hide.html'] = {
      body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
        <iframe id="hidden" style="width: 100%; height: 900px" src="${site.url}embed.html?experiment=examples/spirals-compare.json&steps=60&hide=settings,table&hideText"></iframe>
        <iframe id="shown" style="width: 100%; height: 900px" src="${site.url}embed.html?experiment=examples/spirals-compare.json&steps=60"></iframe></body></html>`,
    };
    const page = await browser.context.newPage();
    await page.goto(`${course.url}hide.html`);
    const results = {};
    for (const id of ['hidden', 'shown']) {
      const frame = page.frameLocator(`#${id}`);
      await frame.locator('button[data-action="run"]').click();
      await frame.locator('.run-progress[data-status="complete"]').nth(1).waitFor({ timeout: 120_000 });
      results[id] = {
        settings: await frame.locator('.cell-settings').isVisible(),
        header: await frame.locator('.cell-header').isVisible(),
        table: await frame.locator('.summary-table').count(),
        loss: await frame.locator('bn-curve-plot.loss-plot').count(),
        evaluation: await frame.locator('bn-curve-plot.evaluation-plot').count(),
      };
    }
    assert.deepEqual(results.hidden, { settings: false, header: false, table: 0, loss: 1, evaluation: 1 });
    assert.deepEqual(results.shown, { settings: true, header: true, table: 1, loss: 1, evaluation: 1 });
    await page.close();
  });

  test('embed.html with host=<another origin> ignores the real host page and posts nothing to it', async () => {
    const courseOrigin = new URL(course.url).origin;
    const query = 'experiment=examples/spirals-compare.json&steps=60';
    pages['/hosts.html'] = {
      body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
        <iframe id="foreign" style="width: 100%; height: 700px" src="${site.url}embed.html?${query}&host=${encodeURIComponent('https://lms.example.org')}"></iframe>
        <iframe id="own" style="width: 100%; height: 700px" src="${site.url}embed.html?${query}&host=${encodeURIComponent(courseOrigin)}"></iframe>
        <script>
          window.received = { foreign: [], own: [] };
          window.addEventListener('message', (event) => {
            for (const id of ['foreign', 'own']) {
              if (event.source === document.getElementById(id).contentWindow) window.received[id].push(event.data);
            }
          });
        </script></body></html>`,
    };
    const page = await browser.context.newPage();
    const problems = watchPage(page, course.url);
    await page.goto(`${course.url}hosts.html`);
    const foreign = page.frameLocator('#foreign');
    const own = page.frameLocator('#own');
    await foreign.locator('button[data-action="run"]').waitFor();
    await own.locator('button[data-action="run"]').waitFor();
    // A listener of the test inside the foreign frame, added after embed.html's own: once it has
    // seen the commands, embed.html has read (and dropped) them too.
    const foreignFrame = page.frames().find((frame) => frame.url().includes('lms.example.org'));
    await foreignFrame.evaluate(() => {
      window.commandsSeen = [];
      window.addEventListener('message', (event) => window.commandsSeen.push(event.data?.type));
    });

    await page.evaluate(() => {
      for (const id of ['foreign', 'own']) {
        const target = document.getElementById(id).contentWindow;
        target.postMessage({ type: 'bnlab:request-height', version: 1 }, '*');
        target.postMessage({ type: 'bnlab:run', version: 1 }, '*');
      }
    });
    // The frame told that its host is this page obeys: it reports its height and runs.
    await page.waitForFunction(() => window.received.own.some((message) => message.type === 'bnlab:run-finished'), null, { timeout: 120_000 });
    const ownTypes = new Set(await page.evaluate(() => window.received.own.map((message) => message.type)));
    for (const type of ['bnlab:height', 'bnlab:run-started', 'bnlab:progress', 'bnlab:run-finished']) assert.ok(ownTypes.has(type), type);

    // The other one read both commands and did neither.
    await foreignFrame.waitForFunction(() => window.commandsSeen.length >= 2);
    assert.deepEqual(await foreignFrame.evaluate(() => window.commandsSeen), ['bnlab:request-height', 'bnlab:run']);
    assert.equal(await foreign.locator('.run-progress').count(), 0);
    // Run pressed inside it: it trains, and still posts nothing to this page.
    await foreign.locator('button[data-action="run"]').click();
    await foreign.locator('.run-progress[data-status="complete"]').nth(1).waitFor({ timeout: 120_000 });
    // One more message round trip through the own frame, so anything the foreign frame posted has arrived.
    const heights = await page.evaluate(() => window.received.own.filter((message) => message.type === 'bnlab:height').length);
    await page.evaluate(() => document.getElementById('own').contentWindow.postMessage({ type: 'bnlab:request-height', version: 1 }, '*'));
    await page.waitForFunction((before) => window.received.own.filter((message) => message.type === 'bnlab:height').length > before, heights);
    assert.deepEqual(await page.evaluate(() => window.received.foreign), []);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
