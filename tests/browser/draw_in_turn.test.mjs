// The page's drawing budget per task (web/src/plots/draw_in_turn.js): draws run at once until
// the current task has spent the budget, the rest in tasks of their own, in the order asked,
// each task within the budget; a newer draw of an owner replaces its waiting one; nothing asked
// for is left undrawn. A fake clock and hand-run tasks make it exact. Pure functions, in Node.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createDrawScheduler, drawInTurn } from '../../web/src/plots/draw_in_turn.js';

/** A scheduler on a fake clock: draws advance it; posted tasks and end-of-task callbacks queue. */
function fakePage(budgetMilliseconds = 8) {
  let clock = 0;
  const tasks = [];
  const endOfTask = [];
  /** owners off screen, and the scheduler's callback for one that comes back */
  const away = new Set();
  let onScreenAgain = null;
  const scheduler = createDrawScheduler({
    budgetMilliseconds,
    now: () => clock,
    post: (callback) => tasks.push(callback),
    afterTask: (callback) => endOfTask.push(callback),
    screen: (callback) => {
      onScreenAgain = callback;
      return { offScreen: (owner) => away.has(owner) };
    },
  });
  const drawn = [];
  return {
    scheduler,
    drawn,
    /** Scrolls `owner` out of sight. */
    hide(owner) { away.add(owner); },
    /** Scrolls `owner` back near the viewport, as an IntersectionObserver would report it. */
    show(owner) { if (away.delete(owner)) onScreenAgain(owner); },
    /** A draw named `name` that takes `milliseconds`. */
    draw: (name, milliseconds) => () => { drawn.push(name); clock += milliseconds; },
    /** Ends the current task: what waits for its end runs. */
    endTask() {
      endOfTask.splice(0).forEach((callback) => callback());
    },
    /** Ends the current task, then runs the next posted one; false when none is left. */
    nextTask() {
      this.endTask();
      const task = tasks.shift();
      if (task === undefined) return false;
      const before = drawn.length;
      const started = clock;
      task();
      return { draws: drawn.length - before, milliseconds: clock - started };
    },
    get posted() { return tasks.length; },
  };
}

