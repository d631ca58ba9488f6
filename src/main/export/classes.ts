// The classes an export names: every label of the project, not only those with decisions, so a
// class index (a class folder's place among its sorted siblings, a COCO category id, a FiftyOne
// classes entry) stays where it was while labelling goes on.
import type { Label } from '../../shared/contract'

/**
 * Every label in creation order (label id): a label added later goes at the end of a class list,
 * so the indices of the others never move. Archived labels stay (their decisions stay in the log
 * and in exports); a merged label is left out, its images export as the label it went into.
 * `used` (the labels the rows carry) only adds a name the list lacks, which a merge mid-export
 * could cause; a row never names a class the list does not have.
 */
export function exportClasses(labels: readonly Label[], used: Iterable<string>): string[] {
  const names = labels.filter((l) => l.mergedInto === null).map((l) => l.name)
  const have = new Set(names)
  for (const u of used) {
    if (!have.has(u)) {
      names.push(u)
      have.add(u)
    }
  }
  return names
}
