// Which files of the site (build/site/data, docs/DATASETS.md) an experiment's dataset needs in
// the engine's file system. Generated sets need none. This is about what the site ships, not
// about what the engine accepts: an unknown kind needs no file, and the engine names it.

const folders = Object.freeze({ mnist: 'mnist', fashion_mnist: 'fashion-mnist' });

/** [{url (relative to the site), enginePath}] for the experiment's dataset. */
export function datasetFilesOf(experiment) {
  const folder = folders[experiment?.dataset?.kind];
  if (folder === undefined) return [];
  return ['train', 'test'].flatMap((part) => ['images', 'labels'].map((content) => ({
    // The site ships gzip copies (build/data/site); the engine reads the plain IDX bytes.
    url: `data/${folder}/${part}-${content}.idx.gz`,
    enginePath: `/data/${folder}/${part}-${content}.idx`,
  })));
}
