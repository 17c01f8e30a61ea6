#!/usr/bin/env bash
# Installs whatever is missing, builds the app, and serves it with the local sandbox
# (Queue and Raptor stand-ins) at a printed local URL. PORT=8080 by default.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_all
build_app
build_sandbox release
say "Starting the sandbox with the app and demo data (Ctrl+C stops it)"
exec target/release/billing-sandbox --app-dir dist --port "${PORT:-8080}" --seed demo
