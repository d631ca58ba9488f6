// The catalogues, one JSON file per namespace and language (src/shared/locales/<lang>/<ns>.json).
// One namespace per screen area keeps each file small; English is the source every key starts in.
import en_common from '../locales/en/common.json'
import en_start from '../locales/en/start.json'
import en_model from '../locales/en/model.json'
import en_prelabel from '../locales/en/prelabel.json'
import en_review from '../locales/en/review.json'
import en_grid from '../locales/en/grid.json'
import en_tags from '../locales/en/tags.json'
import en_compare from '../locales/en/compare.json'
import en_export from '../locales/en/export.json'
import en_settings from '../locales/en/settings.json'
import en_errors from '../locales/en/errors.json'
import en_cli from '../locales/en/cli.json'
import zh_common from '../locales/zh/common.json'
import zh_start from '../locales/zh/start.json'
import zh_model from '../locales/zh/model.json'
import zh_prelabel from '../locales/zh/prelabel.json'
import zh_review from '../locales/zh/review.json'
import zh_grid from '../locales/zh/grid.json'
import zh_tags from '../locales/zh/tags.json'
import zh_compare from '../locales/zh/compare.json'
import zh_export from '../locales/zh/export.json'
import zh_settings from '../locales/zh/settings.json'
import zh_errors from '../locales/zh/errors.json'
import zh_cli from '../locales/zh/cli.json'

export const NAMESPACES = [
  'common',
  'start',
  'model',
  'prelabel',
  'review',
  'grid',
  'tags',
  'compare',
  'export',
  'settings',
  'errors',
  'cli'
] as const

const en = {
  common: en_common,
  start: en_start,
  model: en_model,
  prelabel: en_prelabel,
  review: en_review,
  grid: en_grid,
  tags: en_tags,
  compare: en_compare,
  export: en_export,
  settings: en_settings,
  errors: en_errors,
  cli: en_cli
}

/** Every language has the same keys as English (catalogues.test.ts checks it). */
const zh = {
  common: zh_common,
  start: zh_start,
  model: zh_model,
  prelabel: zh_prelabel,
  review: zh_review,
  grid: zh_grid,
  tags: zh_tags,
  compare: zh_compare,
  export: zh_export,
  settings: zh_settings,
  errors: zh_errors,
  cli: zh_cli
}

export const resources = { en, zh }
