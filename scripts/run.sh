#!/usr/bin/env bash
# Installs whatever is missing, builds the app, and serves it with the local sandbox
# (Queue and Raptor stand-ins) at a printed local URL. PORT=8080 by default.
#
#   ./scripts/run.sh              the sandbox on its SQLite file
#   ./scripts/run.sh --postgres   Queue's and Raptor's tables in two fresh databases on a
#                                 throwaway Postgres cluster (target/pg/run), stopped with it
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
postgres=0
case "${1:-}" in
  "") ;;
  --postgres) postgres=1 ;;
  *) die "usage: ./scripts/run.sh [--postgres]" ;;
esac
ensure_all
build_app
build_sandbox release
if [ "$postgres" = 0 ]; then
  say "Starting the sandbox with the app and demo data (Ctrl+C stops it)"
  exec target/release/billing-sandbox --app-dir dist --port "${PORT:-8080}" --seed demo
fi

start_postgres run
create_databases sandbox
say "Queue's tables: $QUEUE_DATABASE_URL, Raptor's: $RAPTOR_DATABASE_URL; while it runs:"
printf '    psql "%s" -c "\\dt billing_*"\n' "$QUEUE_DATABASE_URL" "$RAPTOR_DATABASE_URL"
say "Starting the sandbox with the app and demo data on Postgres (Ctrl+C stops it and the cluster)"
# Not exec: this shell stays to stop the cluster. The sandbox runs in the background and
# the shell waits for it, so Ctrl+C or a TERM interrupts the wait at once and the EXIT
# trap stops the sandbox, then the cluster.
target/release/billing-sandbox --app-dir dist --port "${PORT:-8080}" --seed demo \
  --queue-database "$QUEUE_DATABASE_URL" --raptor-database "$RAPTOR_DATABASE_URL" &
sandbox=$!
on_exit "kill $sandbox 2>/dev/null || true; wait $sandbox 2>/dev/null || true"
trap 'exit 130' INT TERM
wait "$sandbox"
