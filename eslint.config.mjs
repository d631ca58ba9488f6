import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Only these two wrappers may touch Electron's IPC objects; everything else goes through them.
const IPC_WRAPPERS = ['src/main/electron/ipc.ts', 'src/preload/ipc.ts']
// Core logic runs in plain Node (CLI, tests, benchmarks) and must never load Electron.
const CORE = [
  'src/main/clip/**',
  'src/main/db/**',
  'src/main/jobs/**',
  'src/main/export/**',
  'src/main/eval/**',
  'src/main/adapt/**',
  'src/main/services/**',
  'src/main/bridge/**',
  'src/main/transport/**',
  'src/main/cli/**'
]

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
  {
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Core modules run without Electron.' }] }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn'
    }
  }
)
