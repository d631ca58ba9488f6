// Label and template presets from the CLIP paper (resources/clip-paper-prompts.json: the class
// names and prompt templates openai used for zero-shot evaluation on 27 datasets).
import { readFileSync } from 'node:fs'
import { AppError } from '../../shared/errors'
import { presetsFile } from '../paths'
import type { LabelSpec } from './zeroshot'

export { IMAGENET_7_TEMPLATES } from './zeroshot'

export interface PresetInfo {
  name: string
  classes: number
  templates: number
}

export interface Preset {
  name: string
  /** display name of each class (the first of its names) */
  classes: string[]
  /** every name of each class; most have one, FER2013 lists synonyms */
  synonyms: string[][]
  templates: string[]
  /** classes as buildClassifier input, synonyms included */
  labels: LabelSpec[]
}

interface PresetsFile {
  source?: string
  datasets: Record<string, { classes: (string | string[])[]; templates: string[] }>
}

let cache: { file: string; data: PresetsFile } | null = null

function load(file = presetsFile()): PresetsFile {
  if (cache?.file === file) return cache.data
  let data: PresetsFile
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as PresetsFile
  } catch (err) {
    throw new AppError('internal', `Cannot read the presets file ${file}: ${(err as Error).message}`)
  }
  if (!data || typeof data.datasets !== 'object') {
    throw new AppError('internal', `The presets file ${file} has no "datasets"`)
  }
  cache = { file, data }
  return data
}

const key = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** The datasets in the CLIP paper presets, in file order. */
export function listPresets(file?: string): PresetInfo[] {
  return Object.entries(load(file).datasets).map(([name, d]) => ({
    name,
    classes: d.classes.length,
    templates: d.templates.length
  }))
}

/** A preset by name, case and punctuation ignored ('imagenet', 'CIFAR-10'). */
export function getPreset(name: string, file?: string): Preset {
  const datasets = load(file).datasets
  const found = Object.keys(datasets).find((k) => key(k) === key(name))
  if (!found) {
    throw new AppError(
      'invalid_input',
      `No preset named "${name}". Presets: ${Object.keys(datasets).join(', ')}.`
    )
  }
  const d = datasets[found]
  const synonyms = d.classes.map((c) => (Array.isArray(c) ? c.map(String) : [String(c)]))
  const classes = synonyms.map((s) => s[0])
  return {
    name: found,
    classes,
    synonyms,
    templates: [...d.templates],
    labels: synonyms.map((s) => (s.length > 1 ? { name: s[0], synonyms: s.slice(1) } : { name: s[0] }))
  }
}
