"""Cross-check of testkit-core's Stripe signatures against stripe-python.

Reads cases (JSON lines from `cargo run -p testkit-core --example signature_cases`),
asks stripe-python for its verdict on each (construct_event for JSON objects,
verify_header otherwise, with time.time pinned to the case's "now"), and reports every
case where the two disagree. The last line is "N passed, N failed".

Diagnosis cases sign a variant of the payload and carry "python_variant": the steps that
make the signed bytes from the payload in Python (json.dumps(json.loads(...), **args),
BOM and line-ending changes). For those, stripe-python must also accept the header for
the bytes Python itself makes, and testkit must have named exactly that cause: so the
variants testkit re-signs are the bytes Python's own encoder writes.
"""

import json
import re
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


def python_variant(payload, steps):
    """The signed bytes as Python makes them from the payload, and the hint they prove."""
    kinds = set()
    for step in steps:
        if isinstance(step, dict):
            args = dict(step)
            if "separators" in args:
                args["separators"] = tuple(args["separators"])
            payload = json.dumps(json.loads(payload), **args)
            kinds.add("json")
        elif step == "strip_bom":
            assert payload.startswith("\ufeff"), "no BOM to strip"
            payload = payload[1:]
            kinds.add("bom")
        elif step == "add_bom":
            payload = "\ufeff" + payload
            kinds.add("bom")
        elif step == "crlf_to_lf":
            payload = payload.replace("\r\n", "\n")
            kinds.add("eol")
        elif step == "lf_to_crlf":
            payload = re.sub(r"(?<!\r)\n", "\r\n", payload)
            kinds.add("eol")
        else:
            raise ValueError(f"unknown step {step!r}")
    expected = {
        frozenset({"json"}): {"reserialised", "reencoded"},
        frozenset({"bom"}): {"bom"},
        frozenset({"eol"}): {"line-endings"},
        frozenset({"bom", "eol"}): {"bom-and-line-endings"},
    }[frozenset(kinds)]
    return payload, expected


def check_variant(case):
    """None when the Python-made variant verifies and testkit named its cause, else why not."""
    variant, expected = python_variant(case["payload"], case["python_variant"])
    with mock.patch("time.time", return_value=case["now"]):
        try:
            WebhookSignature.verify_header(variant, case["header"], case["secrets"][0], tolerance=case["tolerance"])
        except stripe.SignatureVerificationError as err:
            return f"stripe-python refuses the bytes Python makes with {case['python_variant']}: {err}"
    if len(case["hints"]) != 1 or case["hints"][0] not in expected:
        return f"testkit's hints {case['hints']}, expected one of {sorted(expected)}"
    return None


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
        problem = check_variant(case) if agrees and case.get("python_variant") else None
        if problem:
            failed += 1
            print(f"WRONG HINT {case['name']}: {problem}")
        elif agrees:
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
