// Page object for the combined subscriber view.
import { type Locator, type Page } from '@playwright/test';

export class SubscribersPage {
  readonly rows: Locator;
  readonly total: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('subs-row');
    this.total = page.getByTestId('subs-total');
    this.search = page.getByTestId('subs-search');
  }

  async open(base = '', query = '') {
    await this.page.goto(`${base}/subscribers${query}`);
  }

  status(source: 'stripe' | 'ios' | 'mirror'): Locator {
    return this.page.getByTestId(`subs-source-status-${source}`);
  }

  async loaded() {
    await this.page.waitForFunction(() =>
      ['stripe', 'ios', 'mirror'].every((s) => {
        const el = document.querySelector(`[data-testid=subs-source-status-${s}]`);
        return el && !['loading', 'idle'].includes(el.getAttribute('data-state') ?? '');
      }),
    );
  }

  async stores(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-store') ?? ''));
  }

  shown(): Locator {
    return this.page.getByTestId('subs-shown');
  }
}
