import { defineConfig } from '@playwright/test'

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.
// Every spec starts its own `zebra serve` through e2e/launch.ts (built by `npm run e2e`).
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  // CI machines have 2 cores shared with the server and the ONNX sessions: be patient, not flaky
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./e2e/skip-reasons.ts']],
  use: { trace: 'off' }
})
