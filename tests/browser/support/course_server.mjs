// A plain "course page" server on its own port — another origin than bnlab's server — for the
// widget tests: it serves the pages it is given (path -> {body, type}) and nothing else, with no
// CORS headers of its own, like an LMS or a static course site would.

import { createServer } from 'node:http';

/**
 * @param {Record<string, {body: string, type?: string, status?: number, headers?: Record<string, string>}>} pages
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
export async function startCourseServer(pages) {
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url, 'http://localhost').pathname];
    if (page === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers });
    response.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // 127.0.0.1 here and localhost for bnlab's server: two origins even on one machine.
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
