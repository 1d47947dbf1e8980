// Offline, in Chromium: after one visit (the service worker installed and in control), bnlab's
// server is stopped — no network at all for the page — and the notebook still opens, and a cell
// that was never run (the spirals playground) trains; a dataset that was never fetched
// (Fashion-MNIST, asked for through the link) gives the "reconnect" message in the page's
// language, not a raw "Failed to fetch". The same for embed.html in Korean. A dataset fetched
// once (MNIST, by the lecture cell) is kept: offline, another cell that uses it (Fig. 1) trains.
// And an update is picked up on the next load: a new build on the server (a new version of the
// service worker) replaces the old one on reload, and the page then works offline as built anew.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './support/browser.mjs';
import { button, cell, engineVerdict, setSetting, waitForRunsToEnd } from './support/notebook_page.mjs';
import { repositoryRoot, siteFolder, startSiteServer } from './support/site_server.mjs';

/** Resolves once the page's service worker is installed and controls the page. */
function serviceWorkerInControl(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller === null) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** scripts/serve.mjs on `folder`, at a free port: {url, stop}. */
async function serveFolder(folder) {
  const server = spawn(process.execPath, [join(repositoryRoot, 'scripts', 'serve.mjs'), folder], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk) => {
      output += chunk;
      const match = /at (http:\/\/localhost:\d+\/)/.exec(output);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${output}`)));
  });
  return { url, stop: async () => { server.kill('SIGTERM'); await exited; } };
}

describe('the site offline', () => {
  let site;
  let browser;

  before(async () => {
    site = await startSiteServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('after one visit, with the server gone, a never-run cell trains and an unfetched dataset says to reconnect', async () => {
    const page = await browser.context.newPage();
    const fashionLink = 'lecture.dataset.kind=fashion_mnist';
    await page.goto(`${site.url}#playground.training.steps=200`);
    await button(page, 'playground', 'run').waitFor();
    // The first visit: the worker installs (it stores the site) and takes control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller === null) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const embedUrl = `${site.url}embed.html?notebook=notebooks/lecture.md&cell=lecture&lang=ko#${fashionLink}`;
    await site.stop();
    site = null;

    await page.reload();
    await button(page, 'playground', 'run').waitFor();
    await button(page, 'playground', 'run').click();
    await waitForRunsToEnd(page, 'playground');
    const statuses = await cell(page, 'playground').locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status));
    assert.deepEqual(statuses, ['complete', 'complete']);

    // Fashion-MNIST was never fetched (the lecture cell warmed MNIST, its own dataset).
    await setSetting(page, 'lecture', 'dataset.kind', 'fashion_mnist');
    assert.equal(await engineVerdict(page, 'lecture'), true);
    await button(page, 'lecture', 'run').click();
    await waitForRunsToEnd(page, 'lecture');
    const failure = await cell(page, 'lecture').locator('.run-progress').first().innerText();
    assert.match(failure, /fashion-mnist could not be downloaded.*Reconnect to the internet/s);
    assert.doesNotMatch(failure, /Failed to fetch/);

    // embed.html too, in Korean.
    const embed = await browser.context.newPage();
    await embed.goto(embedUrl);
    await embed.locator('button[data-action="run"]').click();
    await waitForRunsToEnd(embed, 'lecture');
    assert.match(await embed.locator('.run-progress').first().innerText(), /fashion-mnist을\(를\) 내려받지 못했습니다.*인터넷에 다시 연결/s);
    await embed.close();
    await page.close();
  });
});

describe('a dataset fetched once, offline', () => {
  let site;
  let browser;

  before(async () => {
    site = await startSiteServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('MNIST trains once online; with the server gone, another MNIST cell (Fig. 1) trains from the stored copy', async () => {
    const page = await browser.context.newPage();
    const link = '#lecture.training.epochs=1&figure1.training.steps=500';
    await page.goto(`${site.url}${link}`);
    await button(page, 'lecture', 'run').waitFor();
    await serviceWorkerInControl(page);
    await button(page, 'lecture', 'run').click();
    await waitForRunsToEnd(page, 'lecture');
    assert.deepEqual(await cell(page, 'lecture').locator('.run-progress').evaluateAll((runs) => runs.map((run) => run.dataset.status)), ['complete', 'complete']);
    // The service worker kept the digits it served (its dataset store).
    const stored = await page.evaluate(async () => (await (await caches.open('bnlab-data')).keys()).map((request) => new URL(request.url).pathname));
    assert.ok(stored.some((path) => path.endsWith('/data/mnist/train-images.idx.gz')), stored.join('\n'));

    await site.stop();
    site = null;
    await page.reload();
    await button(page, 'figure1', 'run').waitFor();
    await button(page, 'figure1', 'run').click();
    await waitForRunsToEnd(page, 'figure1', 180_000);
    const runs = await cell(page, 'figure1').locator('.run-progress').evaluateAll((items) => items.map((run) => [run.dataset.status, run.innerText]));
    assert.deepEqual(runs.map(([status]) => status), ['complete', 'complete'], runs.map(([, text]) => text).join('\n'));
    await page.close();
  });
});

describe('an update of the site', () => {
  let folder;
  let server;
  let browser;

  before(async () => {
    // A copy of the built site, so that "a new build" can be made without touching build/site.
    folder = await mkdtemp(join(tmpdir(), 'bnlab-site-copy-'));
    await cp(siteFolder, folder, { recursive: true });
    server = await serveFolder(folder);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  test('a new build on the server is taken on the next load, and is what runs offline afterwards', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await button(page, 'playground', 'run').waitFor();
    await serviceWorkerInControl(page);
    const siteStores = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('bnlab-site-')));
    const [firstStore] = await siteStores();
    assert.match(firstStore, /^bnlab-site-[0-9a-f]{16}$/);

    // "A new build": another version of the service worker, and a page that says it is new.
    const workerPath = join(folder, 'service-worker.js');
    const worker = await readFile(workerPath, 'utf8');
    const oldVersion = firstStore.slice('bnlab-site-'.length);
    assert.ok(worker.includes(JSON.stringify(oldVersion)));
    await writeFile(workerPath, worker.replace(JSON.stringify(oldVersion), JSON.stringify('0000000000000002')));
    const indexPath = join(folder, 'index.html');
    await writeFile(indexPath, (await readFile(indexPath, 'utf8')).replace('<head>', '<head><meta name="bnlab-build" content="2">'));

    await page.reload();
    // The page itself is asked of the network first: the new one at once.
    assert.equal(await page.locator('meta[name="bnlab-build"]').getAttribute('content'), '2');
    // The reload found the new service worker: it installs, activates (dropping the old store)
    // and takes control of the page.
    await page.waitForFunction(async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith('bnlab-site-'));
      return names.length === 1 && names[0] === 'bnlab-site-0000000000000002' && navigator.serviceWorker.controller !== null;
    }, null, { polling: 100, timeout: 30_000 });

    // Offline, the page is the new build's, from the new store.
    await server.stop();
    server = null;
    await page.reload();
    await button(page, 'playground', 'run').waitFor();
    assert.equal(await page.locator('meta[name="bnlab-build"]').getAttribute('content'), '2');
    await page.close();
  });
});
