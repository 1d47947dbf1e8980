// Heatmaps drawn straight from typed arrays: one pixel per cell through ImageData, then scaled
// up by the canvas's CSS size (image-rendering: pixelated). No chart framework; one putImageData
// per redraw.

/** A light-to-dark blue ramp for intensities in [0, 1] (white is zero). */
export function blueRamp(intensity) {
  const value = Math.min(1, Math.max(0, intensity));
  return [Math.round(255 - 225 * value), Math.round(255 - 175 * value), Math.round(255 - 80 * value)];
}

/** A light-to-dark orange ramp, for cells that mean "outside the range" (histogram overflow). */
export function orangeRamp(intensity) {
  const value = Math.min(1, Math.max(0, intensity));
  return [Math.round(255 - 75 * value), Math.round(255 - 165 * value), Math.round(255 - 235 * value)];
}

/** A blank image of `columns × rows` pixels for `canvas`, resized to it; null for an empty size. */
function imageFor(canvas, columns, rows) {
  if (columns <= 0 || rows <= 0) return null;
  if (canvas.width !== columns) canvas.width = columns;
  if (canvas.height !== rows) canvas.height = rows;
  return canvas.getContext('2d').createImageData(columns, rows);
}

/**
 * Paints `columns × rows` cells on `canvas` (resized to that many pixels); `colourAt(column,
 * row)` returns [r, g, b] or [r, g, b, a]. Row 0 is drawn at the bottom (y grows upward).
 */
export function paintCells(canvas, columns, rows, colourAt) {
  const image = imageFor(canvas, columns, rows);
  if (image === null) return;
  const { data } = image;
  for (let row = 0; row < rows; row += 1) {
    const line = rows - 1 - row;
    for (let column = 0; column < columns; column += 1) {
      // Read by index, not destructured: a destructuring with a default goes through the
      // iterator protocol, which before V8 optimizes this loop (the first heat maps painted as
      // the first records arrive) cost ~1 ms per 784 cells.
      const colour = colourAt(column, row);
      const offset = 4 * (line * columns + column);
      data[offset] = colour[0];
      data[offset + 1] = colour[1];
      data[offset + 2] = colour[2];
      data[offset + 3] = colour.length > 3 ? colour[3] : 255;
    }
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

/**
 * Paints a grey image of `columns × rows` pixels on `canvas` (resized to it) from `levels`, one
 * grey level (0 black … 255 white) per pixel in image order (row 0 at the top). An image has
 * no use for paintCells' callback per cell: a strip of 28 × 28 digits is ~20 000 pixels, painted
 * as the first confusion records arrive, before V8 has optimized any of it.
 */
export function paintGrey(canvas, columns, rows, levels) {
  const image = imageFor(canvas, columns, rows);
  if (image === null) return;
  const { data } = image;
  for (let pixel = 0; pixel < columns * rows; pixel += 1) {
    const level = levels[pixel];
    data[4 * pixel] = level;
    data[4 * pixel + 1] = level;
    data[4 * pixel + 2] = level;
    data[4 * pixel + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

/** How many canvas pixels in `canvases` are not fully transparent (the tests read it). */
export function paintedPixels(canvas) {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted += 1;
  return painted;
}
