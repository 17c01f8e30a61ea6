#!/usr/bin/env bash
# Shared by run.sh, test.sh and bench.sh: installs what is missing (idempotent, quick when
# everything is present) and builds. Versions come from tools/versions.env only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=tools/versions.env
source "$ROOT/tools/versions.env"

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TERM_PROGRESS_WHEN=never
# trunk's update check cannot reach its server here.
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The pins in Cargo.lock and package.json must match versions.env: the wasm-bindgen CLI
# must be the crate's exact version, or its output would not fit the compiled bundles.
check_pins() {
  local locked pin line
  locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ "$locked" = "$WASM_BINDGEN_VERSION" ] ||
    die "Cargo.lock has wasm-bindgen $locked but tools/versions.env says $WASM_BINDGEN_VERSION"
  # package.json: "name": "version" for each npm package (NAME=VERSION here).
  for pin in "@playwright/test=$PLAYWRIGHT_VERSION" "binaryen=$BINARYEN_VERSION" \
    "terser=$TERSER_VERSION" "typescript=$TYPESCRIPT_VERSION" \
    "@axe-core/playwright=$AXE_PLAYWRIGHT_VERSION" \
    "stripe-v16=npm:stripe@$STRIPE_NODE_V16_VERSION" "stripe-v18=npm:stripe@$STRIPE_NODE_V18_VERSION" \
    "stripe-v23=npm:stripe@$STRIPE_NODE_V23_VERSION"; do
    grep -qF "\"${pin%%=*}\": \"${pin#*=}\"" package.json ||
      die "package.json does not pin ${pin%%=*} to ${pin#*=} (tools/versions.env)"
  done
  # Trunk.toml: the trunk it asks for and the tools it uses, each a whole line.
  for line in "trunk-version = \"$TRUNK_VERSION\"" "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" \
    "wasm_opt = \"version_${BINARYEN_VERSION%%.*}\""; do
    grep -qxF "$line" Trunk.toml || die "Trunk.toml lacks the line '$line' (tools/versions.env)"
  done
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# long_install LABEL COMMAND...: runs a long install with its output in a log, printing a
# progress line every 20 s (time so far, crates compiled), and the log's end if it fails.
long_install() {
  local label=$1; shift
  mkdir -p target/install-logs
  local log="target/install-logs/${label// /-}.log"
  local started=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    if [ $(( (SECONDS - started) % 20 )) -lt 2 ] && [ $((SECONDS - started)) -ge 20 ]; then
      printf '    %s: %d min %02d s, %d crates compiled\n' "$label" $(( (SECONDS - started) / 60 )) \
        $(( (SECONDS - started) % 60 )) "$(grep -c '^ *Compiling ' "$log" || true)"
    fi
  done
  if ! wait "$pid"; then
    tail -n 30 "$log" >&2
    die "$label failed (the whole log: $log)"
  fi
  printf '    %s: done in %d s\n' "$label" $((SECONDS - started))
}

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v python3 >/dev/null || missing+=(python3)
  python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]} (about a minute; chromium is ~520 MB)"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}"
  fi
}

ensure_rust_tools() {
  command -v cargo >/dev/null || die "cargo is missing: this machine's Rust toolchain (rustup) is required"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    # Without --locked: the locked dependency set names a crate version the registry lacks.
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (compiles from source: 3 to 6 minutes)"
    long_install wasm-bindgen-cli cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

# trunk, for the one-bundle app (trunk serve / trunk build): from crates.io, like the
# other tools; it then uses the installed wasm-bindgen and wasm-opt (Trunk.toml's [tools]).
ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "Installing trunk $TRUNK_VERSION from crates.io (compiles from source: 8 to 10 minutes, 2 GB of memory)"
    long_install trunk cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
}

# The whole app as one bundle into target/trunk-dist (index.html, Trunk.toml): PROFILE
# debug (the edit loop's build) or release.
build_whole_app() {
  local profile=${1:-debug}
  say "Building the one-bundle app with trunk ($profile) into target/trunk-dist"
  if [ "$profile" = release ]; then trunk build --release; else trunk build; fi
}

# twiggy (wasm size profiler) for ./scripts/bench.sh size only.
ensure_twiggy() {
  if [ "$(twiggy --version 2>/dev/null)" != "twiggy $TWIGGY_VERSION" ]; then
    say "Installing twiggy $TWIGGY_VERSION from crates.io (for the size figures; compiles from source, about 2 minutes)"
    long_install twiggy cargo install twiggy --locked --version "$TWIGGY_VERSION"
  fi
}

