import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import i18next from 'eslint-plugin-i18next'

// Only these two wrappers may touch Electron's IPC objects; everything else goes through them.
const IPC_WRAPPERS = ['src/main/electron/ipc.ts', 'src/preload/ipc.ts']
// Everything outside the Electron transport runs in plain Node (CLI, bridge, tests, benchmarks)
// and must never load Electron.
const NO_ELECTRON = { name: 'electron', message: 'Core modules run without Electron.' }
const NO_IPC = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC wrappers (src/main/electron/ipc.ts, src/preload/ipc.ts).'
}

// The layers of src/main, lowest first (docs/architecture.md). A module imports only from layers
// below its own: never a sibling in the same layer, never one above. Folders, or top-level modules
// by file name; index.ts is the Electron app's entry and serve.ts the bridge's, so each belongs to
// its transport.
const LAYERS = [
  { rank: 0, name: 'floor', units: ['math', 'log', 'paths', 'settings', 'i18n'], siblingsOk: true },
  { rank: 1, name: 'clip', units: ['clip'] },
  { rank: 2, name: 'db', units: ['db'] },
  { rank: 3, name: 'jobs / export', units: ['jobs', 'export', 'demo-world'] },
  { rank: 4, name: 'eval / adapt', units: ['eval', 'adapt'] },
  { rank: 5, name: 'services', units: ['services'] },
  { rank: 6, name: 'transport', units: ['transport'] },
  { rank: 7, name: 'transports', units: ['electron', 'bridge', 'cli'] }
]
// Top-level entry files that belong to a transport unit.
const ENTRY_OF = { electron: ['src/main/index.ts'], bridge: ['src/main/serve.ts'] }
const TOP_LEVEL_FILES = new Set(['log', 'paths', 'settings', 'i18n'])
// Tests may build their fixtures with higher layers (e.g. scan a real folder to test db/), so the
// layer rule covers production modules only.
const TESTS = ['**/*.test.ts', '**/*.test.tsx']

// SQL lives in src/main/db only (docs/architecture.md): elsewhere in src/main no statement is
// prepared or run, and no pragma set; call a db/ repository function instead. A regex literal's
// .exec is not SQL, so it is let through (keep regexes literal at the call, or name the method
// otherwise). Tests may query the project file to check what was stored.
const NO_SQL = {
  selector:
    'CallExpression[callee.type="MemberExpression"][callee.property.name=/^(prepare|exec|pragma)$/]:not([callee.object.regex])',
  message:
    'SQL lives in src/main/db only: add or use a repository function there (docs/architecture.md, "db/").'
}

// Every string a person sees in the renderer comes from the catalogues (docs/i18n.md). The rule
// reads JSX text and the attributes people read or hear (titles, labels, placeholders, alt text);
// class names, ids, roles, test ids and keys are code, not text. Inside JSX, a lone lowercase
// token ('tags', 'primary') is a value compared or passed on, not a sentence, and a lone capital is
// a key's name (<kbd>S</kbd>); a string of digits,
// punctuation or symbols ('×', '…', '—'), with no letter at all, needs no translation.
const NO_LITERAL_STRING = [
  'error',
  {
    mode: 'jsx-only',
    'jsx-attributes': {
      include: [
        'title',
        'aria-label',
        'aria-description',
        'aria-valuetext',
        'aria-roledescription',
        'placeholder',
        'alt',
        'label',
        'hint',
        'heading',
        'caption',
        'message',
        'empty'
      ]
    },
    words: { exclude: ['^[a-z][\\w.:/#-]*$', /^[^\p{L}]*$/u, '^Zebra$', '^[A-Z]$', '^κ$'] },
    callees: { exclude: ['t', 'i18n(ext)?\\.t', 'useTranslation', 'shownError'] }
  }
]
const I18N_FILES = ['src/renderer/src/**/*.tsx']
const I18N_IGNORES = ['**/*.test.tsx', 'src/renderer/src/testing/**']

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const filesOf = (unit) =>
  TOP_LEVEL_FILES.has(unit) ? [`src/main/${unit}.ts`] : [`src/main/${unit}/**`, ...(ENTRY_OF[unit] ?? [])]

