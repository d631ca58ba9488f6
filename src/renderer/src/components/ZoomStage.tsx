// The review stage: the image at 'fit' (filling the stage; small images enlarged, pixelated), zoomed with the
// wheel, +/- and the buttons, panned by dragging or Shift+arrows, with its pixel size and scale shown.
// Zoom resets for each image (the component is keyed by image id).
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react'
import type { ImageInfo } from '../../../shared/contract'
import { clampPan, scaleOf, zoomLabel, zoomStep, type Size, type ZoomMode } from '../lib/zoom'
import { ImageView } from './ImageView'
import { useTranslation } from '../i18n'

export interface ZoomHandle {
  zoom(by: 'in' | 'out' | 'fit' | 'actual'): void
  pan(dx: number, dy: number): void
}

const PAN_STEP = 64

export const ZoomStage = forwardRef<ZoomHandle, { image: ImageInfo; url: string }>(function ZoomStage(
  { image, url },
  ref
) {
  const { t } = useTranslation('common')
  const box = useRef<HTMLDivElement>(null)
  const [stage, setStage] = useState<Size>({ w: 0, h: 0 })
  const [natural, setNatural] = useState<Size | null>(null)
  const [mode, setMode] = useState<ZoomMode>('fit')
  const [pan, setPan] = useState({ x: 0, y: 0 })
  const drag = useRef<{ x: number; y: number; px: number; py: number } | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = (): void => setStage({ w: el.clientWidth, h: el.clientHeight })
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const img = useMemo(() => natural ?? { w: 0, h: 0 }, [natural])
  const scale = scaleOf(mode, img, stage)

  const zoom = useCallback(
    (by: 'in' | 'out' | 'fit' | 'actual') => {
      if (by === 'fit' || by === 'actual') {
        setMode(by === 'fit' ? 'fit' : 1)
        setPan({ x: 0, y: 0 })
        return
      }
      const s = zoomStep(scale, by)
      setMode(s)
      setPan((p) => clampPan(p, img, s, stage))
    },
    [img, scale, stage]
  )
  const panBy = useCallback(
    (dx: number, dy: number) => setPan((p) => clampPan({ x: p.x + dx, y: p.y + dy }, img, scale, stage)),
    [img, scale, stage]
  )
  useImperativeHandle(ref, () => ({ zoom, pan: (dx, dy) => panBy(dx * PAN_STEP, dy * PAN_STEP) }), [
    zoom,
    panBy
  ])

  // wheel zoom needs a non-passive listener to keep the page from scrolling
  useEffect(() => {
    const el = box.current
    if (!el) return
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault()
      zoom(e.deltaY < 0 ? 'in' : 'out')
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [zoom])

  const sized = natural !== null
  return (
    <div className="zoom-stage" data-testid="zoom-stage">
      <div
        ref={box}
        className="zoom-box"
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, px: pan.x, py: pan.y }
          e.currentTarget.setPointerCapture?.(e.pointerId)
        }}
        onPointerMove={(e) => {
          const d = drag.current
          if (d) setPan(clampPan({ x: d.px + e.clientX - d.x, y: d.py + e.clientY - d.y }, img, scale, stage))
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <div
          className={`zoom-img${scale > 1 ? ' pixelated' : ''}${sized ? '' : ' pending'}`}
          style={
            sized
              ? {
                  width: img.w * scale,
                  height: img.h * scale,
                  transform: `translate(calc(-50% + ${pan.x}px), calc(-50% + ${pan.y}px))`
                }
              : { transform: 'translate(-50%, -50%)' }
          }
        >
          <ImageView image={image} url={url} onLoad={(w, h) => setNatural({ w, h })} />
        </div>
      </div>
      <div className="zoom-bar row" role="toolbar" aria-label={t('zoomStage.zoom')}>
        <span className="mono small" data-testid="pixel-size">
          {sized ? t('zoomStage.px', { w: img.w, h: img.h }) : t('zoomStage.px2')}
        </span>
        <span className="mono small" data-testid="zoom-level">
          {sized ? zoomLabel(scale) : ''}
          {mode === 'fit' ? t('zoomStage.fit') : ''}
        </span>
        <button type="button" aria-label={t('zoomStage.zoomOutKey')} onClick={() => zoom('out')}>
          −
        </button>
        <button type="button" aria-label={t('zoomStage.zoomInKey')} onClick={() => zoom('in')}>
          +
        </button>
        <button type="button" aria-label={t('zoomStage.fitKeyF')} onClick={() => zoom('fit')}>
          {t('zoomStage.fit2')}
        </button>
        <button type="button" aria-label={t('zoomStage.originalSize11Key')} onClick={() => zoom('actual')}>
          1:1
        </button>
      </div>
    </div>
  )
})
