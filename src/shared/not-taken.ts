// The entries of an image folder that a walk did not take, and why. Filled by the walker
// (main/clip/image-walk.ts) for the project scan and the CLI's folder arguments, kept with the last
// scan, and shown by the CLI and the app, so no file is left out in silence.
//
// Bounded whatever the folder holds: counts by reason, counts by extension (a few dozen at most),
// and the first NOT_TAKEN_LISTED paths of the entries worth naming:
// - files in an image format Zebra does not read (.bmp, .psd, .svg, camera raw, ...): counted by
//   extension and listed by path; these are the files a user expects among the images;
// - links that are not followed (to a place outside the folder, or to nothing): listed by path;
// - other files (.txt, .json, .xmp sidecars, ...): counted by extension only;
// - hidden entries (a name starting with '.': .DS_Store, .git): counted only; a hidden folder counts
//   once, its contents are not looked at.

const NOT_TAKEN_REASONS = ['unsupported_image', 'link', 'not_image', 'hidden'] as const
export type NotTakenReason = (typeof NOT_TAKEN_REASONS)[number]

/** how many paths a NotTaken lists at most */
export const NOT_TAKEN_LISTED = 50
/** how many distinct extensions each count-by-extension keeps (the counts by reason stay exact) */
const EXTS_KEPT = 24

interface NotTakenFile {
  /** absolute path */
  path: string
  reason: NotTakenReason
  /** in words, e.g. "not an image format Zebra reads (.bmp)" */
  why: string
}

export interface NotTaken {
  /** entries not taken, by reason */
  counts: Record<NotTakenReason, number>
  /** lower-case extension with the dot ('' for none) -> files, for the unsupported image formats */
  unsupportedExts: Record<string, number>
  /** the same for the other files */
  otherExts: Record<string, number>
  /** the first unsupported images and links, in walk order */
  listed: NotTakenFile[]
}

export function emptyNotTaken(): NotTaken {
  return {
    counts: { unsupported_image: 0, link: 0, not_image: 0, hidden: 0 },
    unsupportedExts: {},
    otherExts: {},
    listed: []
  }
}

function notTakenTotal(nt: NotTaken): number {
  return NOT_TAKEN_REASONS.reduce((n, r) => n + nt.counts[r], 0)
}

function bump(exts: Record<string, number>, ext: string): void {
  if (ext in exts) exts[ext]! += 1
  else if (Object.keys(exts).length < EXTS_KEPT) exts[ext] = 1
}

/** Notes one entry that was not taken (`ext`: lower case with the dot, '' for none). */
export function noteNotTaken(nt: NotTaken, reason: NotTakenReason, path: string, ext = '', why = ''): void {
  nt.counts[reason]++
  if (reason === 'unsupported_image') bump(nt.unsupportedExts, ext)
  if (reason === 'not_image') bump(nt.otherExts, ext)
  const named = reason === 'unsupported_image' || reason === 'link'
  if (named && nt.listed.length < NOT_TAKEN_LISTED) nt.listed.push({ path, reason, why })
}

/** a plausible NotTaken (records saved before it existed have none) */
export function isNotTaken(v: unknown): v is NotTaken {
  const o = v as Partial<NotTaken> | null
  return (
    !!o &&
    !!o.counts &&
    NOT_TAKEN_REASONS.every((r) => typeof o.counts![r] === 'number') &&
    typeof o.unsupportedExts === 'object' &&
    typeof o.otherExts === 'object' &&
    Array.isArray(o.listed)
  )
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
const extList = (exts: Record<string, number>): string =>
  Object.entries(exts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([e, n]) => `${e || 'no extension'}${n > 1 ? ` x${n}` : ''}`)
    .join(', ')

export interface DescribeOptions {
  /** how many paths to name (default 10) */
  paths?: number
  /** how to show a path (default: as stored, absolute) */
  show?: (path: string) => string
}

/**
 * One line saying what was not taken: "not taken: 1 file in an image format Zebra does not read
 * (.bmp): /d/a.bmp; 1 other file, not an image (.txt); 2 hidden", or null when everything was taken.
 */
export function describeNotTaken(nt: NotTaken, opts: DescribeOptions = {}): string | null {
  if (notTakenTotal(nt) === 0) return null
  const max = opts.paths ?? 10
  const show = opts.show ?? ((p: string): string => p)
  const named = (reason: NotTakenReason, withWhy: boolean): string => {
    const all = nt.listed.filter((f) => f.reason === reason)
    const shown = all.slice(0, max).map((f) => (withWhy ? `${show(f.path)} (${f.why})` : show(f.path)))
    const more = nt.counts[reason] - shown.length
    return shown.length ? `: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : ''
  }
  const c = nt.counts
  const parts = [
    c.unsupported_image &&
      `${plural(c.unsupported_image, 'file', 'files')} in an image format Zebra does not read (${extList(nt.unsupportedExts)})${named('unsupported_image', false)}`,
    c.link && `${plural(c.link, 'link', 'links')} not followed${named('link', true)}`,
    c.not_image &&
      `${plural(c.not_image, 'other file, not an image', 'other files, not images')} (${extList(nt.otherExts)})`,
    c.hidden && `${c.hidden} hidden`
  ].filter(Boolean)
  return `not taken: ${parts.join('; ')}`
}
