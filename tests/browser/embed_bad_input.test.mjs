// The widget on pages that do not make it easy (docs/EMBED.md, "Bad input"), in Chromium, from a
// course page on another origin: a hostile page (a CSS reset on every element, a tiny root font,
// globals with Lit's names, hooks Lit would call), two widgets that must not interfere, another
// script that already took the element's name, and a table of bad attributes and sources — each
// a clear message in the widget's box while the host page keeps working. Also embed.html's
// notice for an unknown parameter and its hide= flags.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, watchPage } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { startSiteServer } from './support/site_server.mjs';

const endedStatuses = ['complete', 'stopped', 'diverged', 'failed'];

function page(site, { head = '', body }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,">
${head}
<script type="module" src="${site}bnlab-element.js"></script>
</head><body><h1>Course</h1>
<button id="host-button" onclick="window.hostClicks = (window.hostClicks || 0) + 1">the course page's own button</button>
${body}
</body></html>`;
}

const hostileHead = `<style>
  * { all: unset; }
  html { font-size: 5px; }
  body { color: rgb(255, 0, 0); font-family: serif; }
  button { display: inline-block; }
</style>
<script>
  window.Lit = { html: 'not lit' };
  window.litHtmlVersions = 42;
  window.reactiveElementVersions = 'not a list';
  window.litElementVersions = null;
  window.litPropertyMetadata = 'not a WeakMap';
  window.litHtmlPolyfillSupport = () => { window.hostHookCalled = true; };
  window.litElementPolyfillSupport = () => { window.hostHookCalled = true; };
  window.reactiveElementPolyfillSupport = () => { window.hostHookCalled = true; };
  window.litElementHydrateSupport = () => { window.hostHookCalled = true; };
</script>`;

/** Resolves when the widget number `index` on the page shows `count` runs that have all ended. */
function waitForWidgetRuns(browserPage, index, count) {
  return browserPage.waitForFunction(({ at, wanted, ended }) => {
    const root = document.querySelectorAll('bnlab-experiment')[at]?.shadowRoot;
    const runs = root ? [...root.querySelectorAll('.run-progress')] : [];
    return runs.length === wanted && runs.every((run) => ended.includes(run.dataset.status));
  }, { at: index, wanted: count, ended: endedStatuses }, { timeout: 120_000, polling: 250 });
}

describe('the widget on hostile and broken course pages', () => {
  let site;
  let course;
  let browser;

  before(async () => {
    site = await startSiteServer();
    const spirals = `${site.url}examples/spirals-compare.json`;
    course = await startCourseServer({
      '/hostile.html': {
        body: page(site.url, {
          head: hostileHead,
          body: `<bnlab-experiment id="first" src="${spirals}" steps="6000"></bnlab-experiment>
                 <bnlab-experiment id="second" src="${spirals}" steps="200" variants="as_written" lang="ko"></bnlab-experiment>`,
        }),
      },
      '/plain.html': { body: page(site.url, { body: `<bnlab-experiment src="${spirals}" steps="100"></bnlab-experiment>` }) },
      '/taken.html': {
        body: page(site.url, {
          head: `<script>customElements.define('bnlab-experiment', class extends HTMLElement { connectedCallback() { this.textContent = 'somebody else'; } });</script>`,
          body: `<bnlab-experiment src="${spirals}"></bnlab-experiment>`,
        }),
      },
      // The Content-Security-Policy docs/EMBED.md gives course pages that have one, and no more.
      '/strict-csp.html': {
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict course page</title>
          <script type="module" src="${site.url}bnlab-element.js"></script></head>
          <body><h1>Course</h1><bnlab-experiment src="${spirals}" steps="100"></bnlab-experiment></body></html>`,
        headers: {
          'content-security-policy': [
            "default-src 'none'", `script-src ${new URL(site.url).origin} 'wasm-unsafe-eval' 'unsafe-eval'`,
            `worker-src blob: ${new URL(site.url).origin}`, `connect-src ${new URL(site.url).origin}`, "img-src 'none'",
          ].join('; '),
        },
      },
      '/internal-name.html': {
        body: page(site.url, {
          head: `<script>customElements.define('bn-curve-plot', class extends HTMLElement {});</script>`,
          body: `<bnlab-experiment src="${spirals}"></bnlab-experiment>`,
        }),
      },
      '/broken.json': { body: '{ "name": ', type: 'application/json' },
      '/bad.html': {
        body: page(site.url, {
          body: [
            ['http_error', `src="${site.url}examples/no-such-file.json"`],
            ['not_json', `src="/broken.json"`],
            ['unknown_cell', `src="${site.url}notebooks/lecture.md" cell="nosuch"`],
            ['bad_variant', `src="${spirals}" variants="as_written with_magic"`],
            ['bad_height', `src="${spirals}" height="tall"`],
            ['bad_steps', `src="${spirals}" steps="-3"`],
            ['bad_language', `src="${spirals}" lang="tlh"`],
            ['bad_url', `src="javascript:window.pwned=1"`],
            ['markup_in_url', `src="${site.url}&lt;img src=x onerror=window.pwned=1&gt;.json"`],
            ['nothing', ''],
          ].map(([id, attributes]) => `<bnlab-experiment id="${id}" ${attributes}></bnlab-experiment>`).join('\n')
            + `<bnlab-experiment id="inline" steps="50"><script type="application/json">${JSON.stringify({
              name: 'inline-spirals', seed: 1, dataset: { kind: 'spirals', samples: 200, noise: 0.1, classes: 2 },
              split: { validation: 0.1, test: 0.2 }, preprocessing: 'standardize',
              model: { layers: [{ type: 'dense', units: 8 }, { type: 'batchnorm' }, { type: 'relu' }, { type: 'dense', units: 2 }] },
              loss: 'cross_entropy', optimizer: { type: 'sgd', learning_rate: 0.1 },
              training: { batch_size: 20, steps: 100, evaluate_every: 25 }, compare: true,
            })}</script></bnlab-experiment>`,
        }),
      },
      '/frame.html': {
        body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
          <iframe id="unknown" src="${site.url}embed.html?experiment=examples/spirals-compare.json&hide=settings,table&bogus=1"></iframe>
          <iframe id="nocell" src="${site.url}embed.html?notebook=notebooks/lecture.md&cell=nosuch"></iframe></body></html>`,
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await course?.stop();
    await site?.stop();
  });

  test('a hostile page (CSS reset, Lit-named globals) does not break two widgets, which run independently (one paused while the other trains)', async () => {
    const hostile = await browser.context.newPage();
    const problems = watchPage(hostile, course.url);
    await hostile.goto(`${course.url}hostile.html`);
    const first = hostile.locator('#first');
    const second = hostile.locator('#second');
    // The first is paused as it starts; the second then trains to the end on its own, while
    // the first stays paused; resumed, the first finishes too.
    await first.locator('button[data-action="run"]').click();
    await hostile.waitForFunction(() => {
      const runs = [...document.getElementById('first').shadowRoot.querySelectorAll('.run-progress')];
      return runs.length === 2 && runs.every((run) => run.dataset.status === 'training' && run.querySelector('progress').value >= 1);
    }, null, { timeout: 60_000, polling: 'raf' });
    await first.locator('button[data-action="pause"]').click();
    await hostile.waitForFunction(() => {
      const runs = [...document.getElementById('first').shadowRoot.querySelectorAll('.run-progress')];
      return runs.length === 2 && runs.every((run) => run.dataset.status === 'paused');
    }, null, { timeout: 60_000, polling: 250 });
    assert.equal(await second.locator('.run-progress').count(), 0);
    await second.locator('button[data-action="run"]').click();
    await waitForWidgetRuns(hostile, 1, 1);
    assert.deepEqual(await first.locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status)), ['paused', 'paused']);
    await first.locator('button[data-action="resume"]').click();
    await waitForWidgetRuns(hostile, 0, 2);
    assert.deepEqual(await first.locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status)), ['complete', 'complete']);
    assert.deepEqual(await second.locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status)), ['complete']);
    // Its own language: the second widget speaks Korean, the first English.
    assert.equal((await second.locator('button[data-action="run"]').innerText()).trim(), '실행');
    assert.equal((await first.locator('button[data-action="run"]').innerText()).trim(), 'Run');

    // None of the page's Lit-named hooks was called; the page's globals are as it set them.
    const globals = await hostile.evaluate(() => ({
      hook: window.hostHookCalled ?? null, versions: window.litHtmlVersions, lit: window.Lit, metadata: window.litPropertyMetadata,
    }));
    assert.deepEqual(globals, { hook: null, versions: 42, lit: { html: 'not lit' }, metadata: 'not a WeakMap' });
    // The reset does not reach into the widget: its Run button keeps bnlab's look and size.
    const look = await first.locator('button[data-action="run"]').evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, fontSize: style.fontSize };
    });
    assert.deepEqual(look, { background: 'rgb(29, 78, 216)', fontSize: '15.2px' });
    // The host page keeps working.
    await hostile.locator('#host-button').click();
    assert.equal(await hostile.evaluate(() => window.hostClicks), 1);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await hostile.close();
  });

  test('a course page with a strict Content-Security-Policy (the documented one) runs the widget', async () => {
    const strict = await browser.context.newPage();
    const problems = watchPage(strict, course.url);
    await strict.goto(`${course.url}strict-csp.html`);
    await strict.locator('bnlab-experiment button[data-action="run"]').click();
    await waitForWidgetRuns(strict, 0, 2);
    assert.deepEqual(await strict.locator('bnlab-experiment .run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status)), ['complete', 'complete']);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    await strict.close();
  });

  test("bnlab's CSS does not leak into the host page", async () => {
    const plain = await browser.context.newPage();
    await plain.goto(`${course.url}plain.html`);
    await plain.locator('bnlab-experiment button[data-action="run"]').waitFor();
    const host = await plain.evaluate(() => ({
      bodyMargin: getComputedStyle(document.body).margin,
      bodyBackground: getComputedStyle(document.body).backgroundColor,
      rootFont: getComputedStyle(document.documentElement).fontSize,
      headStyles: document.querySelectorAll('head style, head link[rel="stylesheet"]').length,
    }));
    // The browser's defaults, as if no widget were there: no stylesheet added to the page.
    assert.deepEqual(host, { bodyMargin: '8px', bodyBackground: 'rgba(0, 0, 0, 0)', rootFont: '16px', headStyles: 0 });
    await plain.close();
  });

  test('a name another script already took gives a visible note, and the page keeps working', async () => {
    const taken = await browser.context.newPage();
    const problems = watchPage(taken, course.url);
    await taken.goto(`${course.url}taken.html`);
    const note = taken.locator('[data-bnlab-note="name-taken"]');
    await note.waitFor();
    assert.match(await note.innerText(), /bnlab-experiment/);
    assert.equal(await taken.locator('bnlab-experiment').innerText(), 'somebody else');
    await taken.locator('#host-button').click();
    assert.equal(await taken.evaluate(() => window.hostClicks), 1);
    assert.deepEqual(problems.pageErrors, []);
    await taken.close();
  });

  test('a page that already uses one of the widget\'s inner element names gets a message in the box', async () => {
    const taken = await browser.context.newPage();
    const problems = watchPage(taken, course.url);
    await taken.goto(`${course.url}internal-name.html`);
    const item = taken.locator('bnlab-experiment .widget-problems li[data-code="embed_inner_name_taken"]');
    await item.waitFor();
    assert.match(await item.innerText(), /bn-curve-plot/);
    await taken.locator('#host-button').click();
    assert.equal(await taken.evaluate(() => window.hostClicks), 1);
    assert.deepEqual(problems.pageErrors, []);
    await taken.close();
  });

  test('bad attributes and sources: a message in the box, named, and nothing runs as code', async () => {
    const bad = await browser.context.newPage();
    const problems = watchPage(bad, course.url);
    await bad.goto(`${course.url}bad.html`);
    const expected = {
      http_error: 'embed_http_error', not_json: 'embed_not_json', unknown_cell: 'embed_unknown_cell',
      bad_variant: 'embed_bad_choice', bad_height: 'embed_bad_height', bad_steps: 'embed_bad_steps',
      bad_language: 'embed_bad_choice', bad_url: 'embed_bad_url', markup_in_url: 'embed_http_error', nothing: 'embed_no_experiment',
    };
    for (const [id, code] of Object.entries(expected)) {
      const item = bad.locator(`#${id} .widget-problems li`);
      await item.first().waitFor();
      assert.equal(await item.first().getAttribute('data-code'), code, id);
      assert.ok((await item.first().innerText()).length > 10, id);
    }
    assert.match(await bad.locator('#bad_variant .widget-problems li').innerText(), /variants: “with_magic”/);
    assert.match(await bad.locator('#unknown_cell .widget-problems li').innerText(), /nosuch.*lecture/);
    // The URL with markup in it is shown as text.
    assert.equal(await bad.locator('#markup_in_url img').count(), 0);
    // The inline experiment trains its pair.
    await bad.locator('#inline button[data-action="run"]').click();
    await bad.waitForFunction(() => {
      const runs = [...document.getElementById('inline').shadowRoot.querySelectorAll('.run-progress')];
      return runs.length === 2 && runs.every((run) => run.dataset.status === 'complete');
    }, null, { timeout: 60_000, polling: 250 });
    assert.equal(await bad.evaluate(() => window.pwned ?? null), null);
    await bad.locator('#host-button').click();
    assert.equal(await bad.evaluate(() => window.hostClicks), 1);
    assert.deepEqual(problems.pageErrors, []);
    await bad.close();
  });

  test('embed.html: an unknown parameter is a visible notice; hide= hides what it names', async () => {
    const framePage = await browser.context.newPage();
    await framePage.goto(`${course.url}frame.html`);
    const unknown = framePage.frameLocator('#unknown');
    const notice = unknown.locator('.embed-notices li[data-code="embed_unknown_parameter"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /bogus/);
    await unknown.locator('button[data-action="run"]').waitFor();
    assert.equal(await unknown.locator('.cell-settings').isVisible(), false);
    assert.equal(await unknown.locator('bn-experiment-file').isVisible(), true);
    assert.equal(await unknown.locator('.cell-header').isVisible(), true);
    const noCell = framePage.frameLocator('#nocell').locator('.embed-notices li[data-code="embed_unknown_cell"]');
    await noCell.waitFor();
    assert.match(await noCell.innerText(), /nosuch/);
    await framePage.close();
  });
});
