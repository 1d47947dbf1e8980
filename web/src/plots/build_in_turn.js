// Making a plot (a uPlot: its DOM, a forced layout to read its width, the first draw) costs
// several milliseconds; a cell whose first records arrive makes all of its plots at once (the
// Fig. 1 cell a dozen), which was one page-thread task of well over 50 ms. Plots are made in
// turn instead: one per animation frame, in the frames after the one that asked.

const waiting = [];
let framePending = false;

function nextFrame() {
  framePending = false;
  const build = waiting.shift();
  if (build !== undefined) build();
  if (waiting.length > 0) {
    framePending = true;
    requestAnimationFrame(nextFrame);
  }
}

/**
 * Runs `build` in an upcoming animation frame, one plot per frame. Never in the current task:
 * the cell's render that asked for the plot (new elements, styles, layout) is a task's worth
 * of work already; a Run click that also made the first plot was one task of 42 ms of CPU.
 */
export function buildInTurn(build) {
  waiting.push(build);
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(nextFrame);
}
