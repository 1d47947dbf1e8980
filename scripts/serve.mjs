// Serves a folder over HTTP on localhost (PORT, default 8080). Static files only; nothing
// is fetched from anywhere else.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'web');
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`serve: PORT must be a TCP port number, got ${process.env.PORT}`);
  process.exit(2);
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.bin': 'application/octet-stream', '.woff2': 'font/woff2',
};

const server = createServer((request, response) => {
  const urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  let filePath = normalize(join(root, urlPath));
  if (!filePath.startsWith(root)) {
    response.writeHead(403).end('forbidden');
    return;
  }
  try {
    if (statSync(filePath).isDirectory()) filePath = join(filePath, 'index.html');
    statSync(filePath);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': contentTypes[extname(filePath)] ?? 'application/octet-stream' });
  createReadStream(filePath).pipe(response);
});

server.listen(port, () => console.log(`bnlab: serving ${root} at http://localhost:${port}/`));
