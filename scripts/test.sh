#!/usr/bin/env bash
# Installs whatever is missing, then runs every suite (lint, native, browser, end-to-end)
# and ends with one line: "N passed, N failed". Exit status 0 only when nothing failed.
#
#   ./scripts/test.sh         everything (what CI runs)
#   ./scripts/test.sh quick   the edit loop's check: fmt, clippy, the native tests, and one
#                             surface's end-to-end tests against the one-bundle (trunk)
#                             app; QUICK_SPECS=signer.spec.ts picks other spec files
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$SECONDS
mode=${1:-all}
case "$mode" in
  all | quick) ;;
  *) die "usage: ./scripts/test.sh [quick]" ;;
esac
ensure_all
ensure_trunk

LOGS=target/test-logs
mkdir -p "$LOGS"
total_passed=0
total_failed=0
report=()

# "test result: ok. 12 passed; 0 failed; ..." lines, summed.
count_cargo() {
  grep -E '^test result:' "$1" |
    sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
    awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }'
}

# The last "N passed, N failed" line of a log.
count_summary() {
  sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$1" | tail -n 1 | awk '{ print $1 + 0, $2 + 0 } END { if (NR == 0) print 0, 0 }'
}

# record NAME STATUS PASSED FAILED: a suite that exits non-zero with no failed test
# (a build error, a crash) counts as one failure, never as a pass.
record() {
  local name=$1 status=$2 passed=$3 failed=$4
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  report+=("$(printf '%-14s %5d passed, %d failed' "$name" "$passed" "$failed")")
}

# check NAME COMMAND...: a single pass/fail check (lint, shellcheck).
check() {
  local name=$1; shift
  say "$name"
  # On failure, the log without cargo's progress lines, so the error is what shows first.
  if "$@" >"$LOGS/$name.log" 2>&1; then record "$name" 0 1 0; else
    grep -vE '^ *(Compiling|Checking|Downloaded|Downloading) ' "$LOGS/$name.log" || true
    record "$name" 1 0 1
  fi
}

suite_cargo() {
  local name=$1; shift
  say "$name tests: $*"
  local status=0
  "$@" 2>&1 | tee "$LOGS/$name.log" || status=$?
  read -r p f < <(count_cargo "$LOGS/$name.log")
  record "$name" "$status" "$p" "$f"
}

