"""Cross-check of testkit-core's Stripe signatures against stripe-python.

Reads cases (JSON lines from `cargo run -p testkit-core --example signature_cases`),
asks stripe-python for its verdict on each (construct_event for JSON objects,
verify_header otherwise, with time.time pinned to the case's "now"), and reports every
case where the two disagree. The last line is "N passed, N failed".
"""

import json
import sys
from unittest import mock

import stripe
from stripe import Webhook, WebhookSignature


def stripe_accepts(case):
    """True when stripe-python accepts the header for any of the case's secrets."""
    payload = case["payload"]
    is_object = payload.strip().startswith("{")
    reasons = []
    with mock.patch("time.time", return_value=case["now"]):
        for secret in case["secrets"]:
            try:
                if is_object:
                    Webhook.construct_event(payload, case["header"], secret, tolerance=case["tolerance"])
                else:
                    WebhookSignature.verify_header(payload, case["header"], secret, tolerance=case["tolerance"])
                return True, None
            except stripe.SignatureVerificationError as err:
                reasons.append(str(err).split(" (")[0])
    return False, reasons[0] if reasons else None


def main():
    passed = failed = accepted = 0
    for line in sys.stdin:
        case = json.loads(line)
        ok, reason = stripe_accepts(case)
        accepted += ok
        agrees = ok == case["accept"]
        if agrees and not ok and case["reason"] and reason and not reason.startswith(case["reason"][:30]):
            # Both reject: the first reason should be the same check.
            agrees = False
        if agrees:
            passed += 1
        else:
            failed += 1
            print(f"DISAGREE {case['name']}: testkit accept={case['accept']} ({case['reason']}), "
                  f"stripe-python accept={ok} ({reason})")
    print(f"stripe-python {stripe.VERSION}: {passed + failed} cases, {accepted} accepted by stripe-python")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
