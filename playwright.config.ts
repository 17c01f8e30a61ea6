// End-to-end tests: the built app served by the real sandbox, driven in Debian's Chromium.
// scripts/test.sh builds dist/ and the sandbox before running these.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8181);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // The one-bundle app has its own config (playwright.whole-app.config.ts).
  testIgnore: ['whole-app/**'],
  outputDir: 'target/e2e/artifacts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'target/e2e/results.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `target/debug/billing-sandbox --app-dir dist --port ${port} --seed demo --db target/e2e/shared.db`,
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    // Request lines would bury the test output; warnings (5xx causes) still show.
    env: { SANDBOX_LOG: 'warn' },
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
