// The presets.* channels: the label and template sets of the CLIP paper's datasets.
import type { Handlers } from '../../../shared/contract'
import { getPreset, listPresets } from '../../clip/presets'

export type PresetHandlers = Pick<Handlers, 'presets.list' | 'presets.get'>

export function createPresetHandlers(): PresetHandlers {
  return {
    'presets.list': async () => listPresets(),
    'presets.get': async ({ name }) => {
      const p = getPreset(name)
      return { name: p.name, classes: p.classes, templates: p.templates }
    }
  }
}
