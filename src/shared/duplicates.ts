// Duplicate groups as every transport shows them: the two levels (files with the same content,
// certain; images whose embeddings are near, a matter of threshold: the one given, or when none is
// given the one chosen for the project's model), one group's answer, and the one line that says a
// group's members disagree before one key labels them all.

export const DUPLICATE_LEVELS = ['identical', 'similar'] as const
export type DuplicateLevel = (typeof DUPLICATE_LEVELS)[number]

/** How many members of a group have one label now (decided ones counted in `decided` too). */
export interface GroupLabelCount {
  labelId: number
  label: string
  count: number
  /** of `count`, how many carry it as the annotator's decision (the rest: the model's top-1) */
  decided: number
}

export interface DuplicateGroup {
  imageIds: number[]
  relPaths: string[]
  /** members not reviewed yet */
  unreviewed: number
  /**
   * Each member's label now (its accepted or corrected label, else the model's top-1), counted;
   * most first. Members with neither are not counted.
   */
  labels: GroupLabelCount[]
  /** the members do not all have the same label: labelling them all at once overrides some */
  mixed: boolean
}

export interface DuplicateGroups {
  level: DuplicateLevel
  /** 'similar': the cosine used; 'identical': null */
  threshold: number | null
  /** 'similar': the threshold was chosen for the model from its own similarities (none was given) */
  auto: boolean
  /** 'similar': median cosine of an image to its nearest neighbour under this model, when known */
  typical: number | null
  groups: DuplicateGroup[]
}

/** "4 cross, 3 striped square" */
export function labelCountsText(labels: GroupLabelCount[]): string {
  return labels.map((l) => `${l.count} ${l.label}`).join(', ')
}

/** The threshold as people read it: "0.999 (chosen for this model)" or "0.95". */
export function thresholdText(g: Pick<DuplicateGroups, 'threshold' | 'auto'>): string {
  if (g.threshold === null) return 'identical files'
  return `${g.threshold.toFixed(3)}${g.auto ? ' (chosen for this model)' : ''}`
}
