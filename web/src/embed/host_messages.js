// What embed.html accepts from the page that holds its iframe (docs/EMBED.md, "Messages from
// the host"). Only messages from the parent window are read; when the URL names a `host`
// origin, only from that origin. A message must have exactly the documented shape — anything
// else is dropped without a reply. Nothing in a message is ever run: the two commands only
// start a run of the cell on screen and report the height.

import { hostEventVersion } from './host_events.js';

export const hostCommands = Object.freeze({ run: 'bnlab:run', requestHeight: 'bnlab:request-height' });

/** Whether `data` is {type: one of hostCommands, version: 1} and nothing else. */
export function isHostCommand(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const keys = Object.keys(data).sort();
  if (keys.length !== 2 || keys[0] !== 'type' || keys[1] !== 'version') return false;
  return Object.values(hostCommands).includes(data.type) && data.version === hostEventVersion;
}

/**
 * @param {{hostOrigin: string|null, onRun: () => void, onHeight: () => void}} handlers
 * @returns {() => void} stops listening
 */
export function listenToHost({ hostOrigin, onRun, onHeight }) {
  const receive = (event) => {
    if (event.source !== window.parent || window.parent === window) return;
    if (hostOrigin !== null && event.origin !== hostOrigin) return;
    if (!isHostCommand(event.data)) return;
    if (event.data.type === hostCommands.run) onRun();
    else onHeight();
  };
  window.addEventListener('message', receive);
  return () => window.removeEventListener('message', receive);
}
