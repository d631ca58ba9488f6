// A synthetic TAGS project of N images (rows only, no files) for scale tests and the benchmark:
// every image scored on every tag through the app's own tag score writer, a share of the images
// with every tag decided (one batch per image, through the decision log), and optionally cached
// image embeddings so a rescore has something to read.
import { coldStartProb } from '../../clip/tag-scores'
import { mulberry32 } from '../../math/rng'
import { appendInTransaction, type DecideInput } from '../decisions'
import { Project, nowIso } from '../project'
import { predictionWriter, registerModel } from '../predictions'
import { rebucketGrown } from '../queue-counts'
import { roundTagScore, tagScoreWriter, type TagScores } from '../tag-scores'
import { TAG_DECISION_KIND } from '../tag-state'
import { SYNTHETIC_MODEL_ID } from './synthetic'

export interface SyntheticTagsOptions {
  images: number
  /** how many tags (default 50) */
  tags?: number
  /** share of images with every tag decided, 0..1 (default 0) */
  decided?: number
  seed?: number
  /** dim of the fake image embeddings; 0 = no embeddings rows */
  embedDim?: number
  /** how many images (the first ones by id) get an embedding; default all when embedDim > 0 */
  embedded?: number
  /**
   * how tag_scores is filled: 'writer' inserts each image's rows as pre-labelling does (random
   * places in the index: about 4x slower, and worse as the index outgrows the cache), 'sorted'
   * (default) writes topk through the same writer and the index afterwards in key order, one
   * transaction per tag. Both leave the same rows.
   */
  index?: 'writer' | 'sorted'
}

/** what a build took, by stage (seconds) */
export interface SyntheticTagsTimes {
  images_s: number
  index_s: number
  decisions_s: number
}

const CHUNK = 5000

/** A standard normal draw (Box-Muller) from a uniform generator. */
function gauss(rand: () => number): number {
  const u = Math.max(rand(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}

export function createSyntheticTagsProject(
  file: string,
  rootDir: string,
  opts: SyntheticTagsOptions,
  times?: SyntheticTagsTimes
): Project {
  const n = opts.images
  const nTags = opts.tags ?? 50
  const rand = mulberry32(opts.seed ?? 1)
  const p = Project.create(file, {
    roots: [rootDir],
    kind: 'tags',
    labels: Array.from({ length: nTags }, (_, i) => ({ name: `tag_${String(i).padStart(3, '0')}` }))
  })
  const db = p.db
  const root = p.roots()[0]!.id
  const labelIds = p.labels().map((l) => l.id)
  const dim = opts.embedDim ?? 0
  const embedded = dim > 0 ? Math.min(n, opts.embedded ?? n) : 0
  const sorted = (opts.index ?? 'sorted') === 'sorted'
  registerModel(db, {
    modelId: SYNTHETIC_MODEL_ID,
    name: 'synthetic',
    dir: '-',
    variant: 'fp32',
    embedDim: dim
  })
  const key = {
    modelId: SYNTHETIC_MODEL_ID,
    labelVersion: p.labelVersion,
    templateSetId: p.activeTemplateSetId()!
  }
  const scale = p.settings().temperature
  // each tag is present on its own share of the images, from rare to common; a tag an image has
  // scores higher on average, as a real tag would, so a calibration has something to find
  const rates = labelIds.map(() => 0.02 + 0.3 * rand())
  const share = opts.decided ?? 0
  const ins = db.prepare(
    "INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, added_at) VALUES (?, ?, ?, ?, ?, 640, 480, 'jpeg', 'ok', ?)"
  )
  const now = nowIso()
  const ids = new Int32Array(n)
  // row-major n x tags, as the index and topk hold them (rounded)
  const s = new Float64Array(n * nTags)
  const truth = new Uint8Array(n * nTags)
  const decided: number[] = []
  // the build writes far more than a session does: a larger page cache keeps the index's pages in
  // memory (the connection's own setting comes back afterwards)
  const cache = db.pragma('cache_size', { simple: true }) as number
  db.pragma('cache_size = -1000000')
  const t0 = performance.now()
  for (let start = 0; start < n; start += CHUNK) {
    db.transaction(() => {
      const w = tagScoreWriter(db, key, { index: !sorted })
      const e = predictionWriter(db, key)
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const rel = `dir_${String(Math.floor(i / 1000)).padStart(4, '0')}/img_${String(i).padStart(7, '0')}.jpg`
        const id = (ids[i] = Number(ins.run(root, rel, `h${i}`, 50_000 + i, 0, now).lastInsertRowid))
        const scores: TagScores = []
        let best = -1
        let bestP = -1
        let margin = 1
        for (let j = 0; j < nTags; j++) {
          const has = rand() < rates[j]!
          const v = roundTagScore((has ? 0.03 : -0.02) + 0.02 * gauss(rand))
          truth[i * nTags + j] = has ? 1 : 0
          s[i * nTags + j] = v
          scores.push([labelIds[j]!, v])
          const pr = coldStartProb(v, scale)
          if (pr > bestP) [best, bestP] = [labelIds[j]!, pr]
          margin = Math.min(margin, 2 * Math.abs(pr - 0.5))
        }
        w.scores(id, scores, { top1Label: best, top1Prob: bestP, margin }, true)
        if (i < embedded) {
          const v = new Float32Array(dim)
          for (let d = 0; d < dim; d++) v[d] = rand() * 2 - 1
          e.embedding(id, v)
        }
        if (rand() < share) decided.push(i)
      }
    })()
  }
  const t1 = performance.now()
  if (sorted) {
    const put = db.prepare('INSERT INTO tag_scores (label_id, s, image_id) VALUES (?, ?, ?)')
    const order = new Int32Array(n)
    for (let j = 0; j < nTags; j++) {
      for (let i = 0; i < n; i++) order[i] = i
      order.sort((a, b) => s[a * nTags + j]! - s[b * nTags + j]! || ids[a]! - ids[b]!)
      db.transaction(() => {
        for (const i of order) put.run(labelIds[j]!, s[i * nTags + j]!, ids[i]!)
      })()
    }
  }
  const t2 = performance.now()
  // every tag of an image decided as one action (a batch), as Enter on the review screen records it
  for (let c = 0; c < decided.length; c += 100)
    db.transaction(() => {
      for (const i of decided.slice(c, c + 100)) {
        const items: DecideInput[] = labelIds.map((labelId, j) => {
          const r = rand()
          const has = truth[i * nTags + j] === 1
          // a few mistakes and a few unsure, as people make them
          const state = r < 0.002 ? 'unsure' : has !== r < 0.05 ? 'present' : 'absent'
          const prob = coldStartProb(s[i * nTags + j]!, scale)
          return {
            imageId: ids[i]!,
            labelId,
            kind: TAG_DECISION_KIND[state],
            shown: { ...key, top: [[labelId, prob]], source: 'coldstart' }
          }
        })
        appendInTransaction(db, items, 'synthetic', 'decide')
      }
    })()
  const t3 = performance.now()
  if (times) {
    times.images_s = (t1 - t0) / 1000
    times.index_s = (t2 - t1) / 1000
    times.decisions_s = (t3 - t2) / 1000
  }
  db.pragma(`cache_size = ${cache}`)
  rebucketGrown(db)
  db.pragma('optimize')
  return p
}
