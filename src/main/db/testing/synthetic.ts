// A synthetic project of N images (rows only, no files) for scale tests and the benchmark:
// predictions over `labels` classes with random probabilities and a share already reviewed.
import { mulberry32 } from '../../math/rng'
import { Project, nowIso } from '../project'
import { appendDecisions, type DecideInput } from '../decisions'
import { rebucketGrown } from '../queue-counts'
import { predictionWriter, registerModel, type TopK } from '../predictions'

export interface SyntheticOptions {
  images: number
  labels?: number
  /** share of images with a decision (accepted rank 1), 0..1 */
  reviewed?: number
  seed?: number
  /** embedding dim of the fake image embeddings; 0 = no embeddings rows */
  embedDim?: number
}

export const SYNTHETIC_MODEL_ID = 'synthetic-model'

export function createSyntheticProject(file: string, rootDir: string, opts: SyntheticOptions): Project {
  const nLabels = opts.labels ?? 20
  const rand = mulberry32(opts.seed ?? 1)
  const p = Project.create(file, {
    roots: [rootDir],
    labels: Array.from({ length: nLabels }, (_, i) => ({ name: `class_${String(i).padStart(3, '0')}` }))
  })
  const db = p.db
  const root = p.roots()[0]!.id
  const labelIds = p.labels().map((l) => l.id)
  registerModel(db, {
    modelId: SYNTHETIC_MODEL_ID,
    name: 'synthetic',
    dir: '-',
    variant: 'fp32',
    embedDim: opts.embedDim ?? 0
  })
  const key = {
    modelId: SYNTHETIC_MODEL_ID,
    labelVersion: p.labelVersion,
    templateSetId: p.activeTemplateSetId()!
  }
  const ins = db.prepare(
    "INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, added_at) VALUES (?, ?, ?, ?, ?, 640, 480, 'jpeg', 'ok', ?)"
  )
  const now = nowIso()
  const chunk = 5000
  for (let start = 0; start < opts.images; start += chunk) {
    db.transaction(() => {
      const w = predictionWriter(db, key)
      for (let i = start; i < Math.min(opts.images, start + chunk); i++) {
        const rel = `dir_${String(Math.floor(i / 1000)).padStart(4, '0')}/img_${String(i).padStart(7, '0')}.jpg`
        const id = Number(ins.run(root, rel, `h${i}`, 50_000 + i, 0, now).lastInsertRowid)
        // up to 5 distinct labels (fewer when the project has fewer) with decreasing probabilities
        // summing to <= 1
        const top: TopK = []
        let left = 1
        const used = new Set<number>()
        const k5 = Math.min(5, labelIds.length)
        for (let k = 0; k < k5; k++) {
          let l = labelIds[Math.floor(rand() * labelIds.length)]!
          while (used.has(l)) l = labelIds[(labelIds.indexOf(l) + 1) % labelIds.length]!
          used.add(l)
          const pr = k === k5 - 1 ? left * rand() : left * (0.3 + 0.6 * rand())
          top.push([l, pr])
          left -= pr
        }
        top.sort((a, b) => b[1] - a[1])
        if (opts.embedDim) {
          const v = new Float32Array(opts.embedDim)
          for (let d = 0; d < v.length; d++) v[d] = rand() * 2 - 1
          w.embedding(id, v)
        }
        w.prediction(id, top)
      }
    })()
  }
  const share = opts.reviewed ?? 0
  if (share > 0) {
    const ids = db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    const picks: DecideInput[] = ids
      .filter(() => rand() < share)
      .map((id) => ({ imageId: id, kind: 'accepted', rank: 1 }))
    for (let s = 0; s < picks.length; s += chunk)
      appendDecisions(db, picks.slice(s, s + chunk), 'synthetic', 'bulk')
  }
  rebucketGrown(db)
  db.pragma('optimize')
  return p
}
