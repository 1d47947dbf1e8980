// A divergence as the engine reports it — the structured record of progress().divergence:
// {step, cause: loss_not_finite | parameter_not_finite | gradient_not_finite |
// buffer_not_finite, lastLoss, tensor, message} — in the page's language. Nothing is parsed
// out of English text: a record the page cannot read (an older engine's sentence, a cause it
// has no text for) is shown as the engine wrote it.

/** The step a divergence happened at, or null when the record does not say. */
export function divergenceStep(divergence) {
  return divergence !== null && typeof divergence === 'object' && Number.isFinite(divergence.step) ? divergence.step : null;
}

/** The divergence in the page's language. */
export function divergenceText(divergence, t, formatLoss = String) {
  if (divergence === null || divergence === undefined) return '';
  if (typeof divergence !== 'object') return String(divergence);
  const key = `divergence.cause.${divergence.cause}`;
  if (!t.has(key) || divergenceStep(divergence) === null) return String(divergence.message ?? '');
  const sentence = t(key, { step: divergence.step, tensor: divergence.tensor || '?' });
  const lastLoss = Number.isFinite(divergence.lastLoss) ? ` ${t('divergence.lastLoss', { loss: formatLoss(divergence.lastLoss) })}` : '';
  return `${sentence}${lastLoss} ${t('divergence.stopped')}`;
}
