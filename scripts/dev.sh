#!/usr/bin/env bash
# The edit loop: installs whatever is missing, starts the sandbox with demo data on port
# 8788 (Trunk.toml proxies its endpoints there) and `trunk serve`, which builds the whole
# app as one debug bundle and rebuilds and reloads the page on every save. Ctrl+C stops
# both. PORT=8080 by default.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_all
ensure_trunk
build_sandbox debug

# Outside the folders trunk watches (Trunk.toml), or every write would rebuild the app.
mkdir -p target/dev
say "Starting the sandbox with demo data on http://127.0.0.1:8788/ (log: target/dev/sandbox.log)"
target/debug/billing-sandbox --port 8788 --seed demo --db target/dev/sandbox.db \
  >target/dev/sandbox.log 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  curl -fsS http://127.0.0.1:8788/health >/dev/null 2>&1 && break
  kill -0 "$sandbox" 2>/dev/null || { cat target/dev/sandbox.log >&2; die "the sandbox did not start"; }
  sleep 0.1
done

port=${PORT:-8080}
say "Serving the app at http://127.0.0.1:$port/ once the first build is done (every save rebuilds and reloads it; Ctrl+C stops both)"
trunk serve --port "$port"