/** no-restricted-imports patterns forbidding every unit that `unit` must not import. */
function layerPatterns(unit, allowAlso = []) {
  const own = LAYERS.find((l) => l.units.includes(unit))
  const allowed = LAYERS.filter((l) => l.rank < own.rank).flatMap((l) => l.units)
  const patterns = []
  for (const layer of LAYERS) {
    for (const target of layer.units) {
      if (target === unit || allowAlso.includes(target)) continue
      const sibling = layer.rank === own.rank
      if (layer.rank < own.rank || (sibling && own.siblingsOk)) continue
      const why = sibling ? `a sibling in the "${own.name}" layer` : `the "${layer.name}" layer, above it`
      patterns.push({
        // relative specifiers only: '../db/x', '../../db', './services' (from index.ts), './log'
        regex: `^(\\.\\.?/)+${escape(target)}(/.*|\\.ts)?$`,
        message:
          `Layer rule: ${unit} (layer "${own.name}") must not import ${target}, ${why}. ` +
          `It may import: ${allowed.length ? allowed.join(', ') : 'nothing in src/main'} and src/shared. ` +
          'Move the shared code down a layer or the caller up (docs/architecture.md).'
      })
    }
  }
  return patterns
}

function layerConfigs() {
  const out = []
  for (const layer of LAYERS) {
    for (const unit of layer.units) {
      const electronPaths = unit === 'electron' ? [NO_IPC] : [NO_ELECTRON]
      out.push({
        files: filesOf(unit),
        ignores: [...TESTS, ...(unit === 'electron' ? IPC_WRAPPERS : [])],
        rules: { 'no-restricted-imports': ['error', { paths: electronPaths, patterns: layerPatterns(unit) }] }
      })
    }
  }
  // Inside services/: one room per channel prefix in handlers/, what rooms share in core/. A room
  // never imports another room (move the shared code to core/), and core/ never imports a room or
  // the composition (index.ts), so no tangle of rooms grows back.
  const services = { paths: [NO_ELECTRON], patterns: layerPatterns('services') }
  out.push({
    files: ['src/main/services/handlers/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...services,
          patterns: [
            ...services.patterns,
            {
              regex: '^\\./',
              message:
                'services/handlers/: a room (one channel prefix) never imports another room; put what both need in services/core/.'
            },
            {
              regex: '^\\.\\./(index|testing)(/.*)?$',
              message: 'services/handlers/: a room imports services/core/ and lower layers only.'
            }
          ]
        }
      ]
    }
  })
  out.push({
    files: ['src/main/services/core/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...services,
          patterns: [
            ...services.patterns,
            {
              regex: '^\\.\\./(handlers|index|testing)(/.*)?$',
              message:
                'services/core/ is what the rooms share: it never imports a room (services/handlers/) or the composition (services/index.ts).'
            }
          ]
        }
      ]
    }
  })
  // The two IPC wrappers may touch ipcMain/ipcRenderer but still obey the layers.
  out.push({
    files: ['src/main/electron/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: layerPatterns('electron') }]
    }
  })
  // src/shared is below all of src/main (the renderer and preload import it too).
  out.push({
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [
            {
              regex: '^(\\.\\./)+(main|renderer|preload)(/.*)?$',
              message:
                'Layer rule: src/shared is the floor of every process; it must not import src/main, src/preload or src/renderer.'
            }
          ]
        }
      ]
    }
  })
  return out
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'resources/**',
      'test-results/**',
      'playwright-report/**',
      '.devcarry/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC wrappers (src/main/electron/ipc.ts, src/preload/ipc.ts).'
            }
          ]
        }
      ]
    }
  },
  {
    // CommonJS launchers
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: IPC_WRAPPERS,
    rules: { 'no-restricted-imports': 'off' }
  },
  ...layerConfigs(),
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/db/**', ...TESTS],
    rules: { 'no-restricted-syntax': ['error', NO_SQL] }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn'
    }
  },
  {
    files: I18N_FILES,
    ignores: I18N_IGNORES,
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': NO_LITERAL_STRING,
      // the rule above lets a lone lowercase token through (a value, not text); in JSX text it is
      // still a word a person reads ("of", "missing"), so any letter there needs the catalogue
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXText[value=/[A-Za-z]/]:not([value=/^\\s*(Zebra|[A-Z])\\s*$/])',
          message: "Text a person reads comes from the catalogue: {t('key')} (docs/i18n.md)."
        }
      ]
    }
  }
)
