// Page object for the runbook checklists.
import { type Locator, type Page } from '@playwright/test';

export class ChecklistPage {
  readonly items: Locator;
  readonly status: Locator;
  readonly record: Locator;

  constructor(readonly page: Page) {
    this.items = page.getByTestId('check-item');
    this.status = page.getByTestId('checklist-status');
    this.record = page.getByTestId('check-record');
  }

  async open() {
    await this.page.goto('/checklist');
    await this.items.first().waitFor();
  }

  item(id: string): Locator {
    return this.page.locator(`[data-testid=check-item][data-item="${id}"]`);
  }

  async tick(id: string) {
    await this.item(id).locator('input[type=checkbox]').check();
  }

  progress(list: string): Locator {
    return this.page.locator(`[data-testid=check-progress][data-checklist=${list}]`);
  }

  async tickAll(list: string) {
    const boxes = this.page.locator(`[data-testid=check-item][data-item^="${list}/"] input[type=checkbox]`);
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  }
}
