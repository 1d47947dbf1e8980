// Starts the page's real server (scripts/serve.mjs, the command `npm start` ends with) on a
// free port, serving the built site (scripts/build-web.sh). Tests talk to localhost only.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const siteFolder = join(repositoryRoot, 'build', 'site');

/** @returns {Promise<{url: string, stop: () => Promise<void>}>} */
export async function startSiteServer() {
  if (!existsSync(join(siteFolder, 'index.html'))) {
    throw new Error(`${siteFolder}/index.html is missing: run bash scripts/build-web.sh first`);
  }
  const server = spawn(process.execPath, [join(repositoryRoot, 'scripts', 'serve.mjs'), siteFolder], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start within 10 s: ${output}`)), 10_000);
    const read = (chunk) => {
      output += chunk;
      const match = /at (http:\/\/localhost:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
    },
  };
}
