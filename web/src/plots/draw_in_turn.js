// Redrawing within a budget per page-thread task. While a Fig. 1 pair trains, a cell refresh
// redraws a dozen plots and heatmaps; drawn together they were one task of 15–40 ms of CPU,
// and on 2 cores, behind two training workers, such a task waited for a core long enough to
// last well over 50 ms (66 of them in a 50 000-step pair). A draw runs at once while the
// current task has spent less than the budget on drawing; later ones wait for tasks of their
// own, in the order asked, so a click between them is answered. A newer draw of the same owner
// replaces its waiting one: only the latest data is drawn. A draw of an element that is off
// screen (plots/screen_watch.js) is parked instead, and joins the line when the element comes
// near the viewport: only what the learner can see costs the page thread anything.

import { dropRemoved, holdsFor, watchScreen } from './screen_watch.js';

/**
 * @param {{budgetMilliseconds?: number, now?: () => number, post?: (callback: () => void) => void,
 *   afterTask?: (callback: () => void) => void,
 *   screen?: (onScreenAgain: (owner: unknown) => void) => {offScreen: (owner: unknown) => boolean}}} [options]
 *   now: the clock; post: runs a callback in a task of its own (a MessageChannel message);
 *   afterTask: runs a callback once the current task is over (setTimeout 0); screen: tells
 *   which owners are off screen, and calls back when one comes near it again
 */
export function createDrawScheduler({
  budgetMilliseconds = 8,
  now = () => performance.now(),
  post = postTask,
  afterTask = (callback) => setTimeout(callback, 0),
  screen = watchScreen,
} = {}) {
  /** owner → its waiting draw, in the order first asked */
  const waiting = new Map();
  /** owner → its newest draw, while the owner is off screen */
  const parked = new Map();
  const watch = screen((owner) => {
    const draw = parked.get(owner);
    if (draw === undefined) return;
    parked.delete(owner);
    waiting.set(owner, draw);
    postDrain();
  });
  /** when the first draw of the current task began, or null when none ran yet */
  let spentSince = null;
  let drainPosted = false;

  function startSpending() {
    if (spentSince !== null) return;
    spentSince = now();
    afterTask(() => { spentSince = null; });
  }

  function withinBudget() {
    startSpending();
    return now() - spentSince < budgetMilliseconds;
  }

  function drain() {
    drainPosted = false;
    spentSince = now();
    try {
      for (const [owner, draw] of waiting) {
        if (now() - spentSince >= budgetMilliseconds) break;
        waiting.delete(owner);
        draw();
      }
    } finally {
      // A draw that throws (its error still reaches the console) must not strand the draws
      // behind it until some later drawInTurn call happens to post a drain.
      spentSince = null;
      if (waiting.size > 0) postDrain();
    }
  }

  function postDrain() {
    if (drainPosted) return;
    drainPosted = true;
    post(drain);
  }

  return {
    /** Draws now within the budget, else in a later task; `owner` identifies the drawing. */
    drawInTurn(owner, draw) {
      if (watch.offScreen(owner)) {
        waiting.delete(owner);
        // An owner removed while parked is never drawn: forget it.
        dropRemoved(parked);
        parked.set(owner, draw);
        return;
      }
      parked.delete(owner);
      if (!waiting.has(owner) && withinBudget()) {
        draw();
        return;
      }
      // Behind the others (or replacing its own waiting draw, which keeps its place).
      waiting.set(owner, draw);
      postDrain();
    },
    /**
     * Draws now whatever waits or is parked for `element`, an element inside it or one holding
     * it: what is exported (a plot as PNG) must be drawn, on screen or not.
     */
    drawNow(element) {
      for (const line of [waiting, parked]) {
        for (const [owner, draw] of line) {
          if (!holdsFor(owner, element)) continue;
          line.delete(owner);
          draw();
        }
      }
    },
    /** How many draws wait (the tests read it). */
    get waiting() { return waiting.size; },
    /** How many draws are parked off screen (the tests read it). */
    get parked() { return parked.size; },
  };
}

function postTask(callback) {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

const pageScheduler = createDrawScheduler();

/** The page's one scheduler: every plot and heatmap shares its budget. */
export function drawInTurn(owner, draw) {
  pageScheduler.drawInTurn(owner, draw);
}

/** Draws at once what the page's scheduler holds for `element` (see drawNow above). */
export function drawNowFor(element) {
  pageScheduler.drawNow(element);
}

// A printed page shows every plot with its newest data: draw what waits off screen first.
globalThis.addEventListener?.('beforeprint', () => {
  if (globalThis.document) pageScheduler.drawNow(globalThis.document.documentElement);
});
