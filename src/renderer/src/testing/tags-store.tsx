// Test support for a tags project's screens: a small in-memory Handlers object with the review
// channels of a tags project (each image shows every tag with a probability; a decision names the
// tags present and unsure, every other tag is absent), tags.summary, tags.pass and tags.mark, with
// one undo log. Inputs are parsed with the contract's schemas by the transport of review-store.
import type {
  Handlers,
  InvokeParsed,
  Label,
  ReviewItem,
  TagInfo,
  TagPassItem,
  TagState
} from '../../../shared/contract'

export const tagLabels = (n: number): Label[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name:
      n <= 8 ? ['red', 'blue', 'green', 'circle', 'square', 'star', 'striped', 'dotted'][i]! : `tag${i + 1}`,
    descriptions: [],
    color: '#446688',
    hotkey: null,
    archived: false
  }))

/** A fixed probability per (image, tag), spread over 0..1 so some tags show checked. */
export const probOf = (imageId: number, labelId: number): number =>
  ((imageId * 37 + labelId * 53) % 100) / 100

type Action = { imageIds: number[]; before: Map<number, Map<number, TagState> | undefined> }

export function createTagStore(images: number, labels: Label[]) {
  const states = new Map<number, Map<number, TagState>>()
  const skipped = new Set<number>()
  const log: Action[] = []
  const undone: Action[] = []
  /** every decision, as sent: image, tags present, tags unsure */
  const decisions: { imageId: number; present: number[]; unsure: number[] }[] = []
  const ids = Array.from({ length: images }, (_, i) => i + 1)
  const live = () => labels.filter((l) => !l.archived)
  const done = (id: number): boolean =>
    skipped.has(id) || (live().length > 0 && (states.get(id)?.size ?? 0) >= live().length)
  const queue = (status: string): number[] => ids.filter((x) => status !== 'unreviewed' || !done(x))
  const item = (id: number, status = 'all'): ReviewItem => {
    const q = queue(status)
    const st = states.get(id)
    return {
      image: {
        id,
        root: '/i',
        relPath: `img${id}.png`,
        width: 8,
        height: 8,
        format: 'png',
        bytes: 9,
        state: 'ok',
        reason: null
      },
      suggestions: [],
      tags: live().map((l) => {
        const prob = probOf(id, l.id)
        const state = st?.get(l.id) ?? null
        return {
          labelId: l.id,
          label: l.name,
          color: l.color,
          key: l.hotkey,
          prob,
          source: 'coldstart' as const,
          state,
          checked: state === null ? prob >= 0.5 : state === 'present'
        }
      }),
      current: null,
      position: q.indexOf(id) + 1,
      total: q.length
    }
  }
  const stats = () => {
    const reviewed = ids.filter(done).length
    const byKind = { accepted: reviewed, corrected: 0, rejected: 0, skipped: skipped.size, unsure: 0 }
    return { total: images, reviewed, byKind, acceptRate: 1 }
  }
  const after = (status: string, from: number, k: number): ReviewItem[] =>
    queue(status)
      .filter((x) => x > from)
      .slice(0, k)
      .map((x) => item(x, status))
  const record = (imageIds: number[], set: (id: number) => void): void => {
    log.push({ imageIds, before: new Map(imageIds.map((i) => [i, states.get(i) && new Map(states.get(i))])) })
    undone.length = 0
    imageIds.forEach(set)
  }
  const passItems = (p: { labelId: number; filter: string; minProb?: number }): TagPassItem[] =>
    ids
      .map((imageId) => ({
        imageId,
        relPath: `img${imageId}.png`,
        prob: probOf(imageId, p.labelId),
        state: states.get(imageId)?.get(p.labelId) ?? null
      }))
      .filter((i) => p.minProb === undefined || i.prob >= p.minProb)
      .filter(
        (i) => p.filter === 'all' || (p.filter === 'undecided' ? i.state === null : i.state === p.filter)
      )
      .sort((a, b) => b.prob - a.prob || a.imageId - b.imageId)
  const count = (labelId: number, s: TagState): number =>
    [...states.values()].filter((m) => m.get(labelId) === s).length
  const info = (l: Label): TagInfo => ({
    labelId: l.id,
    label: l.name,
    color: l.color,
    key: l.hotkey,
    negatives: l.negatives ?? [],
    present: count(l.id, 'present'),
    absent: count(l.id, 'absent'),
    unsure: count(l.id, 'unsure'),
    scored: images,
    calibration: {
      kind: 'coldstart',
      present: count(l.id, 'present'),
      absent: count(l.id, 'absent'),
      needs: {
        present: Math.max(0, 5 - count(l.id, 'present')),
        absent: Math.max(0, 5 - count(l.id, 'absent'))
      }
    },
    threshold: { kind: 'withheld', needs: 10, reason: 'too few decisions' },
    checkAt: 0.5
  })
  const handlers = {
    'review.window': async (q: InvokeParsed<'review.window'>) => {
      const id =
        q.at ??
        (q.from === undefined
          ? queue(q.status)[0]
          : q.direction === 'prev'
            ? queue(q.status)
                .filter((x) => x < q.from!)
                .at(-1)
            : queue(q.status).find((x) => x > q.from!))
      const it = id === undefined ? null : item(id, q.status)
      return { item: it, ahead: it ? after(q.status, it.image.id, q.ahead) : [], stats: stats() }
    },
    'review.decide': async (d: InvokeParsed<'review.decide'>) => {
      if (d.kind === 'skipped') record([d.imageId], (i) => skipped.add(i))
      else {
        if (!d.tags) throw new Error('a tags project decides tags')
        const { present, unsure } = d.tags
        decisions.push({ imageId: d.imageId, present, unsure })
        record([d.imageId], (i) =>
          states.set(
            i,
            new Map(
              live().map((l) => [
                l.id,
                present.includes(l.id) ? 'present' : unsure.includes(l.id) ? 'unsure' : 'absent'
              ])
            )
          )
        )
      }
      const q = d.then?.query
      return {
        decisionId: log.length,
        item: item(d.imageId),
        next: q ? after(q.status, d.imageId, d.then!.ahead) : [],
        stats: stats()
      }
    },
    'review.undo': async (u: InvokeParsed<'review.undo'>) => {
      const last = log.pop()
      if (!last) return { imageId: null, imageIds: [], item: null, stats: stats() }
      for (const [i, before] of last.before) {
        if (before) states.set(i, before)
        else states.delete(i)
        skipped.delete(i)
      }
      undone.push(last)
      const first = last.imageIds[0]!
      return { imageId: first, imageIds: last.imageIds, item: item(first, u.query?.status), stats: stats() }
    },
    'review.redo': async () => ({ imageId: null, imageIds: [], item: null, stats: stats() }),
    'review.stats': async () => stats(),
    'tags.summary': async (s: InvokeParsed<'tags.summary'>) => ({
      target: s.target,
      tags: live().map(info),
      defaultNegatives: ['a photo.', 'a photo of an object.']
    }),
    'tags.pass': async (p: InvokeParsed<'tags.pass'>) => {
      const all = passItems(p)
      const start = p.after ? all.findIndex((i) => i.imageId === p.after!.imageId) + 1 : 0
      const items = all.slice(start, start + p.limit)
      const last = items.at(-1)
      const l = live().find((x) => x.id === p.labelId)!
      const t = info(l)
      return {
        labelId: p.labelId,
        items,
        after: start + p.limit < all.length && last ? { s: last.prob, imageId: last.imageId } : null,
        scored: images,
        present: t.present,
        absent: t.absent,
        unsure: t.unsure,
        calibration: t.calibration,
        checkAt: 0.5
      }
    },
    'tags.mark': async (m: InvokeParsed<'tags.mark'>) => {
      const which =
        m.imageIds ??
        passItems({ labelId: m.labelId, filter: m.filter, minProb: m.minProb }).map((i) => i.imageId)
      record(which, (i) => states.set(i, new Map(states.get(i)).set(m.labelId, m.state)))
      return { count: which.length }
    },
    'tags.setNegatives': async (n: InvokeParsed<'tags.setNegatives'>) => {
      const l = labels.find((x) => x.id === n.labelId)!
      l.negatives = n.negatives
      return { target: 0.9, tags: live().map(info), defaultNegatives: ['a photo.', 'a photo of an object.'] }
    }
  } as unknown as Handlers
  return { handlers, states, decisions, log }
}
