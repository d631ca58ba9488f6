// Clustered embeddings with uninformative text weights, for tests of the adapted blend: zero-shot
// is near chance, so leave-one-out picks a blend weight λ > 0.
import { mulberry32 } from '../../math/rng'
import { normalizeRows } from '../../math/rows'

export function clusters(
  perClass: number,
  seed: number
): { x: Float32Array; labels: number[]; text: Float32Array; d: number; c: number } {
  const d = 8
  const c = 3
  const rnd = mulberry32(seed)
  const g = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  const common = Array.from({ length: d }, () => 5 * g())
  const centres = Array.from({ length: c }, () => Array.from({ length: d }, g))
  const labels = Array.from({ length: perClass * c }, (_, i) => i % c)
  const x = new Float32Array(labels.length * d)
  labels.forEach((k, i) => centres[k]!.forEach((v, q) => (x[i * d + q] = common[q]! + v + 0.4 * g())))
  normalizeRows(x, labels.length, d)
  const text = normalizeRows(Float32Array.from({ length: c * d }, g), c, d)
  return { x, labels, text, d, c }
}
