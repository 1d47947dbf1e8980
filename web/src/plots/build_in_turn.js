// Making a plot (a uPlot: its DOM, a forced layout to read its width, the first draw) costs
// several milliseconds; a cell whose first records arrive makes all of its plots at once (the
// Fig. 1 cell a dozen), which was one page-thread task of well over 50 ms. Plots are made in
// turn instead: at most one per animation frame, the others in the frames after it.

const waiting = [];
let frameSpent = false;

function nextFrame() {
  frameSpent = false;
  const build = waiting.shift();
  if (build !== undefined) buildInTurn(build);
}

/** Runs `build` now when no plot was made in this frame, else in one of the next frames. */
export function buildInTurn(build) {
  if (frameSpent) {
    waiting.push(build);
    return;
  }
  frameSpent = true;
  requestAnimationFrame(nextFrame);
  build();
}
