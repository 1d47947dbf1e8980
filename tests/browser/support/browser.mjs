// Debian's Chromium (/usr/bin/chromium, headless, a fresh profile each launch) driven by
// playwright-core. No browser is ever downloaded.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export const desktopViewport = { width: 1280, height: 800 };
export const phoneViewport = { width: 390, height: 844 };

/**
 * A browser context with its own fresh user-data-dir.
 * @param {{locale?: string, viewport?: {width: number, height: number}}} [options]
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchBrowser({ locale = 'en-US', viewport = desktopViewport } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'bnlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    locale,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what a page reports as wrong: console errors, uncaught exceptions, failed requests
 * and requests to any origin other than the page's own.
 */
export function watchPage(page, siteUrl) {
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] };
  const origin = new URL(siteUrl).origin;
  page.on('console', (message) => { if (message.type() === 'error') problems.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error?.stack ?? error)));
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) problems.foreignRequests.push(request.url());
  });
  return problems;
}
