// The keys of a tags project's review screen: each tag has a fixed key that toggles it (Shift+key
// marks it unsure). A tag's own hotkey wins; the others get 1-9, then the letters the review screen
// does not use, in the project's order. A hotkey that a review key already owns (S skips, U
// undoes…) or that an earlier tag took is not usable and the tag gets a default key instead.
import type { KeyLike } from './keys'

/** Keys the review screen keeps for itself in a tags project (see lib/keys.ts and TagReview). */
export const REVIEW_RESERVED = new Set(['0', 'x', 's', 'n', 'u', 'f', 'o', '?', '+', '=', '-', '/'])

/** The default keys, in the order they are handed out: digits first, then free letters. */
export const DEFAULT_TAG_KEYS: readonly string[] = [
  ...'123456789',
  ...[...'abcdefghijklmnopqrstuvwxyz'].filter((c) => !REVIEW_RESERVED.has(c))
]

export interface KeyedTag {
  labelId: number
  /** the label's hotkey (labels.update), if it has one */
  key: string | null
}

/** The key of each tag (by label id); tags past the last free key have none (find them by search). */
export function assignTagKeys(tags: readonly KeyedTag[]): Map<number, string> {
  const out = new Map<number, string>()
  const taken = new Set<string>()
  const own = (t: KeyedTag): string | null => {
    const k = t.key?.trim().toLowerCase()
    return k && k.length === 1 && !REVIEW_RESERVED.has(k) ? k : null
  }
  for (const t of tags) {
    const k = own(t)
    if (k && !taken.has(k)) {
      out.set(t.labelId, k)
      taken.add(k)
    }
  }
  // a default key never shadows a hotkey another tag owns, wherever that tag is in the order
  const free = DEFAULT_TAG_KEYS.filter((k) => !taken.has(k))
  let next = 0
  for (const t of tags) {
    if (out.has(t.labelId)) continue
    const k = free[next++]
    if (k === undefined) break
    out.set(t.labelId, k)
  }
  return out
}

/**
 * The tag key a key press names, whatever Shift did to it: Shift+1 types "!" on most layouts, so
 * shifted digits and letters are read from the physical key (e.code). Null: a modifier other than
 * Shift is held, or it is not a one-character key.
 */
export function pressedTagKey(e: KeyLike & { code?: string }): { key: string; shift: boolean } | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  const shift = Boolean(e.shiftKey)
  if (shift && e.code) {
    const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code) ?? /^Key([A-Z])$/.exec(e.code)
    if (m) return { key: m[1]!.toLowerCase(), shift }
  }
  if (e.key.length !== 1) return null
  return { key: e.key.toLowerCase(), shift }
}
