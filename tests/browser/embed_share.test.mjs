// "Share / embed" in Chromium: the lecture cell, changed through a link, gives a link, an iframe
// code and an element code; each of them, opened again (the link in a new tab, the codes pasted
// into a course page on another origin), shows the same experiment with the same variants.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './support/browser.mjs';
import { startCourseServer } from './support/course_server.mjs';
import { cell, cellExperiment, engineVerdict } from './support/notebook_page.mjs';
import { startSiteServer } from './support/site_server.mjs';

const changes = 'lecture.training.batch_size=128&lecture.optimizer.learning_rate=0.05&lecture.model.layers%5B0%5D.units=16';

function coursePage(code) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course</title></head><body>
<h1>Course</h1>
${code}
</body></html>`;
}

describe('share / embed of a cell', () => {
  let site;
  let course;
  const coursePages = {};
  let browser;

  before(async () => {
    site = await startSiteServer();
    course = await startCourseServer(coursePages);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await course?.stop();
    await site?.stop();
  });

  test('the link, the iframe code and the element code reproduce the cell on screen', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}#lang=ko&${changes}`);
    await engineVerdict(page, 'lecture');
    const expected = await cellExperiment(page, 'lecture');
    assert.equal(expected.training.batch_size, 128);
    const variants = await cell(page, 'lecture').evaluate((element) => element.variants);
    await cell(page, 'lecture').locator('.cell-share summary').click();
    const codes = {
      link: await cell(page, 'lecture').locator('[data-share="link"]').inputValue(),
      iframe: await cell(page, 'lecture').locator('[data-share="iframe"]').inputValue(),
      element: await cell(page, 'lecture').locator('[data-share="element"]').inputValue(),
    };
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
    await cell(page, 'lecture').locator('button[data-action="copy-link"]').click();
    await cell(page, 'lecture').locator('.cell-share .copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), codes.link);

    // The link, in a new tab.
    const linked = await browser.context.newPage();
    await linked.goto(codes.link);
    await engineVerdict(linked, 'lecture');
    assert.deepEqual(await cellExperiment(linked, 'lecture'), expected);
    assert.deepEqual(await cell(linked, 'lecture').evaluate((element) => [element.variants, element.language]), [variants, 'ko']);
    await linked.close();

    // The iframe code, pasted into a course page.
    coursePages['/iframe.html'] = { body: coursePage(codes.iframe) };
    const framed = await browser.context.newPage();
    await framed.goto(`${course.url}iframe.html`);
    const frameCell = framed.frameLocator('iframe').locator('bn-experiment-cell');
    await frameCell.locator('button[data-action="run"]').waitFor();
    assert.deepEqual(await frameCell.evaluate((element) => element.experiment), expected);
    assert.deepEqual(await frameCell.evaluate((element) => [element.variants, element.language]), [variants, 'ko']);
    await framed.close();

    // The element code, pasted into a course page.
    coursePages['/element.html'] = { body: coursePage(codes.element) };
    const hosted = await browser.context.newPage();
    await hosted.goto(`${course.url}element.html`);
    const widgetCell = hosted.locator('bnlab-experiment bn-experiment-cell');
    await widgetCell.locator('button[data-action="run"]').waitFor();
    assert.deepEqual(await widgetCell.evaluate((element) => element.experiment), expected);
    assert.deepEqual(await widgetCell.evaluate((element) => [element.variants, element.language]), [variants, 'ko']);
    await hosted.close();
    await page.close();
  });

  test("an embed's share codes keep what it leaves out: hidden parts, hideText and outputs", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}embed.html?notebook=notebooks/lecture.md&cell=playground&hide=file,evaluation&hideText`);
    const source = page.locator('bn-experiment-cell');
    await source.locator('button[data-action="run"]').waitFor();
    const shown = async (scope) => ({
      outputs: await scope.evaluate((element) => element.outputs),
      file: await scope.locator('bn-experiment-file').isVisible(),
      header: await scope.locator('.cell-header').isVisible(),
      settings: await scope.locator('.cell-settings').isVisible(),
      share: await scope.locator('.cell-share').isVisible(),
    });
    const expected = await shown(source);
    assert.deepEqual(expected, { outputs: ['decision_boundary', 'loss', 'table'], file: false, header: false, settings: true, share: true });
    await source.locator('.cell-share summary').click();
    const codes = {
      iframe: await source.locator('[data-share="iframe"]').inputValue(),
      element: await source.locator('[data-share="element"]').inputValue(),
    };
    assert.match(codes.element, /controls="settings share export"/);
    assert.match(codes.element, / hidetext/);

    coursePages['/flags-iframe.html'] = { body: coursePage(codes.iframe) };
    coursePages['/flags-element.html'] = { body: coursePage(codes.element) };
    for (const [path, locate] of [
      ['flags-iframe.html', (hosted) => hosted.frameLocator('iframe').locator('bn-experiment-cell')],
      ['flags-element.html', (hosted) => hosted.locator('bnlab-experiment bn-experiment-cell')],
    ]) {
      const hosted = await browser.context.newPage();
      await hosted.goto(`${course.url}${path}`);
      const cellThere = locate(hosted);
      await cellThere.locator('button[data-action="run"]').waitFor();
      assert.deepEqual(await shown(cellThere), expected, path);
      assert.equal(await cellThere.getAttribute('cell-id'), 'playground', path);
      await hosted.close();
    }
    await page.close();
  });
});
