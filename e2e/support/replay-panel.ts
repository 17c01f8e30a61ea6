// Page object for the "Replay against a receiver" panel of /clocks.
import { expect, type Locator, type Page } from '@playwright/test';

export class ReplayPanel {
  readonly panel: Locator;
  readonly receiver: Locator;
  readonly secret: Locator;
  readonly queue: Locator;
  readonly token: Locator;
  readonly order: Locator;
  readonly scenario: Locator;
  readonly redeliver: Locator;
  readonly delay: Locator;
  readonly start: Locator;
  readonly cancel: Locator;
  readonly steps: Locator;
  readonly verdict: Locator;
  readonly report: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('replay-panel');
    const id = (name: string) => this.panel.getByTestId(name);
    this.receiver = id('replay-receiver');
    this.secret = id('replay-secret');
    this.queue = id('replay-queue');
    this.token = id('replay-token');
    this.order = id('replay-order');
    this.scenario = id('replay-scenario');
    this.redeliver = id('replay-redeliver');
    this.delay = id('replay-delay');
    this.start = id('replay-start');
    this.cancel = id('replay-cancel');
    this.steps = id('replay-step');
    this.verdict = id('replay-verdict');
    this.report = id('replay-report');
  }

  /** Opens /clocks on `base` with `query` (`?scenario=B&start=...`), and the panel's form. */
  async open(base: string, query = '') {
    await this.page.goto(`${base}/clocks${query}`);
    await this.page.getByTestId('replay-open').click();
    await this.panel.waitFor();
  }

  /** Waits for the sandbox's defaults: the secret and the token filled in. */
  async defaultsFilled() {
    await expect(this.secret).not.toHaveValue('');
    await expect(this.token).not.toHaveValue('');
  }

  /** Every step's data-status, in order. */
  async statuses(): Promise<string[]> {
    return this.steps.evaluateAll((steps) => steps.map((s) => s.getAttribute('data-status') ?? ''));
  }

  /** The run's tag (in every id and email of the run). */
  async runTag(): Promise<string> {
    const tag = await this.panel.getAttribute('data-run-tag');
    if (!tag) throw new Error('no run tag on the panel');
    return tag;
  }

  /** Waits until the run has ended, in `state` (passed, failed, cancelled, stopped). */
  async ended(state: string, timeout = 30_000) {
    await expect(this.verdict).toHaveAttribute('data-state', state, { timeout });
  }
}
