// The engine reports divergence in English ("diverged at step 12: loss became NaN (last
// recorded loss 3.1e+08 at step 11)", engine/training/run.cpp). The page says the same in the
// page's language; a message of another shape is shown as the engine wrote it.

const enginePattern = /^diverged at step (\d+): loss became (NaN|infinite)(?: \(last recorded loss (\S+) at step (\d+)\))?/;

// progress().divergence is {step, cause, lastLoss, tensor, message} (docs/API.md).
const messageOf = (divergence) => (divergence && typeof divergence === 'object' ? divergence.message : divergence);

/** The step a divergence names, or null. */
export function divergenceStep(divergence) {
  if (divergence && typeof divergence === 'object') return divergence.step;
  const match = enginePattern.exec(divergence ?? '');
  return match ? Number(match[1]) : null;
}

/** The divergence message in the page's language. */
export function divergenceText(divergence, t) {
  const message = messageOf(divergence);
  const match = enginePattern.exec(message ?? '');
  if (!match) return message ?? '';
  const [, step, what, lastLoss, lastStep] = match;
  const sentence = t('divergence.message', { step, value: t(`divergence.value.${what}`) });
  return lastLoss === undefined ? sentence : `${sentence} ${t('divergence.lastLoss', { loss: lastLoss, step: lastStep })}`;
}
