// Zoom and pan of the review image, as pure functions. 'fit' fills the stage: a large image
// shrinks to it, a small one (a 116x96 crop) is enlarged to it, up to FIT_MAX times, drawn
// pixelated so its pixels stay visible; 1:1 (O) shows any image at its own size.
export type ZoomMode = 'fit' | number

export const ZOOM_MIN = 0.05
export const ZOOM_MAX = 32
const STEP = 1.25
/** how far 'fit' enlarges a small image at most: a 31x17 icon becomes 248x136, not a blur */
const FIT_MAX = 8

export interface Size {
  w: number
  h: number
}

/** The scale 'fit' means for an image in a stage: the largest that shows all of it, at most FIT_MAX. */
export function fitScale(img: Size, stage: Size): number {
  if (img.w <= 0 || img.h <= 0 || stage.w <= 0 || stage.h <= 0) return 1
  return Math.min(FIT_MAX, stage.w / img.w, stage.h / img.h)
}

export function scaleOf(mode: ZoomMode, img: Size, stage: Size): number {
  return mode === 'fit' ? fitScale(img, stage) : mode
}

/** One zoom step from the scale now shown; clamped to [ZOOM_MIN, ZOOM_MAX]. */
export function zoomStep(current: number, by: 'in' | 'out'): number {
  const next = by === 'in' ? current * STEP : current / STEP
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, next))
}

/** Pan offset kept so that part of the image always stays on the stage. */
export function clampPan(
  pan: { x: number; y: number },
  img: Size,
  scale: number,
  stage: Size
): { x: number; y: number } {
  const mx = Math.max(0, (img.w * scale - stage.w) / 2 + stage.w / 4)
  const my = Math.max(0, (img.h * scale - stage.h) / 2 + stage.h / 4)
  return { x: Math.min(mx, Math.max(-mx, pan.x)), y: Math.min(my, Math.max(-my, pan.y)) }
}

export function zoomLabel(scale: number): string {
  return `${Math.round(scale * 100)}%`
}
