// The big image with an error tile instead of a broken-image icon: the reason comes from the
// image record (missing/unreadable) or from the server's answer for the image URL.
import { useEffect, useState } from 'react'
import type { ImageInfo } from '../../../shared/contract'
import { STALE, useLatest } from '../lib/latest'
import { i18n, useTranslation } from '../i18n'

async function reasonFor(url: string): Promise<string> {
  try {
    const r = await fetch(url)
    if (r.ok) return i18n.t('common:imageView.thisFileIsNotA')
    const text = await r.text()
    try {
      const j = JSON.parse(text) as { error?: { message?: string } }
      return j.error?.message ?? text
    } catch {
      return text || `HTTP ${r.status}`
    }
  } catch (err) {
    return (err as Error).message
  }
}

export function ImageView(props: {
  image: ImageInfo
  url: string
  thumb?: boolean
  /** the decoded image's pixel size (the zoom stage sizes itself by it) */
  onLoad?: (width: number, height: number) => void
}): React.JSX.Element {
  const { t } = useTranslation('common')
  const { image } = props
  const [failed, setFailed] = useState<string | null>(
    image.state !== 'ok' ? (image.reason ?? image.state) : null
  )
  // the reason of a failed load arrives later: it must not land on the next image shown
  const latest = useLatest()
  useEffect(() => {
    latest.cancel()
    setFailed(
      image.state !== 'ok'
        ? (image.reason ?? i18n.t('common:imageView.theImageIs', { state: image.state }))
        : null
    )
  }, [image, latest])
  if (failed !== null) {
    return (
      <div
        className="error-tile"
        role="img"
        aria-label={t('imageView.imageCannotBeShown', { failed })}
        data-testid="error-tile"
      >
        <span className="error-icon" aria-hidden="true">
          ⚠
        </span>
        <strong>{image.relPath}</strong>
        <span>{failed}</span>
      </div>
    )
  }
  return (
    <img
      className={props.thumb ? 'thumb' : 'main-image'}
      src={props.url}
      alt={image.relPath}
      decoding="async"
      onLoad={(e) => props.onLoad?.(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight)}
      onError={() => {
        setFailed('loading…')
        void latest.run(() => reasonFor(props.url)).then((r) => r !== STALE && setFailed(r))
      }}
    />
  )
}
