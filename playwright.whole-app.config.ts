// The one-bundle app's smoke tests (e2e/whole-app/) and `./scripts/test.sh quick`'s
// surface tests: `trunk build` into target/trunk-dist, served by the real sandbox.
// E2E_SPECS picks other spec files (paths relative to e2e/).
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Private sandboxes (e2e/support/sandbox.ts) serve the same build.
process.env.E2E_APP_DIR = 'target/trunk-dist';

const port = Number(process.env.E2E_PORT ?? 8182);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...base,
  testIgnore: [],
  testMatch: process.env.E2E_SPECS ? process.env.E2E_SPECS.split(',') : ['whole-app/**/*.spec.ts'],
  outputDir: 'target/e2e/whole-app-artifacts',
  reporter: [['list'], ['json', { outputFile: 'target/e2e/whole-app-results.json' }]],
  use: { ...base.use, baseURL },
  webServer: {
    ...(base.webServer as object),
    command: `target/debug/billing-sandbox --app-dir target/trunk-dist --port ${port} --seed demo --db target/e2e/whole-app.db`,
    url: `${baseURL}/health`,
  },
});
