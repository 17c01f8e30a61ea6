// Signing and sending Stripe events from tests (node's crypto: the same HMAC the app computes).
import { createHmac } from 'node:crypto';
import { SANDBOX_SECRET } from './sandbox';

export async function sendEvent(base: string, type: string, object: Record<string, unknown>) {
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id: `evt_e2e_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    api_version: '2024-06-20',
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const signature = createHmac('sha256', SANDBOX_SECRET).update(`${now}.${body}`).digest('hex');
  const response = await fetch(`${base}/api/v1/billing/webhook`, {
    method: 'POST',
    headers: { 'Stripe-Signature': `t=${now},v1=${signature}`, 'Content-Type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`webhook refused: ${await response.text()}`);
}
