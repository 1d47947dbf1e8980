// Type-checked by `tsc --noEmit -p tests/types` in npm test: the JavaScript API as a
// TypeScript user writes it. A change to bnlab.d.ts that breaks this usage fails the test run.
import {
  ConfigError, loadEngine, variantNames,
  type ConfigProblem, type Engine, type ExpandedSweep, type Progress, type SampleArrays, type Sweep,
  type ValidationResult, type VariantName,
} from '../../bindings/js/bnlab.js';

export async function trainEveryVariant(experiment: Record<string, unknown>): Promise<string[]> {
  const engine: Engine = await loadEngine();
  const checked: ValidationResult = engine.validateExperiment(experiment);
  if (!checked.ok) {
    const problem: ConfigProblem = checked.problems[0];
    return [`${problem.path} ${problem.code} ${problem.message}`];
  }
  const schema: Record<string, unknown> = engine.experimentSchema();
  const lines: string[] = [String(schema.title)];
  for (const variant of variantNames) {
    const chosen: VariantName = variant;
    const run = engine.createRun(experiment, { variant: chosen });
    try {
      const digest: string = run.initialWeightsDigest();
      let progress: Progress = run.step(10);
      while (progress.status === 'training') progress = run.step(10);
      const points: SampleArrays = run.samples('test', { from: 0, count: 10 });
      const first: number = points.inputs[0] + points.labels[0];
      lines.push(`${chosen} ${digest} ${progress.stepsDone} ${points.total} ${points.sampleShape.join('x')} ${first}`);
    } catch (error) {
      if (error instanceof ConfigError) lines.push(`${error.path}: ${error.code} ${JSON.stringify(error.params)}`);
      else throw error;
    } finally {
      run.delete();
    }
  }
  return lines;
}

// A sweep as the page's worker pool runs it: the engine expands the grid and decides which
// results count as stable.
export async function highestStableRate(sweep: Sweep): Promise<Record<string, number>> {
  const engine: Engine = await loadEngine();
  const expanded: ExpandedSweep = engine.expandSweep(sweep);
  const highest: Record<string, number> = {};
  for (const cell of expanded.cells) {
    for (const variant of expanded.variants) {
      const run = engine.createRun(cell.experiment, { variant });
      try {
        while (run.step(100).status === 'training') { /* train the cell */ }
        run.finalize();
        const rate = Number(cell.values['optimizer.learning_rate']);
        if (engine.sweepResultIsStable(sweep, run.summary())) highest[variant] = Math.max(highest[variant] ?? 0, rate);
      } finally {
        run.delete();
      }
    }
  }
  return highest;
}
