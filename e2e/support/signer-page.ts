// Page object for the signature workbench.
import { type Locator, type Page } from '@playwright/test';

export class SignerPage {
  readonly payload: Locator;
  readonly secret: Locator;
  readonly secret2: Locator;
  readonly timestamp: Locator;
  readonly header: Locator;
  readonly curl: Locator;
  readonly verifyHeader: Locator;
  readonly verifyPayload: Locator;
  readonly verifySecret: Locator;
  readonly verifyResult: Locator;

  constructor(readonly page: Page, readonly root: Locator = page.locator('body')) {
    const id = (name: string) => root.getByTestId(name);
    this.payload = id('sig-payload');
    this.secret = id('sig-secret');
    this.secret2 = id('sig-secret-2');
    this.timestamp = id('sig-timestamp');
    this.header = id('sig-header');
    this.curl = id('sig-curl');
    this.verifyHeader = id('verify-header');
    this.verifyPayload = id('verify-payload');
    this.verifySecret = id('verify-secret');
    this.verifyResult = id('verify-result');
  }

  testId(name: string): Locator {
    return this.root.getByTestId(name);
  }

  async open(base: string, event?: string) {
    await this.page.goto(`${base}/signer${event ? `?event=${event}` : ''}`);
    await this.payload.waitFor();
  }

  /** Sets a form field and commits it (change fires when focus leaves). */
  async setField(name: string, value: string) {
    const field = this.testId(`sig-field-${name}`);
    await field.fill(value);
    await field.blur();
  }

  async payloadText(): Promise<string> {
    return this.payload.inputValue();
  }
}
