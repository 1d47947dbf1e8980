// What the page knows about each dataset before loading it: the task, the number of classes,
// how many samples exist (real sets ship fixed files, docs/DATASETS.md) and which files the
// worker must fetch. The settings table validates sample counts against these numbers so that
// a learner sees the limit next to the control instead of an engine error after pressing Run.

/** @typedef {{
 *   kind: string, family: 'images'|'generated', task: 'classification'|'regression', inputs: number,
 *   classes: number, classesAdjustable: boolean, maximumClasses: number,
 *   trainAvailable?: number, testAvailable?: number, folder?: string,
 *   defaultPreprocessing: string }} DatasetFacts */

/** @type {Record<string, DatasetFacts>} */
export const datasetCatalog = Object.freeze({
  mnist: {
    kind: 'mnist', family: 'images', task: 'classification', inputs: 784, classes: 10,
    classesAdjustable: false, maximumClasses: 10,
    trainAvailable: 8004, testAvailable: 1996, folder: 'mnist', defaultPreprocessing: 'scale_to_unit',
  },
  fashion_mnist: {
    kind: 'fashion_mnist', family: 'images', task: 'classification', inputs: 784, classes: 10,
    classesAdjustable: false, maximumClasses: 10,
    trainAvailable: 5000, testAvailable: 1000, folder: 'fashion-mnist', defaultPreprocessing: 'scale_to_unit',
  },
  spirals: {
    kind: 'spirals', family: 'generated', task: 'classification', inputs: 2, classes: 2,
    classesAdjustable: true, maximumClasses: 10, defaultPreprocessing: 'standardize',
  },
  circles: {
    kind: 'circles', family: 'generated', task: 'classification', inputs: 2, classes: 2,
    classesAdjustable: false, maximumClasses: 2, defaultPreprocessing: 'standardize',
  },
  xor: {
    kind: 'xor', family: 'generated', task: 'classification', inputs: 2, classes: 2,
    classesAdjustable: false, maximumClasses: 2, defaultPreprocessing: 'standardize',
  },
  moons: {
    kind: 'moons', family: 'generated', task: 'classification', inputs: 2, classes: 2,
    classesAdjustable: false, maximumClasses: 2, defaultPreprocessing: 'standardize',
  },
  blobs: {
    kind: 'blobs', family: 'generated', task: 'classification', inputs: 2, classes: 3,
    classesAdjustable: true, maximumClasses: 10, defaultPreprocessing: 'standardize',
  },
  scaled_regression: {
    kind: 'scaled_regression', family: 'generated', task: 'regression', inputs: 3, classes: 0,
    classesAdjustable: false, maximumClasses: 0, defaultPreprocessing: 'standardize',
  },
});

export const datasetNames = Object.freeze(Object.keys(datasetCatalog));

/** The files a worker must place in the engine's file system for this dataset (none if generated). */
export function datasetFiles(datasetName) {
  const facts = datasetCatalog[datasetName];
  if (facts.family !== 'images') return [];
  return ['train', 'test'].flatMap((part) => ['images', 'labels'].map((content) => ({
    // The site ships gzip copies (build/data/site); the engine reads the plain IDX bytes.
    url: `data/${facts.folder}/${part}-${content}.idx.gz`,
    enginePath: `/data/${facts.folder}/${part}-${content}.idx`,
  })));
}
