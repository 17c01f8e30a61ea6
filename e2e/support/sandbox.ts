// A private sandbox per test: its own process, port and database (demo data), serving the
// built app. Tests that change server state (webhooks, faults) use one so that parallel
// tests never see each other's changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SANDBOX_SECRET = 'whsec_billing_testkit_sandbox';
export const SANDBOX_TOKEN = 'sandbox-token';

/** The built app a sandbox serves: dist/ (the site build) unless the config names another. */
export function appDir(): string {
  return process.env.E2E_APP_DIR ?? 'dist';
}

export class Sandbox {
  constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    /** Every request the server answered (with `logRequests`): path and status. */
    readonly requests: { path: string; status: number }[] = [],
  ) {}

  static async start(args: string[] = [], options: { logRequests?: boolean } = {}): Promise<Sandbox> {
    const dir = mkdtempSync(join(tmpdir(), 'btk-e2e-'));
    const seed = args.includes('--seed') ? [] : ['--seed', 'demo'];
    const child = spawn(
      'target/debug/billing-sandbox',
      ['--port', '0', '--db', join(dir, 'sandbox.db'), '--app-dir', appDir(), ...seed, ...args],
      {
        env: { ...process.env, SANDBOX_LOG: options.logRequests ? 'info' : 'off' },
        stdio: ['ignore', 'pipe', options.logRequests ? 'pipe' : 'inherit'],
      },
    );
    const requests: { path: string; status: number }[] = [];
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          const entry = JSON.parse(line);
          if (entry.event === 'http.request') requests.push({ path: entry.span.path, status: entry.status });
        } catch {
          /* not a log line */
        }
      }
    });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening on (http:\/\/[0-9.:]+)\//.exec(seen);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${seen}`)));
    });
    return new Sandbox(url, child, dir, requests);
  }

  async stop() {
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** GET an internal API path with the sandbox token. */
  async api(path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(this.url + path, { headers: { Authorization: `Bearer ${SANDBOX_TOKEN}` } });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    return { status: response.status, body };
  }

  /** Waits until Queue's fan-out has delivered every committed change to Raptor's mirror. */
  async outboxDrained(timeoutMs = 15_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { status, body } = await this.api('/__sandbox/outbox');
      if (status === 200 && body.pending === 0) return;
      if (Date.now() > until) throw new Error(`the outbox did not drain: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async setFaults(faults: string[]) {
    const response = await fetch(this.url + '/__sandbox/faults', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${SANDBOX_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ faults }),
    });
    if (!response.ok) throw new Error(`setting faults failed: ${await response.text()}`);
  }
}
