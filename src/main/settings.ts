// App-level settings (not per project): annotator name, recent projects, the model last used.
// One JSON file in the data folder, written atomically (temp file + rename).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import type { ExecutionProvider, RecentProject, Variant } from '../shared/contract'
import { isLanguageChoice, type LanguageChoice } from '../shared/i18n/language'

export interface AppSettings {
  annotator: string
  recentProjects: { path: string; name: string; openedAt: string }[]
  model: { path: string | null; variant: Variant | null; ep: ExecutionProvider }
  /** interface language of the app and the CLI; 'system' follows the OS (or the browser) */
  language: LanguageChoice
}

const MAX_RECENT = 20

function defaultAnnotator(): string {
  try {
    return userInfo().username || 'annotator'
  } catch {
    return 'annotator'
  }
}

function defaultSettings(): AppSettings {
  return {
    annotator: defaultAnnotator(),
    recentProjects: [],
    model: { path: null, variant: null, ep: 'auto' },
    language: 'system'
  }
}

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.json')
}

/** Reads settings; a missing or damaged file gives the defaults (never blocks startup). */
export function loadSettings(dataDir: string): AppSettings {
  const d = defaultSettings()
  try {
    const raw = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')) as Partial<AppSettings>
    return {
      annotator: typeof raw.annotator === 'string' && raw.annotator.trim() ? raw.annotator : d.annotator,
      recentProjects: Array.isArray(raw.recentProjects)
        ? raw.recentProjects.filter((r) => r && typeof r.path === 'string').slice(0, MAX_RECENT)
        : [],
      model: { ...d.model, ...(raw.model ?? {}) },
      language: isLanguageChoice(raw.language) ? raw.language : d.language
    }
  } catch {
    return d
  }
}

function saveSettings(dataDir: string, s: AppSettings): void {
  writeJsonAtomic(settingsFile(dataDir), s)
}

/**
 * Writes JSON through a temp file renamed into place, so a reader (or a crash) never sees half a
 * file. With `mode`, the temp file is created with it (e.g. 0600 for a secret): no window where
 * the content is readable by others.
 */
export function writeJsonAtomic(file: string, value: unknown, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 2), mode === undefined ? undefined : { mode })
  if (mode !== undefined) chmodSync(tmp, mode) // the umask may have narrowed it
  renameSync(tmp, file)
}

export function updateSettings(dataDir: string, patch: (s: AppSettings) => void): AppSettings {
  const s = loadSettings(dataDir)
  patch(s)
  saveSettings(dataDir, s)
  return s
}

/** Moves (or adds) a project to the top of the recent list. */
export function touchRecent(dataDir: string, path: string, name: string): AppSettings {
  return updateSettings(dataDir, (s) => {
    s.recentProjects = [
      { path, name, openedAt: new Date().toISOString() },
      ...s.recentProjects.filter((r) => r.path !== path)
    ].slice(0, MAX_RECENT)
  })
}

export function recentProjects(dataDir: string): RecentProject[] {
  return loadSettings(dataDir).recentProjects.map((r) => ({ ...r, exists: existsSync(r.path) }))
}