# npm_version PACKAGE: the installed version (read from the file: some packages do not
# export their package.json).
npm_version() {
  node -p "require('./node_modules/$1/package.json').version" 2>/dev/null
}

ensure_node_modules() {
  local want="version_${BINARYEN_VERSION%%.*}"
  if ! wasm-opt --version 2>/dev/null | grep -q "$want" ||
     [ "$(npm_version @playwright/test)" != "$PLAYWRIGHT_VERSION" ] ||
     [ "$(npm_version @axe-core/playwright)" != "$AXE_PLAYWRIGHT_VERSION" ] ||
     [ "$(npm_version terser)" != "$TERSER_VERSION" ] ||
     [ "$(npm_version typescript)" != "$TYPESCRIPT_VERSION" ] ||
     [ "$(npm_version stripe-v16)" != "$STRIPE_NODE_V16_VERSION" ] ||
     [ "$(npm_version stripe-v18)" != "$STRIPE_NODE_V18_VERSION" ] ||
     [ "$(npm_version stripe-v23)" != "$STRIPE_NODE_V23_VERSION" ]; then
    say "Installing npm packages from package-lock.json (binaryen's wasm-opt, terser, Playwright, stripe-node's types, TypeScript; no browser download)"
    npm ci --no-audit --no-fund
  fi
}

