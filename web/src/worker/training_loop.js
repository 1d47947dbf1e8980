// The training loop of one run, inside its worker. It steps the engine in chunks of about
// `chunkMilliseconds` and yields to the worker's event loop between chunks, so pause, step and
// stop messages take effect within one chunk, and two runs in one worker (a group) alternate
// chunk by chunk. The page thread never trains.

const chunkMilliseconds = 20;
const maximumChunkSteps = 10000;

/** What the page asked of the running loop; message handlers flip it, the loop reads it. */
export class RunControl {
  paused = false;
  stopRequested = false;
  pendingSteps = 0;
  /** while paused: train on until this many steps are done (lockstep), or null */
  targetStep = null;
  #wake = null;

  pause() { this.paused = true; }
  resume() { this.paused = false; this.targetStep = null; this.#wakeUp(); }
  stepOnce() { this.pendingSteps += 1; this.#wakeUp(); }
  advanceTo(step) {
    if (Number.isInteger(step) && step >= 0) this.targetStep = Math.max(this.targetStep ?? 0, step);
    this.#wakeUp();
  }
  stop() { this.stopRequested = true; this.#wakeUp(); }

  /** Resolves at the next resume, step or stop. */
  nextRequest() {
    return new Promise((resolve) => { this.#wake = resolve; });
  }

  #wakeUp() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/**
 * Sizes chunks from the measured time per step: about `chunkMilliseconds` of stepping between
 * two yields, whatever the network costs (adaptive, not a fixed step count). The runs of a
 * group (one worker training a cell's variants) share one sizer, so they take the same number
 * of steps chunk after chunk and stay in lockstep; its time per step is their mean.
 */
export class ChunkSizer {
  #millisecondsPerStep = null;

  nextChunk() {
    if (this.#millisecondsPerStep === null) return 1;
    const steps = Math.round(chunkMilliseconds / Math.max(this.#millisecondsPerStep, 1e-3));
    return Math.min(maximumChunkSteps, Math.max(1, steps));
  }

  record(perStep) {
    // A moving average: the first chunks include warm-up, and evaluation steps take longer.
    this.#millisecondsPerStep = this.#millisecondsPerStep === null ? perStep : 0.7 * this.#millisecondsPerStep + 0.3 * perStep;
  }
}

/** A run's training speed (steps per second while actually stepping; pauses do not count). */
class StepSpeed {
  #millisecondsPerStep = null;
  stepsPerSecond = 0;

  record(perStep) {
    this.#millisecondsPerStep = this.#millisecondsPerStep === null ? perStep : 0.7 * this.#millisecondsPerStep + 0.3 * perStep;
    this.stepsPerSecond = 1000 / this.#millisecondsPerStep;
  }
}

/** Lets queued messages (pause, stop, ...) run before the next chunk, without timer clamping. */
function createYielder() {
  const channel = new MessageChannel();
  let resume = null;
  channel.port1.onmessage = () => { const next = resume; resume = null; next?.(); };
  return {
    yield: () => new Promise((resolve) => { resume = resolve; channel.port2.postMessage(null); }),
    close: () => { channel.port1.close(); channel.port2.close(); },
  };
}

/**
 * Trains `run` until it completes, diverges or is stopped.
 * @param {import('@bnlab/api').Run} run
 * @param {RunControl} control
 * @param {(progress: object, details: {stepsPerSecond: number, paused: boolean, urgent: boolean}) => void} report
 * @param {ChunkSizer} [chunks]  shared by the runs of a group (see ChunkSizer)
 * @returns {Promise<{progress: object, stopped: boolean}>}
 */
export async function trainUntilDone(run, control, report, chunks = new ChunkSizer()) {
  const pacer = new StepSpeed();
  const yielder = createYielder();
  let progress = run.progress();
  try {
    while (progress.status === 'training' && !control.stopRequested) {
      // Paused, a lockstep target still ahead: train on (in chunks) up to exactly that step.
      const behind = control.paused && control.targetStep !== null ? control.targetStep - progress.stepsDone : 0;
      if (control.paused && control.pendingSteps === 0 && behind <= 0) {
        control.targetStep = null;
        report(progress, { stepsPerSecond: pacer.stepsPerSecond, paused: true, urgent: true });
        await control.nextRequest();
        continue;
      }
      const singleStep = control.paused && behind <= 0;
      if (singleStep) control.pendingSteps -= 1;
      const count = singleStep ? 1 : (behind > 0 ? Math.min(behind, chunks.nextChunk()) : chunks.nextChunk());
      const started = performance.now();
      progress = run.step(count);
      if (!singleStep && progress.taken > 0) {
        const perStep = Math.max(performance.now() - started, 0.01) / progress.taken;
        chunks.record(perStep);
        pacer.record(perStep);
      }
      report(progress, { stepsPerSecond: pacer.stepsPerSecond, paused: control.paused && behind <= 0, urgent: singleStep });
      await yielder.yield();
    }
  } finally {
    yielder.close();
  }
  return { progress, stopped: progress.status === 'training' };
}
