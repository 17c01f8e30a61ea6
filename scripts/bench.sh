#!/usr/bin/env bash
# Prints figures (never pass/fail):
#   ./scripts/bench.sh size      each surface's bundle, a one-widget docs page and the app's
#                                first route in gzip against the goals; what is big (twiggy)
#   ./scripts/bench.sh paint     first paint against a static page of the same content,
#                                side by side (medians of 7), and time to interactive
#   ./scripts/bench.sh appstore  App Store: verification time in Chromium, the surface's
#                                bundle, notifications applied per second by the sandbox
#   ./scripts/bench.sh sandbox   webhook receiver throughput, loss, duplication, memory; the
#                                fan-out to Raptor's mirror (on): its lag p50/p99 and the
#                                events mirrored per second, with Raptor this sandbox (as
#                                fast as answered, then at 500/s) and with Raptor a second
#                                sandbox (--raptor-url)
#   ./scripts/bench.sh engines   SQLite and Postgres side by side: the receiver's events/s
#                                and p99 (20,000 events, fan-out on), and paging the
#                                subscriber lists at 100,000 rows each
#   ./scripts/bench.sh signer    time to sign a 1 MB payload in the browser
#   ./scripts/bench.sh reject    1 MB: the sandbox's answer to an accepted and a rejected
#                                delivery; the signer page's verdict time, cause search and
#                                longest task (issue 23)
#   ./scripts/bench.sh subscribers  100,000 rows: load time, keystroke latency, DOM, memory
#   ./scripts/bench.sh replay    lifecycle replay: events per scenario, scenario B's wall
#                                time, the exit status on a faulty receiver
#   ./scripts/bench.sh edit-loop from saving a one-line view change to the page under
#                                `trunk serve` showing it; and `./scripts/test.sh quick`'s time
#   ./scripts/bench.sh           all of the above but edit-loop (which edits a source file)
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_size() {
  build_app >/dev/null
  ensure_twiggy
  echo
  echo "Bundles (release, wasm-opt -Oz, minified modules, gzip -9):"
  node tools/bench/sizes.mjs dist
  echo "  largest contributors by crate (twiggy, wasm before wasm-opt, code and data):"
  local widget
  for widget in $(node -p 'Object.keys(require("./dist/testkit-manifest.json").surfaces).join(" ")'); do
    printf '    %-12s %s\n' "$widget" "$(twiggy top -n 100000 -f csv "target/site/bindgen/${widget}_bg.wasm" | node tools/bench/by_crate.mjs)"
  done
}

# The edit loop: trunk serve (with the sandbox it proxies to), a view edited and saved,
# the time until the reloaded page shows it; then the warm time of the quick test command.
bench_edit_loop() {
  ensure_trunk
  build_sandbox debug >/dev/null
  mkdir -p target/bench
  target/debug/billing-sandbox --port 8788 --seed demo --db target/bench/edit-loop.db \
    >target/bench/edit-loop-sandbox.log 2>&1 &
  local sandbox=$!
  local port=${EDIT_LOOP_PORT:-8090}
  trunk serve --port "$port" >target/bench/trunk-serve.log 2>&1 &
  local trunk=$!
  echo
  echo "Edit loop (trunk serve, debug, this machine; the first build is not timed):"
  node tools/bench/edit_loop.mjs "http://127.0.0.1:$port/" "${ROUNDS:-5}" || true
  kill "$trunk" "$sandbox" 2>/dev/null || true
  wait "$trunk" "$sandbox" 2>/dev/null || true
  local before=$SECONDS
  ./scripts/test.sh quick >target/bench/test-quick.log 2>&1 || true
  echo "  ./scripts/test.sh quick, warm: $((SECONDS - before)) s ($(tail -n 1 target/bench/test-quick.log))"
}

# First paint against a static copy of the same page, served by the same (release) sandbox.
bench_first_paint() {
  build_app >/dev/null
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox
  local dir
  dir=$(mktemp -d)
  cp -r dist "$dir/site"
  node tools/bench/static_pages.mjs "$dir/site"
  start_sandbox_bg "$dir/paint.db" --app-dir "$dir/site" --seed demo
  echo
  echo "First paint and time to interactive, headless Chromium on this machine:"
  node tools/bench/first_paint.mjs "$SANDBOX_URL"
  kill "$SANDBOX_PID"
  rm -rf "$dir"
}

