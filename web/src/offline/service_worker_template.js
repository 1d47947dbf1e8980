// bnlab's service worker (built into build/site/service-worker.js by web/vite.config.mjs, which
// fills in the version and the list of the site's files). Once the site has been opened, every
// cell runs without a network:
// - on install it stores the page, embed.html, the element's script, every bundled asset, the
//   engine and the notebooks and examples;
// - datasets (data/…) are stored the first time a run fetches them;
// - files with a content hash in their name (assets/) come from the store; everything else is
//   asked of the network first (so an update is picked up on the next load) and comes from the
//   store when the network cannot answer. A new version replaces the old store when it
//   activates; the datasets' store is kept across versions (network-first keeps it current).
// A dataset that was never fetched cannot come from anywhere offline: the fetch fails, and the
// worker reports it as `dataset_unreachable`, which the page words as "reconnect".

const version = '__BNLAB_VERSION__';
const siteFiles = __BNLAB_SITE_FILES__;
const siteCache = `bnlab-site-${version}`;
// The training workers store the datasets they fetch here too (worker/dataset_files.js).
const dataCache = 'bnlab-data';

const scope = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(siteCache);
    await cache.addAll(siteFiles.map((file) => new URL(file, scope).href));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('bnlab-site-') && name !== siteCache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function cacheFor(url) {
  return url.pathname.startsWith(`${scope.pathname}data/`) ? dataCache : siteCache;
}

async function fromCache(request) {
  const cache = await caches.open(cacheFor(new URL(request.url)));
  // Navigations carry the query (?notebook=…, embed.html?experiment=…); the file is the same.
  return cache.match(request, { ignoreSearch: request.mode === 'navigate' });
}

async function store(request, response) {
  if (response.ok && response.type === 'basic' && response.status === 200) {
    const cache = await caches.open(cacheFor(new URL(request.url)));
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    return await store(request, await fetch(request));
  } catch (error) {
    const stored = await fromCache(request);
    if (stored !== undefined) return stored;
    throw error;
  }
}

async function cacheFirst(request) {
  const stored = await fromCache(request);
  return stored ?? store(request, await fetch(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const hashed = url.pathname.startsWith(`${scope.pathname}assets/`);
  event.respondWith(hashed ? cacheFirst(request) : networkFirst(request));
});
