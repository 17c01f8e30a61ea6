"""Cross-check of testkit-core's App Store verifier against Apple's library.

Reads cases (JSON lines from `cargo run -p testkit-core --features native-crypto
--example appstore_cases`), gives each to app-store-server-library's SignedDataVerifier
(offline: enable_online_checks=False; its chain check is OpenSSL in strict mode) and
compares the status; when both say OK, the decoded model must equal the core's decoded
fields. One PASS or FAIL line per case; the last line is "N passed, N failed".
"""

import base64
import json
import sys

import appstoreserverlibrary
from appstoreserverlibrary.models.Environment import Environment
from appstoreserverlibrary.models.JWSRenewalInfoDecodedPayload import JWSRenewalInfoDecodedPayload
from appstoreserverlibrary.models.JWSTransactionDecodedPayload import JWSTransactionDecodedPayload
from appstoreserverlibrary.models.LibraryUtility import _get_cattrs_converter
from appstoreserverlibrary.models.ResponseBodyV2DecodedPayload import ResponseBodyV2DecodedPayload
from appstoreserverlibrary.signed_data_verifier import SignedDataVerifier, VerificationException

METHODS = {
    "notification": ("verify_and_decode_notification", ResponseBodyV2DecodedPayload),
    "transaction": ("verify_and_decode_signed_transaction", JWSTransactionDecodedPayload),
    "renewal": ("verify_and_decode_renewal_info", JWSRenewalInfoDecodedPayload),
}


def library_verdict(case):
    """(status name, decoded dict or None) from Apple's library."""
    roots = [base64.b64decode(r) for r in case["roots"]]
    try:
        verifier = SignedDataVerifier(
            roots, False, Environment(case["environment"]), case["bundle_id"], case["app_apple_id"]
        )
    except ValueError:
        return "CONFIG_ERROR", None
    method, model = METHODS[case["kind"]]
    try:
        decoded = getattr(verifier, method)(case["jws"])
    except VerificationException as err:
        return err.status.name, None
    except Exception as err:  # not a verification status: report it as such
        return f"EXCEPTION {type(err).__name__}: {err}", None
    return "OK", _get_cattrs_converter(model).unstructure(decoded)


def main():
    passed = failed = 0
    statuses = {}
    for line in sys.stdin:
        case = json.loads(line)
        status, decoded = library_verdict(case)
        statuses[status] = statuses.get(status, 0) + 1
        problem = None
        if status != case["status"]:
            problem = f"library {status}, testkit {case['status']} ({case['reason']})"
        elif status == "OK" and decoded != case["decoded"]:
            problem = f"decoded fields differ: library {json.dumps(decoded, sort_keys=True)} testkit {json.dumps(case['decoded'], sort_keys=True)}"
        if problem:
            failed += 1
            print(f"FAIL {case['name']}: {problem}")
        else:
            passed += 1
            print(f"PASS {case['name']}: {status}")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    print(f"app-store-server-library {appstoreserverlibrary_version()}: {passed + failed} cases ({summary})")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def appstoreserverlibrary_version():
    try:
        from importlib.metadata import version

        return version("app-store-server-library")
    except Exception:  # pragma: no cover - metadata missing
        return getattr(appstoreserverlibrary, "__version__", "unknown")


if __name__ == "__main__":
    sys.exit(main())