# App Store: verification time in Chromium, what the surface adds to the download, and
# the sandbox's notifications applied per second.
bench_appstore() {
  build_app >/dev/null
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox --example apple_load
  local dir
  dir=$(mktemp -d)
  start_sandbox_bg "$dir/appstore.db" --app-dir dist
  echo
  echo "App Store notifications:"
  node tools/bench/appstore.mjs "$SANDBOX_URL"
  node tools/bench/sizes.mjs dist appstore
  target/release/examples/apple_load --url "$SANDBOX_URL" --notifications "${NOTIFICATIONS:-2000}" | sed 's/^/  /'
  kill "$SANDBOX_PID"
  rm -rf "$dir"
}

bench_sandbox() {
  say "Building the release sandbox and the load generator"
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox --example load
  local dir
  dir=$(mktemp -d)
  start_sandbox_bg "$dir/load.db"
  echo
  echo "Webhook receiver load, fan-out on, Raptor this sandbox ($(nproc) cores, generator on the same machine, default info logging):"
  target/release/examples/load --url "$SANDBOX_URL" --events "${EVENTS:-20000}" --concurrency 32 | sed 's/^/  /'
  printf '  server memory:     %s\n' "$(awk '/VmRSS/ { print $2, $3 }' "/proc/$SANDBOX_PID/status")"
  kill "$SANDBOX_PID"
  # Below saturation: the fan-out's lag when the worker is not queued behind a burst.
  start_sandbox_bg "$dir/paced.db"
  echo
  echo "The same at 500 deliveries/s:"
  target/release/examples/load --url "$SANDBOX_URL" --events "${PACED_EVENTS:-10000}" \
    --concurrency 32 --rate 500 | sed 's/^/  /'
  kill "$SANDBOX_PID"
  # Raptor a second sandbox: the fan-out crosses a process as it would to staging.
  start_sandbox_bg "$dir/raptor.db"
  local raptor_pid=$SANDBOX_PID raptor_url=$SANDBOX_URL
  start_sandbox_bg "$dir/queue.db" --raptor-url "$raptor_url"
  echo
  echo "The same, Raptor a second sandbox ($raptor_url):"
  target/release/examples/load --url "$SANDBOX_URL" --raptor-url "$raptor_url" \
    --events "${EVENTS:-20000}" --concurrency 32 | sed 's/^/  /'
  kill "$SANDBOX_PID" "$raptor_pid"
  rm -rf "$dir"
}

# The sandbox on each engine: the same load, the same 100,000-row seed, side by side.
# Postgres is a throwaway cluster (target/pg/bench); each run gets fresh databases.
bench_engines() {
  say "Building the release sandbox, the load generator and the pager"
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox --example load --example paging
  ensure_postgres
  start_postgres bench
  local dir engine rows=${ROWS:-100000}
  dir=$(mktemp -d)
  for engine in sqlite postgres; do
    if [ "$engine" = postgres ]; then
      create_databases load >/dev/null
    else
      unset QUEUE_DATABASE_URL RAPTOR_DATABASE_URL
    fi
    start_sandbox_bg "$dir/$engine-load.db"
    echo
    echo "$engine: webhook receiver, ${EVENTS:-20000} events, 32 connections, fan-out on, Raptor this sandbox ($(nproc) cores, generator on the same machine):"
    target/release/examples/load --url "$SANDBOX_URL" --events "${EVENTS:-20000}" --concurrency 32 |
      grep -E 'throughput|latency|lost|duplicated|fan-out lag' | sed 's/^/  /'
    kill "$SANDBOX_PID"
    if [ "$engine" = postgres ]; then create_databases paging >/dev/null; fi
    local started=$SECONDS
    start_sandbox_bg "$dir/$engine-paging.db" --seed "bulk:$rows"
    until curl -sf "$SANDBOX_URL/health" >/dev/null; do sleep 0.2; done
    echo "$engine: subscriber lists at $rows rows each (seeded in $((SECONDS - started)) s), pages of 100:"
    target/release/examples/paging --url "$SANDBOX_URL" | sed 's/^/  /'
    kill "$SANDBOX_PID"
  done
  unset QUEUE_DATABASE_URL RAPTOR_DATABASE_URL
  rm -rf "$dir"
}

