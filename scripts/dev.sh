#!/usr/bin/env bash
# The edit loop: installs whatever is missing, starts the sandbox with demo data on port
# 8788 (Trunk.toml proxies its endpoints there) and `trunk serve`, which builds the whole
# app as one debug bundle and rebuilds and reloads the page on every save. Ctrl+C stops
# both. PORT=8080 by default. --postgres: the sandbox on two fresh databases of a throwaway
# Postgres cluster (target/pg/dev), stopped with it, instead of target/dev/sandbox.db.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
postgres=0
case "${1:-}" in
  "") ;;
  --postgres) postgres=1 ;;
  *) die "usage: ./scripts/dev.sh [--postgres]" ;;
esac
ensure_all
ensure_trunk
build_sandbox debug
db_args=(--db target/dev/sandbox.db)
if [ "$postgres" = 1 ]; then
  start_postgres dev
  create_databases sandbox
  db_args=(--queue-database "$QUEUE_DATABASE_URL" --raptor-database "$RAPTOR_DATABASE_URL")
  say "Queue's tables: $QUEUE_DATABASE_URL, Raptor's: $RAPTOR_DATABASE_URL; while it runs:"
  printf '    psql "%s" -c "\\dt billing_*"\n' "$QUEUE_DATABASE_URL" "$RAPTOR_DATABASE_URL"
fi

# Outside the folders trunk watches (Trunk.toml), or every write would rebuild the app.
mkdir -p target/dev
say "Starting the sandbox with demo data on http://127.0.0.1:8788/ (log: target/dev/sandbox.log)"
target/debug/billing-sandbox --port 8788 --seed demo "${db_args[@]}" \
  >target/dev/sandbox.log 2>&1 &
sandbox=$!
# on_exit, not trap: with --postgres the EXIT trap already stops the cluster.
on_exit "kill $sandbox 2>/dev/null || true"
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  curl -fsS http://127.0.0.1:8788/health >/dev/null 2>&1 && break
  kill -0 "$sandbox" 2>/dev/null || { cat target/dev/sandbox.log >&2; die "the sandbox did not start"; }
  sleep 0.1
done

port=${PORT:-8080}
say "Serving the app at http://127.0.0.1:$port/ once the first build is done (every save rebuilds and reloads it; Ctrl+C stops both)"
trunk serve --port "$port"