# stripe-python and Apple's app-store-server-library in a venv under target/, for the
# signature and App Store cross-checks (stripe-python also drives localstripe); and
# localstripe (a fake Stripe server, with aiohttp) in a venv of its own.
ensure_python_tools() {
  local want have
  want="$STRIPE_PYTHON_VERSION $APP_STORE_SERVER_LIBRARY_VERSION $PYJWT_VERSION"
  have=$(target/py/bin/python -c 'import stripe; from importlib.metadata import version as v; print(stripe.VERSION, v("app-store-server-library"), v("PyJWT"))' 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    say "Installing stripe-python $STRIPE_PYTHON_VERSION, app-store-server-library $APP_STORE_SERVER_LIBRARY_VERSION and PyJWT $PYJWT_VERSION from PyPI into target/py (for the cross-checks)"
    python3 -m venv target/py
    target/py/bin/pip install --quiet --disable-pip-version-check "stripe==$STRIPE_PYTHON_VERSION" \
      "app-store-server-library==$APP_STORE_SERVER_LIBRARY_VERSION" "PyJWT==$PYJWT_VERSION"
  fi
  if [ "$(target/localstripe-venv/bin/pip show localstripe 2>/dev/null | sed -n 's/^Version: //p')" != "$LOCALSTRIPE_VERSION" ]; then
    say "Installing localstripe $LOCALSTRIPE_VERSION from PyPI into target/localstripe-venv (fake Stripe server for tools/localstripe/)"
    python3 -m venv target/localstripe-venv
    target/localstripe-venv/bin/pip install --quiet --disable-pip-version-check "localstripe==$LOCALSTRIPE_VERSION"
  fi
}

# Debian's PostgreSQL server, for the sandbox's Postgres engine (./scripts/run.sh --postgres,
# test.sh's sandbox-pg and localstripe-pg). Exports PG_BIN, the server's bin directory
# (/usr/lib/postgresql/VERSION/bin: Debian puts initdb and pg_ctl nowhere on PATH).
ensure_postgres() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [ ! -x "$initdb" ] || [ ! -x "${initdb%/initdb}/psql" ]; then
    say "Installing Debian packages: postgresql postgresql-client (the sandbox's Postgres engine; about 30 s)"
    # The package's postinst creates and starts a system cluster "main"; a policy-rc.d
    # answering 101 (action forbidden) keeps it stopped. Nothing here uses that cluster:
    # start_postgres runs throwaway ones under target/pg.
    local guard=0 status=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
      as_root chmod +x /usr/sbin/policy-rc.d
      guard=1
    fi
    { as_root apt-get update -q &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-client; } || status=$?
    if [ "$guard" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
    [ "$status" -eq 0 ] || die "installing postgresql failed"
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    [ -x "$initdb" ] || die "postgresql is installed but there is no /usr/lib/postgresql/*/bin/initdb"
  fi
  PG_BIN=${initdb%/initdb}
  export PG_BIN
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# on_exit COMMAND: adds COMMAND to the EXIT trap, ahead of what the trap already runs (the
# last thing started stops first). A later plain `trap ... EXIT` would drop it: scripts
# that start something after start_postgres register its stop with on_exit too.
on_exit() {
  local current
  current=$(trap -p EXIT)
  current=${current#"trap -- '"}
  current=${current%"' EXIT"}
  current=${current//"'\\''"/"'"}
  # shellcheck disable=SC2064  # the commands are fixed now, on purpose
  trap "$1${current:+; $current}" EXIT
}

# as_pg COMMAND...: initdb and postgres refuse to run as root, so as root (this machine,
# CI) the cluster belongs to Debian's postgres user and its commands run as that user,
# from / (it may not be allowed into the current directory).
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# stop_postgres DIR: a fast shutdown (what start_postgres registers on EXIT); silent when
# the cluster is not running, so a script can stop it early and let the trap find it done.
stop_postgres() {
  [ -f "$1/postmaster.pid" ] || return 0
  say "Stopping Postgres (${1#"$ROOT/"})"
  as_pg "$PG_BIN/pg_ctl" stop -D "$1" -m fast -w >/dev/null 2>&1 || true
}

# start_postgres NAME: a throwaway Postgres cluster in target/pg/NAME (initdb the first
# time, reused after that: about a second), on a free port on 127.0.0.1 only, stopped when
# the calling script exits. Exports PG_BASE_URL (postgres://postgres@127.0.0.1:PORT, user
# postgres, no password), PG_PORT and PG_DIR; its log is PG_DIR/server.log. Returns 1 (with
# the log's end) when the server does not start, so test.sh can count it as a failure.
start_postgres() {
  local name=$1
  [[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || die "start_postgres: bad cluster name '$name'"
  [ -n "${PG_BIN:-}" ] || ensure_postgres
  local dir="$ROOT/target/pg/$name" root=0
  if [ "$(id -u)" = 0 ]; then root=1; fi
  mkdir -p "$ROOT/target/pg"
  if [ "$root" = 1 ] && ! runuser -u postgres -- test -x "$ROOT/target/pg"; then
    # The postgres user cannot reach target/ (a private home directory, a umask of 077):
    # the cluster goes under /tmp instead, named after the repository and this checkout's path.
    local base
    base="/tmp/billing-testkit-pg-$(printf '%s' "$ROOT" | cksum | cut -d ' ' -f 1)"
    mkdir -p "$base"
    chmod 755 "$base"
    dir="$base/$name"
  fi
  # Already started by this script: nothing to do.
  if [ "${PG_DIR:-}" = "$dir" ] && [ -n "${PG_PORT:-}" ] &&
     "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres; then
    return 0
  fi

  # A cluster of another major version (the package was upgraded) cannot be started by this
  # server: it is thrown away like a missing one.
  local major
  major=$(basename "$(dirname "$PG_BIN")")
  if [ "$(cat "$dir/PG_VERSION" 2>/dev/null)" != "$major" ]; then
    say "Creating a Postgres $major cluster in ${dir#"$ROOT/"} (initdb, once)"
    rm -rf "$dir"
    mkdir -m 700 "$dir"
    if [ "$root" = 1 ]; then chown postgres:postgres "$dir"; fi
    # C locale and UTF-8 whatever the machine's locale; --no-sync: a throwaway cluster.
    as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
      >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; printf 'error: initdb failed\n' >&2; return 1; }
  elif [ "$root" = 1 ] && [ "$(stat -c %U "$dir")" != postgres ]; then
    chown -R postgres:postgres "$dir"
  fi

  # postmaster.pid from an earlier run: when its process still runs this cluster (a script
  # killed before its EXIT trap), stop that server; otherwise the file is stale (the server
  # was killed, or its PID now belongs to another process or an unreaped zombie, which
  # postgres would take for a running server) and goes.
  if [ -f "$dir/postmaster.pid" ]; then
    local old
    old=$(head -n 1 "$dir/postmaster.pid")
    if [ -n "$old" ] && tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -qF -- "-D $dir "; then
      say "Postgres from an earlier run is still up on ${dir#"$ROOT/"} (PID $old): stopping it"
      as_pg "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w >/dev/null 2>&1 || true
    fi
    rm -f "$dir/postmaster.pid"
  fi

  # A test cluster: nothing needs to survive a crash of Postgres itself (the durability test
  # kills the sandbox), so no fsync. The unix socket lives in the cluster, unless its path
  # would be longer than the 107 bytes a socket path may have (everything uses TCP anyway).
  local opts="-h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  if [ ${#dir} -le 90 ]; then opts+=" -k '$dir'"; else opts+=" -k ''"; fi
  local port
  for _ in 1 2 3; do
    # The port is free when picked; another process may take it first: then pick again.
    port=$(free_port)
    if as_pg "$PG_BIN/pg_ctl" start -D "$dir" -w -t 30 -l "$dir/server.log" -o "-p $port $opts" >/dev/null 2>&1 &&
       "$PG_BIN/pg_isready" -q -t 10 -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
      PG_DIR=$dir PG_PORT=$port PG_BASE_URL="postgres://postgres@127.0.0.1:$port"
      export PG_DIR PG_PORT PG_BASE_URL
      on_exit "stop_postgres $(printf '%q' "$dir")"
      say "Postgres ($major) on $PG_BASE_URL, cluster ${dir#"$ROOT/"} (log: ${dir#"$ROOT/"}/server.log; stops when this script exits)"
      return 0
    fi
    as_pg "$PG_BIN/pg_ctl" stop -D "$dir" -m immediate >/dev/null 2>&1 || true
  done
  tail -n 20 "$dir/server.log" >&2 || true
  printf 'error: Postgres did not start (log: %s)\n' "$dir/server.log" >&2
  return 1
}

# create_databases PREFIX: fresh databases PREFIX_queue and PREFIX_raptor on the cluster
# start_postgres started (dropped first if they exist); exports QUEUE_DATABASE_URL and
# RAPTOR_DATABASE_URL, which the sandbox reads like --queue-database/--raptor-database.
create_databases() {
  local prefix=$1 db
  [[ "$prefix" =~ ^[a-z0-9_]+$ ]] || die "create_databases: bad prefix '$prefix' (lower case, digits, _)"
  [ -n "${PG_BASE_URL:-}" ] || die "create_databases: no cluster (call start_postgres first)"
  say "Creating fresh databases ${prefix}_queue and ${prefix}_raptor on $PG_BASE_URL"
  for db in "${prefix}_queue" "${prefix}_raptor"; do
    # Separate -c commands: DROP/CREATE DATABASE cannot run inside one transaction; FORCE
    # ends the connections a killed sandbox may have left.
    "$PG_BIN/psql" "$PG_BASE_URL/postgres" -X -q -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' \
      -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" ||
      die "could not create the database $db on $PG_BASE_URL"
  done
  QUEUE_DATABASE_URL="$PG_BASE_URL/${prefix}_queue"
  RAPTOR_DATABASE_URL="$PG_BASE_URL/${prefix}_raptor"
  export QUEUE_DATABASE_URL RAPTOR_DATABASE_URL
}

# A build from a clean clone writes several GB under target/, and a disk that fills half way
# fails every later step with "No space left on device": say so before starting instead.
check_disk_space() {
  mkdir -p target
  local free_gb
  free_gb=$(df -Pk target | awk 'NR == 2 { print int($4 / 1048576) }')
  say "Disk: $free_gb GB free for target/"
  [ "$free_gb" -ge "${MIN_FREE_GB:-8}" ] ||
    die "only $free_gb GB free for target/; the build and tests want at least ${MIN_FREE_GB:-8} GB. Free some space (for example rm -rf target/debug/incremental) and run again."
}

ensure_all() {
  check_disk_space
  check_pins
  ensure_debian_packages
  ensure_postgres
  ensure_rust_tools
  ensure_node_modules
  ensure_python_tools
  if [ ! -f target/.fetched ] || [ Cargo.lock -nt target/.fetched ]; then
    say "Fetching Rust dependencies"
    cargo fetch --locked
    mkdir -p target && touch target/.fetched
  fi
}

# One wasm bundle per surface (release, wasm-opt -Oz), the pages and widgets rendered at
# build time, content-hashed and precompressed, into dist/ (crates/site).
build_app() {
  say "Building the site into dist/ (a bundle per surface, pre-rendered pages, precompressed files)"
  cargo run --locked -q -p site -- build --out dist
}

build_sandbox() {
  local profile=${1:-debug}
  say "Building the sandbox ($profile)"
  if [ "$profile" = release ]; then cargo build --locked --release -p billing-sandbox; else cargo build --locked -p billing-sandbox; fi
}

# start_sandbox_bg DB [ARGS...]: starts the release sandbox on a free port in the
# background; sets SANDBOX_PID and SANDBOX_URL. Logs go to target/bench/sandbox.log.
start_sandbox_bg() {
  local db=$1; shift
  mkdir -p target/bench
  local out=target/bench/sandbox.out
  : >"$out"
  target/release/billing-sandbox --port 0 --db "$db" "$@" >"$out" 2>target/bench/sandbox.log &
  SANDBOX_PID=$!
  export SANDBOX_PID
  for _ in $(seq 100); do
    SANDBOX_URL=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$out")
    [ -n "$SANDBOX_URL" ] && return 0
    sleep 0.1
  done
  die "the sandbox did not start (see target/bench/sandbox.log)"
}
