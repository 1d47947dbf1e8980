// The command line of the step-timing drivers (bench/wasm/step_timing.mjs,
// bench/tfjs/tfjs_step_timing.mjs): one experiment file, positive counts, and flags.
//
//   parseStepOptions(words, { warmup: 50, steps: 300, repeats: 3 }, { '--engine': 'engine' })
// `defaults` holds every option's default: a number makes --name take a positive integer.
// `texts` maps the --name TEXT options the driver takes to their option names. Anything else
// (an option the driver does not take, a count that is not a positive integer) is an error.
export function parseStepOptions(words, defaults, texts = {}) {
  const options = { experimentPath: null, withoutBatchNorm: false, ...defaults };
  const counts = {};
  for (const [name, value] of Object.entries(defaults)) {
    if (typeof value === 'number') counts[`--${name}`] = name;
  }
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word === '--without-batchnorm') {
      options.withoutBatchNorm = true;
    } else if (texts[word] && index + 1 < words.length) {
      options[texts[word]] = words[++index];
    } else if (counts[word] && index + 1 < words.length) {
      const value = Number(words[++index]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${word}: expected a positive integer`);
      options[counts[word]] = value;
    } else if (options.experimentPath === null && !word.startsWith('--')) {
      options.experimentPath = word;
    } else {
      throw new Error(`unknown argument ${word}`);
    }
  }
  if (options.experimentPath === null) throw new Error('expected an experiment file');
  return options;
}
