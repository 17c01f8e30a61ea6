// Page object for the test-card catalog (full app or widget: pass the root locator).
import { type Locator, type Page } from '@playwright/test';

export class CardsPage {
  readonly rows: Locator;
  readonly search: Locator;
  readonly count: Locator;

  constructor(readonly page: Page, readonly root: Locator = page.locator('body')) {
    // Rows that do not match are hidden, not removed.
    this.rows = root.locator('[data-testid="card-row"]:not([hidden])');
    this.search = root.getByTestId('card-search');
    this.count = root.getByTestId('card-count');
  }

  async open(query = '') {
    await this.page.goto(`/cards${query}`);
    await this.rows.first().waitFor();
  }

  category(slug: string): Locator {
    return this.root.getByTestId(`card-category-${slug}`);
  }

  row(number: string): Locator {
    return this.root.locator(`[data-testid="card-row"][data-number="${number}"]`);
  }

  async numbers(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number') ?? ''));
  }
}