describe('drawInTurn', () => {
  test('draws past the budget wait for tasks of their own, in order, each task within the budget', () => {
    const page = fakePage(8);
    // Twelve draws of 3 ms asked for in one task: three fit (0, 3, 6 ms spent when each starts).
    for (let index = 0; index < 12; index += 1) page.scheduler.drawInTurn(`plot ${index}`, page.draw(`plot ${index}`, 3));
    assert.deepEqual(page.drawn, ['plot 0', 'plot 1', 'plot 2']);
    assert.equal(page.scheduler.waiting, 9);
    const tasks = [];
    for (let task = page.nextTask(); task; task = page.nextTask()) tasks.push(task);
    assert.deepEqual(page.drawn, Array.from({ length: 12 }, (_, index) => `plot ${index}`));
    assert.deepEqual(tasks.map((task) => task.draws), [3, 3, 3]);
    // A task stops starting draws once the budget is spent: 3 draws of 3 ms, 9 ms at most.
    for (const task of tasks) assert.ok(task.milliseconds <= 8 + 3, `${task.milliseconds} ms`);
    assert.equal(page.scheduler.waiting, 0);
  });

  test('a newer draw of a waiting owner replaces it and keeps its place', () => {
    const page = fakePage(8);
    page.scheduler.drawInTurn('a', page.draw('a: old', 10));  // spends the whole budget
    page.scheduler.drawInTurn('b', page.draw('b: old', 1));
    page.scheduler.drawInTurn('c', page.draw('c', 1));
    page.scheduler.drawInTurn('b', page.draw('b: new', 1));
    assert.equal(page.scheduler.waiting, 2);
    while (page.nextTask());
    assert.deepEqual(page.drawn, ['a: old', 'b: new', 'c']);
  });

  test('a waiting owner asked again in a fresh task is still drawn once, with the newest data', () => {
    const page = fakePage(8);
    page.scheduler.drawInTurn('a', page.draw('a 1', 9));
    page.scheduler.drawInTurn('b', page.draw('b 1', 1));
    // The task ends before b's turn; a new task asks for b again while it waits.
    page.endTask();
    page.scheduler.drawInTurn('b', page.draw('b 2', 1));
    while (page.nextTask());
    assert.deepEqual(page.drawn, ['a 1', 'b 2']);
  });

  test('each task has its own budget: a later task draws at once again', () => {
    const page = fakePage(8);
    page.scheduler.drawInTurn('a', page.draw('a', 9));
    page.scheduler.drawInTurn('b', page.draw('b', 1));
    assert.deepEqual(page.drawn, ['a']);
    while (page.nextTask());
    page.scheduler.drawInTurn('c', page.draw('c', 1));
    assert.deepEqual(page.drawn, ['a', 'b', 'c']);
    assert.equal(page.posted, 0);
  });

  test('a draw that throws in a drain still leaves the draws behind it a task of their own', () => {
    const page = fakePage(8);
    for (let index = 0; index < 3; index += 1) page.scheduler.drawInTurn(`plot ${index}`, page.draw(`plot ${index}`, 3));
    page.scheduler.drawInTurn('broken', () => { throw new Error('broken plot'); });
    page.scheduler.drawInTurn('plot 3', page.draw('plot 3', 3));
    assert.equal(page.scheduler.waiting, 2);
    assert.throws(() => page.nextTask(), /broken plot/);
    // Nothing else asks for a draw: the drain that threw has posted the next one itself.
    assert.equal(page.posted, 1);
    assert.ok(page.nextTask());
    assert.deepEqual(page.drawn, ['plot 0', 'plot 1', 'plot 2', 'plot 3']);
    assert.equal(page.scheduler.waiting, 0);
  });

  test('a draw off screen waits, the newest one only, until its owner comes back near the viewport', () => {
    const page = fakePage(8);
    page.hide('below');
    page.scheduler.drawInTurn('below', page.draw('below 1', 1));
    page.scheduler.drawInTurn('above', page.draw('above', 1));
    page.scheduler.drawInTurn('below', page.draw('below 2', 1));
    assert.deepEqual(page.drawn, ['above']);
    assert.equal(page.scheduler.parked, 1);
    assert.equal(page.nextTask(), false, 'nothing is posted for a parked draw');
    page.show('below');
    assert.equal(page.scheduler.parked, 0);
    while (page.nextTask());
    assert.deepEqual(page.drawn, ['above', 'below 2']);
    // Back on screen, its draws run at once again.
    page.endTask();
    page.scheduler.drawInTurn('below', page.draw('below 3', 1));
    assert.deepEqual(page.drawn, ['above', 'below 2', 'below 3']);
  });

  test('a waiting draw whose owner leaves the screen is parked, not drawn, and a return draws it once', () => {
    const page = fakePage(8);
    page.scheduler.drawInTurn('first', page.draw('first', 9));
    page.scheduler.drawInTurn('plot', page.draw('plot 1', 1));
    assert.equal(page.scheduler.waiting, 1);
    page.hide('plot');
    page.scheduler.drawInTurn('plot', page.draw('plot 2', 1));
    assert.equal(page.scheduler.waiting, 0);
    while (page.nextTask());
    assert.deepEqual(page.drawn, ['first']);
    page.show('plot');
    page.show('plot');
    while (page.nextTask());
    assert.deepEqual(page.drawn, ['first', 'plot 2']);
  });

  test('drawNow draws what waits or is parked for an element, one inside it or one holding it', () => {
    const page = fakePage(8);
    // Stand-ins for DOM elements: contains() as Node.contains.
    const element = (name, parent = null) => ({ name, parent, contains(other) { for (let node = other; node; node = node.parent) if (node === this) return true; return false; } });
    const cell = element('cell');
    const plot = element('plot', cell);
    const canvas = element('canvas', plot);
    const elsewhere = element('elsewhere');
    page.hide(plot);
    page.hide(elsewhere);
    page.scheduler.drawInTurn(plot, page.draw('plot', 1));
    page.scheduler.drawInTurn(elsewhere, page.draw('elsewhere', 1));
    page.scheduler.drawNow(canvas);
    assert.deepEqual(page.drawn, ['plot']);
    assert.equal(page.scheduler.parked, 1);
    page.scheduler.drawNow(cell);
    assert.deepEqual(page.drawn, ['plot'], 'elsewhere is neither inside the cell nor holding it');
  });

  test('the page scheduler runs in Node on real tasks: every draw happens', async () => {
    const drawn = [];
    for (let index = 0; index < 40; index += 1) {
      drawInTurn(`owner ${index}`, () => {
        drawn.push(index);
        const until = performance.now() + 1;
        while (performance.now() < until);
      });
    }
    assert.ok(drawn.length < 40, `${drawn.length} drawn in the first task`);
    for (let wait = 0; wait < 200 && drawn.length < 40; wait += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(drawn, Array.from({ length: 40 }, (_, index) => index));
  });
});
