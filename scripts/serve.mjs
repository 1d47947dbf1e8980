// Serves a folder over HTTP on localhost: `node scripts/serve.mjs [folder]` (default build/site,
// which scripts/build-web.sh makes) at PORT (default 8080; PORT=0 picks a free port). Static
// files only, nothing fetched from anywhere else. Text and WebAssembly are gzip-compressed
// when the browser accepts it (once per file, kept in memory); the datasets are already .gz
// files, which the page decompresses itself, so they go out as they are.
//
// Course pages on other origins load the widget from here (<bnlab-experiment>, docs/EMBED.md):
// its script, chunks, workers, engine and datasets are fetched cross-origin, so every file is
// sent with `Access-Control-Allow-Origin: *` (nothing here is private: no cookies, no
// credentials) and `Cross-Origin-Resource-Policy: cross-origin` (a host page that isolates
// itself with COEP may still load them). bnlab's own pages get a Content-Security-Policy:
// scripts, workers, styles and data only from this site, WebAssembly allowed, no plugins; they
// may be framed by any page (embed.html exists to be framed).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? 'build/site');
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: PORT must be a TCP port number, got ${process.env.PORT}`);
  process.exit(2);
}
try {
  if (!(await stat(join(root, 'index.html'))).isFile()) throw new Error('not a file');
} catch {
  console.error(`serve: ${join(root, 'index.html')} is missing (build the page with bash scripts/build-web.sh)`);
  process.exit(1);
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.gz': 'application/gzip', '.txt': 'text/plain; charset=utf-8',
};
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  // Lit and uPlot set element styles; CodeMirror adds <style> elements for its themes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');
const crossOriginHeaders = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt']);
/** path -> {mtime, bytes} */
const compressedCache = new Map();

async function compressed(filePath, modified) {
  const cached = compressedCache.get(filePath);
  if (cached && cached.modified === modified) return cached.bytes;
  const bytes = gzipSync(await readFile(filePath), { level: 9 });
  compressedCache.set(filePath, { modified, bytes });
  return bytes;
}

async function respond(request, response) {
  if (request.method === 'OPTIONS') {
    // A CORS preflight (a host page's fetch with a custom header): GET and HEAD only.
    response.writeHead(204, {
      ...crossOriginHeaders, allow: 'GET, HEAD, OPTIONS', 'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'content-type', 'access-control-max-age': '600',
    }).end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...crossOriginHeaders, allow: 'GET, HEAD, OPTIONS' }).end();
    return;
  }
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
    return;
  }
  let filePath = normalize(join(root, urlPath));
  if (filePath !== root && !filePath.startsWith(root + sep)) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
    return;
  }
  let info;
  try {
    info = await stat(filePath);
    if (info.isDirectory()) {
      filePath = join(filePath, 'index.html');
      info = await stat(filePath);
    }
  } catch {
    response.writeHead(404, { ...crossOriginHeaders, 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const extension = extname(filePath);
  // Revalidation (no-cache + ETag) answers 304 without a body: a second worker fetching the
  // same dataset, or a reload, costs a round trip instead of the bytes.
  const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const headers = {
    ...crossOriginHeaders,
    etag,
    'content-type': contentTypes[extension] ?? 'application/octet-stream',
    // Vite's assets carry a content hash in their names; everything else is revalidated.
    'cache-control': filePath.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (compressible.has(extension)) headers.vary = 'accept-encoding';
  if (extension === '.html') headers['content-security-policy'] = contentSecurityPolicy;
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  let body;
  if (acceptsGzip && compressible.has(extension)) {
    body = await compressed(filePath, info.mtimeMs);
    headers['content-encoding'] = 'gzip';
  } else {
    body = await readFile(filePath);
  }
  headers['content-length'] = body.length;
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

const server = createServer((request, response) => {
  respond(request, response).catch((error) => {
    console.error(`serve: ${request.url}: ${error.message}`);
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
    response.end('internal error');
  });
});
server.on('error', (error) => {
  console.error(`serve: cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, () => {
  console.log(`bnlab: serving ${root} at http://localhost:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
