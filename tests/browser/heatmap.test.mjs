// Heat maps and grey images painted straight into ImageData (web/src/plots/heatmap.js): which
// pixel each cell lands on, and what colour. A fake canvas records the image it is handed, so
// the orientation and the alpha are exact. Pure functions, in Node.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { paintCells, paintGrey } from '../../web/src/plots/heatmap.js';

/** A canvas whose 2-D context keeps the last image put on it. */
function fakeCanvas() {
  const canvas = {
    width: 300,
    height: 150,
    image: null,
    getContext: () => ({
      createImageData: (width, height) => ({ width, height, data: new Uint8ClampedArray(4 * width * height) }),
      putImageData: (image, x, y) => {
        assert.deepEqual([x, y], [0, 0]);
        canvas.image = image;
      },
    }),
  };
  return canvas;
}

/** [r, g, b, a] of the pixel at (column, line), line 0 being the image's top. */
function pixelAt(canvas, column, line) {
  const offset = 4 * (line * canvas.image.width + column);
  return Array.from(canvas.image.data.slice(offset, offset + 4));
}

describe('heat map painting', () => {
  test('paintCells puts row 0 at the bottom, reads colours by index and makes a missing alpha opaque', () => {
    const canvas = fakeCanvas();
    paintCells(canvas, 3, 2, (column, row) => (row === 0 ? [column, 10, 20] : [column, 30, 40, 128]));
    assert.deepEqual([canvas.width, canvas.height], [3, 2]);
    assert.deepEqual(pixelAt(canvas, 2, 1), [2, 10, 20, 255], 'row 0 is the bottom line, opaque');
    assert.deepEqual(pixelAt(canvas, 1, 0), [1, 30, 40, 128], 'row 1 is the top line, with its alpha');
  });

  test('paintGrey paints levels in image order, top line first, opaque', () => {
    const canvas = fakeCanvas();
    paintGrey(canvas, 2, 3, Uint8ClampedArray.from([0, 50, 100, 150, 200, 255]));
    assert.deepEqual([canvas.width, canvas.height], [2, 3]);
    assert.deepEqual(pixelAt(canvas, 0, 0), [0, 0, 0, 255]);
    assert.deepEqual(pixelAt(canvas, 1, 0), [50, 50, 50, 255]);
    assert.deepEqual(pixelAt(canvas, 0, 2), [200, 200, 200, 255]);
    assert.deepEqual(pixelAt(canvas, 1, 2), [255, 255, 255, 255]);
  });

  test('an empty size paints nothing and leaves the canvas as it was', () => {
    const canvas = fakeCanvas();
    paintGrey(canvas, 0, 3, new Uint8ClampedArray(0));
    paintCells(canvas, 4, 0, () => [0, 0, 0]);
    assert.deepEqual([canvas.width, canvas.height, canvas.image], [300, 150, null]);
  });
});
