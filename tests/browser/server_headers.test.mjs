// What scripts/serve.mjs sends (docs/EMBED.md, "What the bnlab server sends"): every file —
// the element's script, the workers' chunks, the engine, a dataset, even a 404 — with
// `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`, so a course
// page on another origin may load them; bnlab's own pages (index.html, embed.html) with a
// Content-Security-Policy that allows scripts and connections from the site itself and nowhere
// else. Then, in Chromium, that the policy is in force: embed.html cannot fetch from or load a
// script of another origin.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { siteFolder, startSiteServer } from './support/site_server.mjs';

/** "a b; c d" -> {a: ['b'], c: ['d']} */
function parsePolicy(text) {
  return Object.fromEntries(text.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0] !== '')
    .map(([name, ...sources]) => [name, sources]));
}

describe("bnlab's server headers", () => {
  let site;
  let other;
  let browser;

  before(async () => {
    site = await startSiteServer();
    other = await startCourseServer({
      '/data.json': { body: '{"secret": 1}', type: 'application/json', headers: { 'access-control-allow-origin': '*' } },
      '/script.js': { body: 'window.foreignScriptRan = true;', type: 'text/javascript', headers: { 'access-control-allow-origin': '*' } },
    });
  });

  after(async () => {
    await browser?.close();
    await other?.stop();
    await site?.stop();
  });

  test('every file carries the CORS and CORP headers; HTML pages carry the CSP, other files none', async () => {
    const chunks = (await readdir(join(siteFolder, 'assets'))).filter((name) => name.endsWith('.js'));
    const worker = chunks.find((name) => name.startsWith('training_worker'));
    assert.ok(worker, `a training_worker chunk in ${chunks.join(', ')}`);
    const files = ['bnlab-element.js', `assets/${worker}`, 'engine/bnlab-engine.wasm', 'engine/bnlab-engine.mjs',
      'data/mnist/test-labels.idx.gz', 'examples/mnist-compare.json', 'notebooks/lecture.md', 'no-such-file.js'];
    for (const file of files) {
      const response = await fetch(`${site.url}${file}`, { headers: { origin: 'http://course.example' } });
      assert.equal(response.status, file.startsWith('no-such') ? 404 : 200, file);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', file);
      assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin', file);
      assert.equal(response.headers.get('content-security-policy'), null, `${file} is not a page: no policy of its own`);
      await response.arrayBuffer();
    }
  });

  test('index.html and embed.html forbid scripts and connections to other origins', async () => {
    for (const file of ['', 'index.html', 'embed.html']) {
      const response = await fetch(`${site.url}${file}`);
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const text = response.headers.get('content-security-policy');
      assert.ok(text, `${file || '/'} has a Content-Security-Policy`);
      const policy = parsePolicy(text);
      assert.deepEqual(policy['default-src'], ["'self'"]);
      assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
      assert.deepEqual(policy['connect-src'], ["'self'"]);
      assert.deepEqual(policy['worker-src'], ["'self'", 'blob:']);
      assert.deepEqual(policy['object-src'], ["'none'"]);
      // No source list names another origin, a scheme-wide source or a wildcard, except the
      // pages that may frame these ones (embed.html is there to be framed).
      for (const [name, sources] of Object.entries(policy)) {
        if (name === 'frame-ancestors') continue;
        for (const source of sources) {
          assert.ok(["'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:'].includes(source), `${name} ${source}`);
        }
      }
      assert.deepEqual(policy['frame-ancestors'], ['*']);
      await response.arrayBuffer();
    }
  });

  test('in Chromium, embed.html can neither fetch from nor run a script of another origin', async () => {
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    const violations = [];
    page.on('console', (message) => { if (message.type() === 'error') violations.push(message.text()); });
    await page.goto(`${site.url}embed.html?experiment=examples/spirals-compare.json`);
    await page.locator('button[data-action="run"]').waitFor();
    const outcome = await page.evaluate(async (otherUrl) => {
      const blocked = [];
      document.addEventListener('securitypolicyviolation', (event) => blocked.push(event.violatedDirective));
      let fetched;
      try {
        await fetch(`${otherUrl}data.json`);
        fetched = 'fetched';
      } catch (error) {
        fetched = error.name;
      }
      const script = document.createElement('script');
      script.src = `${otherUrl}script.js`;
      const loaded = await new Promise((resolve) => {
        script.onload = () => resolve('loaded');
        script.onerror = () => resolve('refused');
        document.head.append(script);
      });
      // The violation events are dispatched in a task after the refusal.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { fetched, loaded, ran: window.foreignScriptRan ?? false, blocked };
    }, other.url);
    assert.equal(outcome.fetched, 'TypeError');
    assert.equal(outcome.loaded, 'refused');
    assert.equal(outcome.ran, false);
    assert.deepEqual(outcome.blocked.sort(), ['connect-src', 'script-src-elem']);
    assert.ok(violations.some((text) => /Content Security Policy/.test(text)));
    await page.close();
  });
});
