#!/usr/bin/env bash
# Starts localstripe (a fake Stripe server) and a private sandbox, each on a free port, the
# sandbox with a temporary database; runs tools/localstripe/lifecycles.py against both;
# stops both. The last line is lifecycles.py's "N passed, N failed"; the exit status is its.
#
#   tools/localstripe/run.sh                    # the lifecycles and their checks
#   tools/localstripe/run.sh --write-fixtures   # also rewrite crates/sandbox/tests/fixtures/localstripe/
#   tools/localstripe/run.sh --only success     # other options go to lifecycles.py
#
# SANDBOX_BIN=path uses that sandbox binary instead of building target/debug/billing-sandbox.
# Logs of both servers stay in target/localstripe-run/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

args=()
for arg in "$@"; do
  if [ "$arg" = --write-fixtures ]; then
    args+=(--fixtures crates/sandbox/tests/fixtures/localstripe)
  else
    args+=("$arg")
  fi
done

ensure_python_tools
if [ -z "${SANDBOX_BIN:-}" ]; then
  say "Building the sandbox (cargo build --locked -p billing-sandbox; quick when up to date)"
  cargo build --locked -q -p billing-sandbox
  SANDBOX_BIN=target/debug/billing-sandbox
fi
[ -x "$SANDBOX_BIN" ] || die "no sandbox binary at $SANDBOX_BIN"

LOGS=target/localstripe-run
mkdir -p "$LOGS"
work=$(mktemp -d "${TMPDIR:-/tmp}/localstripe-run.XXXXXX")
ls_pid=
sb_pid=
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local pid
  for pid in $ls_pid $sb_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# localstripe takes a fixed --port: pick a free one, retry if another process took it.
# (localstripe also writes its store to /tmp/localstripe.pickle, a path it hard-codes;
# --from-scratch makes it start empty instead of loading that file.)
LS_URL=
for _ in 1 2 3; do
  port=$(free_port)
  target/localstripe-venv/bin/localstripe --port "$port" --from-scratch >"$LOGS/localstripe.log" 2>&1 &
  ls_pid=$!
  for _ in $(seq 100); do
    if curl -fsS -o /dev/null -H 'Authorization: Bearer sk_test_localstripe' "http://127.0.0.1:$port/v1/customers" 2>/dev/null; then
      LS_URL="http://127.0.0.1:$port"
      break 2
    fi
    kill -0 "$ls_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$ls_pid" 2>/dev/null || true
  wait "$ls_pid" 2>/dev/null || true
  ls_pid=
done
[ -n "$LS_URL" ] || { cat "$LOGS/localstripe.log"; die "localstripe did not start (see $LOGS/localstripe.log)"; }
say "localstripe $LOCALSTRIPE_VERSION on $LS_URL (log: $LOGS/localstripe.log)"

SANDBOX_LOG=info "$SANDBOX_BIN" --port 0 --db "$work/sandbox.db" --seed none \
  >"$LOGS/sandbox.out" 2>"$LOGS/sandbox.log" &
sb_pid=$!
SB_URL=
for _ in $(seq 100); do
  SB_URL=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$LOGS/sandbox.out")
  [ -n "$SB_URL" ] && break
  kill -0 "$sb_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$SB_URL" ] || { cat "$LOGS/sandbox.log"; die "the sandbox did not start (see $LOGS/sandbox.log)"; }
# QUEUE_DATABASE_URL and RAPTOR_DATABASE_URL in the environment (test.sh's localstripe-pg)
# put the sandbox on Postgres; its --db is then unused.
database="$work/sandbox.db"
if [ -n "${QUEUE_DATABASE_URL:-}" ]; then database="Postgres (QUEUE_DATABASE_URL, RAPTOR_DATABASE_URL)"; fi
say "sandbox $SANDBOX_BIN on $SB_URL, database $database (log: $LOGS/sandbox.log)"

say "Replay's events to compare with (cargo run -p testkit-core --example stripe_events)"
cargo run --locked -q -p testkit-core --example stripe_events -- "$work/replay-events.json"

say "Lifecycles: stripe-python $STRIPE_PYTHON_VERSION -> localstripe -> webhooks -> sandbox"
status=0
target/py/bin/python tools/localstripe/lifecycles.py \
  --localstripe "$LS_URL" --sandbox "$SB_URL" \
  --sandbox-log "$LOGS/sandbox.log" --sandbox-db "$work/sandbox.db" \
  --replay-events "$work/replay-events.json" \
  ${args[@]+"${args[@]}"} || status=$?
exit "$status"
