// Which drawings are off screen, for the page's draw scheduler (plots/draw_in_turn.js): a plot
// or heat map far from the viewport waits to be drawn until it comes near it. While the Fig. 1
// pair trained, a dozen views below the fold were redrawn twice a second; with their draws and
// their canvases' commits gone, the page thread's long tasks fell from ~60 to ~10 in a
// 2 × 20 000-step trace (bench/page/page_trace.mjs, docs/PERFORMANCE.md).
//
// "Near" is within half a viewport above or below, the margin Chromium's content-visibility:
// auto uses (page.css skips the rendering of off-screen instruments): a view is drawn before
// the learner scrolls it into sight. An element is on screen until an IntersectionObserver
// says otherwise, so nothing waits where there is no observer (Node, old browsers) or before
// its first report.

const nearViewport = '50% 0px 50% 0px';

/**
 * Whether a drawing held for `owner` is one for `element`: the same element, one inside it or
 * one holding it (an export or a print asks for a cell, a plot or a canvas).
 */
export function holdsFor(owner, element) {
  return owner === element || (typeof owner?.contains === 'function' && (owner.contains(element) || element.contains(owner)));
}

/** Forgets the entries of `held` (owner → callback) whose owner was taken out of the page. */
export function dropRemoved(held) {
  for (const owner of held.keys()) if (owner?.isConnected === false) held.delete(owner);
}

/**
 * Resolves once the page has laid `element` out again and the observers have reported on it: a
 * new IntersectionObserver reports on its target after the next layout, in the same task as
 * every other observer's report (watchScreen's), so a task later their state is up to date.
 * At once where there is no observer.
 */
export function afterNextLayout(element) {
  const Observer = globalThis.IntersectionObserver;
  if (typeof Observer !== 'function' || typeof globalThis.Element !== 'function' || !(element instanceof globalThis.Element)) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const observer = new Observer(() => {
      observer.disconnect();
      setTimeout(resolve, 0);
    }, { rootMargin: nearViewport });
    observer.observe(element);
  });
}

/**
 * @param {(element: Element) => void} onScreenAgain  called when an element seen off screen
 *   comes near the viewport again
 * @returns {{offScreen: (owner: unknown) => boolean, settled: (owner: unknown) => boolean}}
 *   offScreen: whether the observer last reported `owner` away (watching it from now on);
 *   settled: whether it has reported on `owner` at all (anything not an element is settled)
 */
export function watchScreen(onScreenAgain) {
  const Observer = globalThis.IntersectionObserver;
  const Node = globalThis.Element;
  if (typeof Observer !== 'function' || typeof Node !== 'function') return { offScreen: () => false, settled: () => true };
  /** elements observed, those the observer has reported on, and those last reported off screen */
  const watched = new Set();
  const reported = new Set();
  const away = new Set();
  let sweepAt = 64;

  const observer = new Observer((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (!target.isConnected) {
        forget(target);
        continue;
      }
      reported.add(target);
      if (isIntersecting) {
        if (away.delete(target)) onScreenAgain(target);
      } else {
        away.add(target);
      }
    }
  }, { rootMargin: nearViewport });

  function forget(element) {
    observer.unobserve(element);
    watched.delete(element);
    reported.delete(element);
    away.delete(element);
  }

  // A view removed while off screen gets no more reports: forget such elements now and then,
  // so the observer does not keep them alive.
  function sweep() {
    for (const element of watched) if (!element.isConnected) forget(element);
    sweepAt = Math.max(64, 2 * watched.size);
  }

  return {
    offScreen(owner) {
      if (!(owner instanceof Node)) return false;
      if (!watched.has(owner)) {
        if (watched.size >= sweepAt) sweep();
        watched.add(owner);
        observer.observe(owner);
      }
      return away.has(owner);
    },
    settled(owner) {
      return !(owner instanceof Node) || reported.has(owner);
    },
  };
}
