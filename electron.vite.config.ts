import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for three runtimes: the Electron main process (index), the browser-mode bridge
// (serve) and the command line (cli) share every module under src/main.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // worker_threads entry of the preprocessing pool (src/main/clip/preprocess-pool.ts)
          'preprocess-worker': resolve(__dirname, 'src/main/clip/preprocess-worker.ts')
        },
        // shared chunks sit beside the entries (not in chunks/): code that finds a sibling entry
        // from __dirname (the preprocess worker) works from any chunk
        output: { chunkFileNames: '[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } }
  }
})
