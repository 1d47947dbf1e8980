// Making a plot (a uPlot: its DOM, a forced layout to read its width, the first draw) costs
// several milliseconds; a cell whose first records arrive makes all of its plots at once (the
// Fig. 1 cell a dozen), which was one page-thread task of well over 50 ms. Plots are made in
// turn instead: one per animation frame, in the frames after the one that asked. A plot off
// screen (plots/screen_watch.js) is made when it comes near the viewport: the Fig. 1 cell's
// first seconds then make the two or three plots a learner sees, not a dozen.

import { dropRemoved, holdsFor, watchScreen } from './screen_watch.js';

/** builds in the order asked: {build, owner} */
const waiting = [];
/** owner → its build, while the owner is off screen */
const parked = new Map();
let framePending = false;

const watch = watchScreen((owner) => {
  const build = parked.get(owner);
  if (build === undefined) return;
  parked.delete(owner);
  buildInTurn(build, owner);
});

function nextFrame() {
  framePending = false;
  // The first build whose plot the observer has reported on screen is made; those reported
  // off screen wait for it, and those not reported on yet (new this frame) keep their place.
  let built = false;
  for (let index = 0; index < waiting.length && !built;) {
    const { build, owner } = waiting[index];
    if (owner?.isConnected === false) {
      // Removed before its turn: never made (nor would the observer ever report on it).
      waiting.splice(index, 1);
    } else if (!watch.settled(owner)) {
      index += 1;
    } else {
      waiting.splice(index, 1);
      if (watch.offScreen(owner)) {
        parked.set(owner, build);
      } else {
        build();
        built = true;
      }
    }
  }
  if (waiting.length > 0) {
    framePending = true;
    requestAnimationFrame(nextFrame);
  }
}

/**
 * Runs `build` in an upcoming animation frame, one plot per frame, once `owner` (the plot's
 * element) is near the viewport. Never in the current task: the cell's render that asked for
 * the plot (new elements, styles, layout) is a task's worth of work already; a Run click that
 * also made the first plot was one task of 42 ms of CPU.
 */
export function buildInTurn(build, owner = null) {
  // A plot removed while it waited off screen is never made.
  dropRemoved(parked);
  // Watched from now: it is made once the observer has said it is on screen.
  watch.offScreen(owner);
  waiting.push({ build, owner });
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(nextFrame);
}

/** Makes at once a plot held back for `element`, an element inside it or one holding it (an export). */
export function buildNowFor(element) {
  for (const [owner, build] of parked) {
    if (!holdsFor(owner, element)) continue;
    parked.delete(owner);
    build();
  }
}

// A printed page shows every plot: make those still waiting off screen before it is laid out
// for print (content-visibility: auto renders every instrument for print).
globalThis.addEventListener?.('beforeprint', () => {
  if (globalThis.document) buildNowFor(globalThis.document.documentElement);
});
