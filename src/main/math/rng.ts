// Seeded randomness for splits, so the same inputs always give the same report.

/** mulberry32: a small, fast 32-bit PRNG with good enough mixing for shuffles. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of 0..n-1 with a seeded generator. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const rnd = mulberry32(seed)
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    const t = p[i]
    p[i] = p[j]
    p[j] = t
  }
  return p
}

/**
 * Splits 0..n-1 into train and held-out index lists (each sorted ascending). Stratified by label
 * when `labels` is given, so every class with ≥ 2 examples has one on each side; at least one
 * image goes to each side whenever n ≥ 2.
 */
export function seededSplit(
  n: number,
  heldOutFraction: number,
  seed: number,
  labels?: ArrayLike<number>
): { train: number[]; heldOut: number[] } {
  const perm = seededPermutation(n, seed)
  const train: number[] = []
  const heldOut: number[] = []
  if (labels) {
    const byClass = new Map<number, number[]>()
    for (const i of perm) {
      const c = labels[i]
      let list = byClass.get(c)
      if (!list) byClass.set(c, (list = []))
      list.push(i)
    }
    for (const c of [...byClass.keys()].sort((x, y) => x - y)) {
      const list = byClass.get(c)!
      const h =
        list.length < 2
          ? 0
          : Math.max(1, Math.min(list.length - 1, Math.round(list.length * heldOutFraction)))
      heldOut.push(...list.slice(0, h))
      train.push(...list.slice(h))
    }
  } else {
    const h = n < 2 ? 0 : Math.max(1, Math.min(n - 1, Math.round(n * heldOutFraction)))
    for (let k = 0; k < n; k++) (k < h ? heldOut : train).push(perm[k])
  }
  if (heldOut.length === 0 && train.length >= 2) heldOut.push(train.pop()!)
  train.sort((x, y) => x - y)
  heldOut.sort((x, y) => x - y)
  return { train, heldOut }
}