# bench_page TITLE SCRIPT: the built site served by the release sandbox, measured by a
# Node script driving headless Chromium.
bench_page() {
  build_app >/dev/null
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox
  local dir
  dir=$(mktemp -d)
  start_sandbox_bg "$dir/page.db" --app-dir dist
  echo
  echo "$1"
  node "$2" "$SANDBOX_URL"
  kill "$SANDBOX_PID"
  rm -rf "$dir"
}

bench_signer() {
  bench_page "Signer, 1 MB payload, headless Chromium:" tools/bench/sign_1mb.mjs
}

# A rejection against an acceptance of the same 1 MB body, in the release sandbox and in
# the signer page's verifier (tools/bench/reject_1mb.mjs).
bench_reject() {
  bench_page "Rejected against accepted, 1 MB ($(nproc) cores, client on the same machine):" \
    tools/bench/reject_1mb.mjs
}

bench_subscribers() {
  build_app >/dev/null
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox
  local dir rows=${ROWS:-50000}
  dir=$(mktemp -d)
  say "Seeding $rows rows per source"
  start_sandbox_bg "$dir/subscribers.db" --app-dir dist --seed "bulk:$rows"
  echo
  echo "Subscriber view, $rows rows per source, headless Chromium:"
  node tools/bench/subscribers_100k.mjs "$SANDBOX_URL"
  kill "$SANDBOX_PID"
  rm -rf "$dir"
}

# replay_run SCENARIO [ARGS...]: one replay against the sandbox at $SANDBOX_URL; the
# report on stdout.
replay_run() {
  local scenario=$1
  shift
  target/release/billing-sandbox replay --scenario "$scenario" --start 2027-01-31T15:00:00Z \
    --to "$SANDBOX_URL/api/v1/billing/webhook" --queue "$SANDBOX_URL" "$@" 2>/dev/null
}

bench_replay() {
  say "Building the release sandbox"
  cargo build --locked --release -p billing-sandbox --bin billing-sandbox
  local dir scenario one three status times=()
  local events='s/.*run tag [a-z0-9]*, \([0-9]*\) events;.*/\1/p'
  dir=$(mktemp -d)
  start_sandbox_bg "$dir/replay.db"
  echo
  echo "Lifecycle replay against the release sandbox ($(nproc) cores, runner on the same machine):"
  echo "  events per scenario (1 customer / 3 customers):"
  for scenario in A B C D E F G; do
    one=$(replay_run "$scenario" | sed -n "$events")
    three=$(replay_run "$scenario" --customers 3 | sed -n "$events")
    printf '    %s  %3d / %3d\n' "$scenario" "$one" "$three"
  done
  for _ in 1 2 3 4 5; do
    times+=("$(replay_run B | sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p')")
  done
  printf '  scenario B, no delay, in order: wall time median %s s (5 runs: %s)\n' \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)" "${times[*]}"
  kill "$SANDBOX_PID"
  start_sandbox_bg "$dir/faulty.db" --fault webhook:cancel-on=invoice.payment_failed
  status=0
  replay_run B --order shuffled --redeliver 0.2 >"$dir/faulty.md" || status=$?
  printf '  exit status on a receiver that mishandles invoice.payment_failed: %s\n    %s\n' \
    "$status" "$(sed -n 's/^\*\*FAILED\*\*: //p' "$dir/faulty.md")"
  kill "$SANDBOX_PID"
  rm -rf "$dir"
}

case "${1:-all}" in
  size) ensure_all; bench_size ;;
  paint) ensure_all; bench_first_paint ;;
  appstore) ensure_all; bench_appstore ;;
  edit-loop) ensure_all; bench_edit_loop ;;
  sandbox) ensure_all; bench_sandbox ;;
  engines) ensure_all; bench_engines ;;
  signer) ensure_all; bench_signer ;;
  reject) ensure_all; bench_reject ;;
  subscribers) ensure_all; bench_subscribers ;;
  replay) bench_replay ;;
  all) ensure_all; bench_size; bench_first_paint; bench_appstore; bench_sandbox; bench_engines; bench_signer; bench_reject; bench_subscribers; bench_replay ;;
  *) die "usage: $0 [size|paint|appstore|edit-loop|sandbox|engines|signer|reject|subscribers|replay|all]" ;;
esac
