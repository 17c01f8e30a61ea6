// Page object for the App Store notifications surface.
import { expect, type Locator, type Page } from '@playwright/test';

export class AppStorePage {
  readonly input: Locator;
  readonly verdict: Locator;
  readonly craftType: Locator;
  readonly body: Locator;
  readonly send: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByTestId('asn-input');
    this.verdict = page.getByTestId('asn-verdict');
    this.craftType = page.getByTestId('asn-craft-type');
    this.body = page.getByTestId('asn-body');
    this.send = page.getByTestId('asn-send');
  }

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Opens the page and waits until the sandbox's test chain is loaded. */
  async open(base = '') {
    await this.page.goto(`${base}/appstore`);
    await expect(this.testId('asn-sandbox-fingerprint')).toBeVisible();
  }

  async inspect(text: string) {
    await this.input.fill(text);
  }

  /** Opens the craft form (a part of its own, downloaded on opening) unless it is open. */
  async openCraft() {
    const open = this.testId('asn-craft-open');
    if ((await open.getAttribute('aria-expanded')) !== 'true') await open.click();
    await expect(this.craftType).toBeVisible();
  }

  /** Crafts `label` (as the chooser names it), signs it and returns the request body. */
  async craft(label: string, user?: string): Promise<string> {
    await this.openCraft();
    await this.craftType.selectOption({ label });
    if (user) await this.testId('asn-user').fill(user);
    await this.testId('asn-sign').click();
    await expect(this.body).toBeVisible();
    return this.body.inputValue();
  }
}