# playwright_suite NAME CONFIG RESULTS: a Playwright run with CONFIG, counted from the
# JSON report it writes to RESULTS.
playwright_suite() {
  local name=$1 config=$2 results=$3 status=0
  say "$name (Playwright, system Chromium, real sandbox)"
  rm -f "$results"
  npx playwright test -c "$config" || status=$?
  if [ -f "$results" ]; then
    read -r p f < <(node -e '
      const s = require(process.argv[1]).stats;
      console.log(s.expected, s.unexpected + s.flaky + s.skipped);' "$PWD/$results")
  else
    p=0 f=0
  fi
  record "$name" "$status" "$p" "$f"
}

# The one-bundle app (trunk, PROFILE debug or release) and end-to-end tests against it
# (E2E_SPECS: which spec files; the smoke tests by default).
whole_app_suite() {
  local profile=$1 status=0
  { build_whole_app "$profile" && build_sandbox debug; } || status=$?
  if [ "$status" -ne 0 ]; then record whole-app "$status" 0 1; return; fi
  playwright_suite whole-app playwright.whole-app.config.ts target/e2e/whole-app-results.json
}

check fmt cargo fmt --all --check
check clippy cargo clippy --locked --workspace --all-targets -- -D warnings
check clippy-wasm cargo clippy --locked -p billing-testkit --target wasm32-unknown-unknown --all-targets -- -D warnings
# The one-bundle app's code (every part linked in, the whole-app router).
check clippy-app cargo clippy --locked -p billing-testkit --target wasm32-unknown-unknown --features single-bundle --bins -- -D warnings
# The site build's bundles (each separate part a split point, the linked path unused).
check clippy-split cargo clippy --locked -p billing-testkit --target wasm32-unknown-unknown --features split-parts --bins -- -D warnings

# The report, the last line CI reads, and the exit status.
finish() {
  echo
  printf '%s\n' "${report[@]}"
  echo "took $((SECONDS - started)) s"
  echo "$total_passed passed, $total_failed failed"
  [ "$total_failed" -eq 0 ]
}

# The app's own unit tests run natively: the wasm32 runner runs only #[wasm_bindgen_test]s.
app_unit() { suite_cargo app-unit cargo test --locked -p billing-testkit --lib; }

if [ "$mode" = quick ]; then
  suite_cargo native cargo test --locked -p testkit-core -p billing-sandbox -p site
  app_unit
  E2E_SPECS=${QUICK_SPECS:-cards.spec.ts} whole_app_suite debug
  finish
  exit
fi

# testkit-core with its native ECDSA (App Store verifier, signer, test chains), and alone for wasm32.
check clippy-native cargo clippy --locked -p testkit-core --all-targets --features native-crypto -- -D warnings
check clippy-core-wasm cargo clippy --locked -p testkit-core --target wasm32-unknown-unknown -- -D warnings
check shellcheck shellcheck -x scripts/*.sh .ci/run tools/localstripe/run.sh

suite_cargo native cargo test --locked -p testkit-core -p billing-sandbox -p site
app_unit
# The sandbox's integration tests again on its Postgres engine: a throwaway cluster
# (target/pg/test, stopped when this script exits) in which each test creates a fresh
# database. A cluster that does not start counts as one failure.
if start_postgres test; then
  suite_cargo sandbox-pg env SANDBOX_TEST_POSTGRES="$PG_BASE_URL" cargo test --locked -p billing-sandbox
else
  record sandbox-pg 1 0 1
fi
suite_cargo native-ec cargo test --locked -p testkit-core --features native-crypto
suite_cargo browser cargo test --locked -p billing-testkit --target wasm32-unknown-unknown

# Every signature case agrees with stripe-python (each case counts as a test).
say "crosscheck: testkit-core signatures against stripe-python $STRIPE_PYTHON_VERSION"
status=0
{ cargo run --locked -q -p testkit-core --example signature_cases |
    target/py/bin/python tools/crosscheck/stripe_crosscheck.py; } >"$LOGS/crosscheck.log" 2>&1 || status=$?
tail -n 3 "$LOGS/crosscheck.log"
read -r p f < <(count_summary "$LOGS/crosscheck.log")
record crosscheck "$status" "$p" "$f"

# Every event the core can emit (each signer template, every event of scenarios A-G, in
# each supported API version) type-checks against stripe-node's published types for its
# version with zero errors, and the check catches an extra field, a missing required one
# and a wrong enum value. Each event and each self-test counts as a test.
say "stripe-types: emitted events against stripe-node $STRIPE_NODE_V16_VERSION, $STRIPE_NODE_V18_VERSION and $STRIPE_NODE_V23_VERSION types"
status=0
{ cargo run --locked -q -p testkit-core --example stripe_events -- target/stripe-events.json &&
    node tools/stripe-types/check.cjs target/stripe-events.json target/stripe-types; } >"$LOGS/stripe-types.log" 2>&1 || status=$?
tail -n 20 "$LOGS/stripe-types.log"
read -r p f < <(count_summary "$LOGS/stripe-types.log")
record stripe-types "$status" "$p" "$f"

# Subscription lifecycles driven with stripe-python against localstripe, a fake Stripe that
# delivers its own webhooks to a private sandbox; localstripe's view of each subscription
# must equal Queue's. Each assertion counts as a test.
say "localstripe: lifecycles against localstripe $LOCALSTRIPE_VERSION, checked in the sandbox"
: >"$LOGS/localstripe.log"
status=0
build_sandbox debug >>"$LOGS/localstripe.log" 2>&1 || status=$?
built=$status
if [ "$status" -eq 0 ]; then
  SANDBOX_BIN=target/debug/billing-sandbox tools/localstripe/run.sh >>"$LOGS/localstripe.log" 2>&1 || status=$?
fi
grep -E '^FAIL ' "$LOGS/localstripe.log" || true
tail -n 1 "$LOGS/localstripe.log"
read -r p f < <(count_summary "$LOGS/localstripe.log")
record localstripe "$status" "$p" "$f"

# The same lifecycles with the sandbox on Postgres. tools/localstripe/run.sh starts its
# sandbox with --db; QUEUE_DATABASE_URL and RAPTOR_DATABASE_URL in its environment (which
# the sandbox reads like --queue-database and --raptor-database) put its tables in two
# fresh databases instead. In a subshell, so that no later suite inherits them.
say "localstripe-pg: the same lifecycles, the sandbox on Postgres"
status=$built
if [ "$status" -ne 0 ]; then
  echo "the sandbox did not build (see $LOGS/localstripe.log)" >"$LOGS/localstripe-pg.log"
elif [ -z "${PG_BASE_URL:-}" ]; then
  status=1
  echo "no Postgres cluster (see sandbox-pg above)" >"$LOGS/localstripe-pg.log"
else
  ( create_databases localstripe &&
      SANDBOX_BIN=target/debug/billing-sandbox tools/localstripe/run.sh ) >"$LOGS/localstripe-pg.log" 2>&1 || status=$?
fi
grep -E '^FAIL ' "$LOGS/localstripe-pg.log" || true
tail -n 1 "$LOGS/localstripe-pg.log"
read -r p f < <(count_summary "$LOGS/localstripe-pg.log")
record localstripe-pg "$status" "$p" "$f"
# Nothing after this uses Postgres: stopped now, which frees its memory for the browser
# suites and keeps the EXIT trap's message from following the summary line CI reads.
if [ -n "${PG_DIR:-}" ]; then stop_postgres "$PG_DIR"; fi

# Every App Store case (crafted with P-256 and Apple-like chains, mutations, a real Apple
# payload) gets the same status from testkit-core as from Apple's app-store-server-library,
# and the same decoded fields when both accept it (each case counts as a test).
say "crosscheck: testkit-core App Store verifier against app-store-server-library $APP_STORE_SERVER_LIBRARY_VERSION"
status=0
{ cargo run --locked -q -p testkit-core --features native-crypto --example appstore_cases |
    target/py/bin/python tools/crosscheck/appstore_crosscheck.py; } >"$LOGS/appstore-crosscheck.log" 2>&1 || status=$?
grep -v '^PASS ' "$LOGS/appstore-crosscheck.log" | tail -n 20
read -r p f < <(count_summary "$LOGS/appstore-crosscheck.log")
record appstore-xchk "$status" "$p" "$f"

# The browser half of the App Store verifier: plan's signature checks (SPKI, curve, hash,
# raw r||s) and the test leaf key (PKCS#8) go through WebCrypto (Node's crypto.subtle) as
# the page passes them, and must agree with the native backend.
say "webcrypto: testkit-core App Store signature checks in Node's WebCrypto"
status=0
{ cargo run --locked -q -p testkit-core --features native-crypto --example appstore_webcrypto_cases |
    node tools/crosscheck/appstore_webcrypto.mjs; } >"$LOGS/appstore-webcrypto.log" 2>&1 || status=$?
grep -v '^PASS ' "$LOGS/appstore-webcrypto.log" | tail -n 10
read -r p f < <(count_summary "$LOGS/appstore-webcrypto.log")
record appstore-wc "$status" "$p" "$f"

e2e_status=0
{ build_app && build_sandbox debug; } || e2e_status=$?
if [ "$e2e_status" -eq 0 ]; then
  playwright_suite e2e playwright.config.ts target/e2e/results.json
else
  record e2e "$e2e_status" 0 1
fi

# The one-bundle app as `trunk build --release` makes it, served by the sandbox.
whole_app_suite release

finish
