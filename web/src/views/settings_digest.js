// One line that says what a cell will train, shown on the collapsed settings:
// "MNIST · 784-32-32-10 · ReLU · BN before the activation · SGD, lr 0.1 · batch 64 · 550 steps".

import { datasetCatalog } from '../settings/dataset_catalog.js';

export function settingsDigest(settings, t) {
  const facts = datasetCatalog[settings.dataset];
  if (facts === undefined || !Array.isArray(settings.hiddenLayers)) return '';
  const outputs = facts.task === 'regression' ? 1 : (facts.classesAdjustable ? settings.classes : facts.classes);
  const shape = [facts.inputs, ...settings.hiddenLayers, outputs].join('-');
  return [
    t(`choice.dataset.${settings.dataset}`),
    shape,
    t(`choice.activation.${settings.activation}`),
    t(`choice.batchNorm.${settings.batchNorm}`),
    t('digest.optimizer', { optimizer: t(`choice.optimizer.${settings.optimizer}`), rate: settings.learningRate }),
    t('digest.batch', { size: settings.batchSize }),
    t('digest.steps', { steps: settings.steps }),
  ].join(' · ');
}
