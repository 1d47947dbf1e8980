// The records of one run as the page has received them: the training-loss curve and the
// evaluation curves of each split. Appended to by the session, read by the plots.

export const splitNames = Object.freeze(['train', 'validation', 'test']);
export const evaluationMetrics = Object.freeze(['loss', 'accuracy', 'mae', 'mse', 'rmse', 'rmsle', 'r2']);

function emptyEvaluationColumns() {
  return { step: [], final: [], ...Object.fromEntries(evaluationMetrics.map((metric) => [metric, []])) };
}

export class RunHistory {
  lossSteps = [];
  losses = [];
  /** split -> {step: [], final: [], loss: [], accuracy: [], ...} */
  evaluations = Object.fromEntries(splitNames.map((split) => [split, emptyEvaluationColumns()]));

  /** Adds the columns of one worker message (either may be null). */
  append(lossColumns, evaluationColumns) {
    if (lossColumns) {
      for (let index = 0; index < lossColumns.step.length; index += 1) {
        this.lossSteps.push(lossColumns.step[index]);
        this.losses.push(lossColumns.loss[index]);
      }
    }
    if (evaluationColumns) {
      for (const split of splitNames) {
        const incoming = evaluationColumns[split];
        if (!incoming) continue;
        const target = this.evaluations[split];
        for (let index = 0; index < incoming.step.length; index += 1) {
          target.step.push(incoming.step[index]);
          target.final.push(incoming.final[index]);
          for (const metric of evaluationMetrics) target[metric].push(incoming[metric][index]);
        }
      }
    }
  }

  /**
   * One evaluation curve: {x: steps, y: values} of `metric` on `split`. The final evaluation
   * is included only where it adds a point (a run stopped between two regular evaluations).
   */
  evaluationCurve(split, metric) {
    const columns = this.evaluations[split];
    const x = [];
    const y = [];
    for (let index = 0; index < columns.step.length; index += 1) {
      const step = columns.step[index];
      if (columns.final[index] && x.length > 0 && x[x.length - 1] >= step) continue;
      x.push(step);
      y.push(columns[metric][index]);
    }
    return { x, y };
  }

  /**
   * Whether `split` has periodic evaluations (a curve), not only the final one: a run whose
   * training.evaluate_splits leaves a split out evaluates it once, at the end.
   */
  hasCurve(split) {
    return this.evaluations[split].final.some((final) => !final);
  }

  /** Whether any evaluation of `split` has been received. */
  hasSplit(split) {
    return this.evaluations[split].step.length > 0;
  }
}
