// Page object for the signature workbench.
import { createHmac } from 'node:crypto';
import { type Locator, type Page } from '@playwright/test';

/** How a body is given: text in a text box, or exact bytes. */
export type BodyMode = 'text' | 'file' | 'base64' | 'hex';

/** A Stripe-Signature header computed in node (the same HMAC Stripe computes). */
export function stripeHeader(secret: string, body: string | Buffer, t = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${t}.`).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return `t=${t},v1=${mac.digest('hex')}`;
}

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
  readonly verifyFindings: Locator;

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
    this.verifyFindings = id('verify-findings');
  }

  /** The verdict's finding of one kind (`data-hint`, e.g. "line-endings"). */
  verifyHint(slug: string): Locator {
    return this.verifyResult.locator(`[data-hint="${slug}"]`);
  }

  /** An error next to an input: its test id, announced as an alert. */
  getByRoleAlert(testId: string): Locator {
    return this.testId(testId).and(this.root.getByRole('alert'));
  }

  /** A warning next to a body input (`prefix` "verify-body" or "sig-body"). */
  bodyWarning(prefix: string, slug: string): Locator {
    return this.testId(`${prefix}-warnings`).locator(`[data-finding="${slug}"]`);
  }

  /** Gives a body as `mode`: text goes through the text box, the rest as exact bytes. */
  async giveBody(prefix: 'verify-body' | 'sig-body', mode: BodyMode, body: string | Buffer) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (prefix === 'sig-body') await this.openExactBytes();
    await this.testId(`${prefix}-mode-${mode}`).check();
    if (mode === 'text') {
      await (prefix === 'verify-body' ? this.verifyPayload : this.payload).fill(bytes.toString('utf8'));
    } else if (mode === 'file') {
      await this.testId(`${prefix}-file`).setInputFiles({ name: 'body.json', mimeType: 'application/json', buffer: bytes });
    } else {
      await this.testId(`${prefix}-encoded`).fill(bytes.toString(mode));
    }
  }

  /** Verifies `body` (given as `mode`) against `header` with one secret. */
  async verify(header: string, secret: string, mode: BodyMode, body: string | Buffer) {
    await this.verifyHeader.fill(header);
    await this.verifySecret.fill(secret);
    await this.giveBody('verify-body', mode, body);
  }

  testId(name: string): Locator {
    return this.root.getByTestId(name);
  }

  async open(base: string, event?: string) {
    await this.page.goto(`${base}/signer${event ? `?event=${event}` : ''}`);
    await this.payload.waitFor();
  }

  /** Opens the verifier (a part of its own, downloaded on opening) unless it is open. */
  async openVerifier() {
    const open = this.testId('verify-open');
    if ((await open.getAttribute('aria-expanded')) !== 'true') await open.click();
    await this.verifyHeader.waitFor();
  }

  /** Opens the signer's exact-bytes inputs (a part of its own) unless they are open. */
  async openExactBytes() {
    const open = this.testId('sig-body-exact-open');
    if ((await open.getAttribute('aria-expanded')) !== 'true') await open.click();
    await this.testId('sig-body-mode-file').waitFor();
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
