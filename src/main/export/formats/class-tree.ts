// Class-folder trees, one folder per label holding its images:
//   imagefolder    [split/]label/file    torchvision ImageFolder, Keras image_dataset_from_directory
//   cvat-imagenet  [split/]label/file    CVAT "ImageNet 1.0" / Datumaro imagenet; no_label is theirs
//   fiftyone-tree  [split/]label/file    FiftyOne ImageClassificationDirectoryTree; _unlabeled is theirs
//   yolo-cls       split/label/file      Ultralytics classification: train/, val/, test/ only
// plus sources.csv (placed file -> source image). Label folders are safe names of the labels, one
// for every label of the project (exportClasses), empty or not.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { labelFolders, placeRows, writeSources } from './place'
import type { FormatInput, FormatOutput } from './types'

export type ClassTreeFormat = 'imagefolder' | 'cvat-imagenet' | 'fiftyone-tree' | 'yolo-cls'

/** folder names a consumer gives a meaning of its own (images without a label) */
const RESERVED_FOLDERS: Record<ClassTreeFormat, string[]> = {
  imagefolder: [],
  'cvat-imagenet': ['no_label'],
  'fiftyone-tree': ['_unlabeled'],
  'yolo-cls': []
}

/** Ultralytics finds its splits by these names; anything else would be ignored by training. */
const YOLO_SPLITS = ['train', 'val', 'test'] as const
export const YOLO_DEFAULT_SPLIT = { train: 0.8, val: 0.1, test: 0.1 }

export function assertYoloSplit(names: readonly string[]): void {
  const bad = names.filter((n) => !(YOLO_SPLITS as readonly string[]).includes(n))
  if (bad.length || !names.includes('train')) {
    throw new AppError(
      'invalid_input',
      `YOLO classification needs a split named train, val and test (e.g. train=0.8, val=0.1, test=0.1); got ${names.join(', ')}.`
    )
  }
}

export async function writeClassTree(format: ClassTreeFormat, input: FormatInput): Promise<FormatOutput> {
  const folders = labelFolders(input.labels, RESERVED_FOLDERS[format])
  const { placed, notCopied } = await placeRows(input, (r, split) => {
    const f = folders.get(r.label!)!
    return split ? `${split}/${f}` : f
  })
  // every label's folder in every split, empty ones too: torchvision, Keras and Ultralytics number
  // classes by the sorted folder names of each tree, so a class without images (yet, or in one
  // split) would shift the indices after it between splits and between exports
  for (const s of input.splitNames.length ? input.splitNames : [''])
    for (const f of folders.values()) await mkdir(join(input.outDir, s, f), { recursive: true })
  return { files: [await writeSources(input, placed)], notCopied }
}
