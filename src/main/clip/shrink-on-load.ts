// What sharp's JPEG shrink-on-load does to the geometry of a resize, so that the pre-shrink
// shortcuts keep the image's own geometry. sharp decodes a JPEG at 1/s in the DCT domain when a
// resize asks for enough shrinking, and libvips keeps floor(size / s) pixels of that decode: when a
// side is not a multiple of s, the last s - (size mod s) source pixels' worth of picture is cut off
// and the resize then stretches the rest over the whole output. Taken as the whole picture, such an
// output is off by up to a pixel per s source pixels, growing across the image: at 1195x896 (the
// smallest size 'large' pre-shrinks, decoded at 1/2) 0.025 mean abs difference in normalised
// pixels against PIL instead of 0.006, with a whole-pixel shift of the crop for 'dct'.

/**
 * A pre-shrunk image's geometry: the full image's displayed size, and the stretch of the
 * pre-shrunk image's pixels ([x0, x1) x [y0, y1), fractional) that shows it.
 */
export interface PictureExtent {
  width: number
  height: number
  x0: number
  x1: number
  y0: number
  y1: number
}

/**
 * The DCT scale sharp decodes a JPEG at for a resize of a width x height image (displayed) to
 * targetWidth x targetHeight with fit 'fill': pipeline.cc's rule, which leaves at least a factor
 * of two for the resize when fastShrinkOnLoad is false and halves a scale equal to the integer part
 * of the shrink. 1: a full-size decode.
 */
export function jpegShrinkOnLoad(
  width: number,
  height: number,
  targetWidth: number,
  targetHeight: number,
  fastShrinkOnLoad: boolean
): number {
  const shrink = Math.min(width / targetWidth, height / targetHeight)
  const factor = fastShrinkOnLoad ? 1 : 2
  let s = shrink >= 8 * factor ? 8 : shrink >= 4 * factor ? 4 : shrink >= 2 * factor ? 2 : 1
  if (s > 1 && Math.trunc(shrink) === s) s /= 2
  return s
}

/** Whether a decode at 1/s keeps the whole picture: both sides multiples of s. */
export const decodesWhole = (width: number, height: number, s: number): boolean =>
  width % s === 0 && height % s === 0

/** EXIF orientations whose displayed x axis runs against the stored image's right or bottom edge */
const X_REVERSED = new Set([2, 3, 6, 7])
const Y_REVERSED = new Set([3, 4, 7, 8])

/**
 * The stretch of a resize output (outWidth x outHeight, displayed orientation) that shows the whole
 * width x height picture, when sharp decoded it at 1/s: past the output's end on an axis whose
 * stored edge was cut, before its start where the EXIF orientation turned that edge to the start.
 */
export function pictureExtent(
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  s: number,
  orientation = 1
): PictureExtent {
  const axis = (size: number, out: number, reversed: boolean): [number, number] => {
    const span = (out * size) / (s * Math.floor(size / s))
    return reversed ? [out - span, out] : [0, span]
  }
  const [x0, x1] = axis(width, outWidth, X_REVERSED.has(orientation))
  const [y0, y1] = axis(height, outHeight, Y_REVERSED.has(orientation))
  return { width, height, x0, x1, y0, y1 }
}
