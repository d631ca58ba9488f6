// Greedy template selection (the CLIP authors found a 7-template subset of their 80 that did
// better): start from the best single template on the training part of the reviewed images and
// keep adding the template that raises the ensemble's training top-1 most, while it strictly
// improves. The held-out part is never used for choosing — only reported — so the user sees
// whether the selection generalises or just fits the images it was chosen on.

export interface GreedyInput {
  /** image × prompt cosines, n×p */
  s: Float32Array
  n: number
  p: number
  /** normalised prompt embeddings, p×d */
  e: Float32Array
  d: number
  /** templateRows[t][c]: the prompt row of template t filled with class c's name */
  templateRows: readonly (readonly number[])[]
  truth: ArrayLike<number>
  train: readonly number[]
  heldOut: readonly number[]
}

export interface GreedyResult {
  /** indices into templateRows, in the order they were added */
  selected: number[]
  steps: { added: number; trainTop1: number; heldOutTop1: number }[]
}

/** Running ensemble: Σ of selected templates' score columns and embeddings, per class. */
class RunningEnsemble {
  readonly sumS: Float32Array
  readonly sumE: Float64Array
  constructor(
    private readonly inp: GreedyInput,
    private readonly c: number
  ) {
    this.sumS = new Float32Array(inp.n * c)
    this.sumE = new Float64Array(c * inp.d)
  }

  /** Top-1 accuracy on `rows` of the current ensemble plus template t (t = -1: alone). */
  accuracyWith(t: number, rows: readonly number[]): number {
    const { s, p, e, d, templateRows, truth } = this.inp
    const c = this.c
    const inv = new Float64Array(c)
    for (let k = 0; k < c; k++) {
      let sq = 0
      const r = t >= 0 ? templateRows[t][k] * d : -1
      for (let q = 0; q < d; q++) {
        const v = this.sumE[k * d + q] + (r >= 0 ? e[r + q] : 0)
        sq += v * v
      }
      inv[k] = sq > 0 ? 1 / Math.sqrt(sq) : 0
    }
    const tr = t >= 0 ? templateRows[t] : null
    let hit = 0
    for (const i of rows) {
      let best = 0
      let bv = -Infinity
      for (let k = 0; k < c; k++) {
        const v = (this.sumS[i * c + k] + (tr ? s[i * p + tr[k]] : 0)) * inv[k]
        if (v > bv) {
          bv = v
          best = k
        }
      }
      if (best === truth[i]) hit++
    }
    return rows.length ? hit / rows.length : 0
  }

  add(t: number): void {
    const { s, n, p, e, d, templateRows } = this.inp
    const c = this.c
    for (let k = 0; k < c; k++) {
      const r = templateRows[t][k]
      for (let q = 0; q < d; q++) this.sumE[k * d + q] += e[r * d + q]
      for (let i = 0; i < n; i++) this.sumS[i * c + k] += s[i * p + r]
    }
  }
}

export function greedySelect(inp: GreedyInput): GreedyResult {
  const t = inp.templateRows.length
  const c = t > 0 ? inp.templateRows[0].length : 0
  const ens = new RunningEnsemble(inp, c)
  const selected: number[] = []
  const steps: GreedyResult['steps'] = []
  let current = -1
  const remaining = new Set(Array.from({ length: t }, (_, k) => k))
  while (remaining.size > 0) {
    let best = -1
    let bestTrain = -1
    // Ascending template order + strict ">" makes ties go to the earlier template: deterministic.
    for (const cand of remaining) {
      const acc = ens.accuracyWith(cand, inp.train)
      if (acc > bestTrain) {
        bestTrain = acc
        best = cand
      }
    }
    if (best < 0 || (selected.length > 0 && bestTrain <= current)) break
    const heldOutTop1 = ens.accuracyWith(best, inp.heldOut)
    ens.add(best)
    remaining.delete(best)
    selected.push(best)
    current = bestTrain
    steps.push({ added: best, trainTop1: bestTrain, heldOutTop1 })
  }
  return { selected, steps }
}
