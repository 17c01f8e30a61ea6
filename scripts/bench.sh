#!/usr/bin/env bash
# Prints figures (never pass/fail): release bundle sizes against the 200 KB gzip budget.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_all
build_app >/dev/null

gz() { gzip -9c "$1" | wc -c; }
budget=$((200 * 1024))
wasm=dist/billing-testkit_bg.wasm
js=dist/billing-testkit.js
css_raw=$(cat style/*.css | wc -c)
css_gz=$(cat style/*.css | gzip -9c | wc -c)
wasm_gz=$(gz "$wasm")
js_gz=$(gz "$js")
echo
echo "Bundle (release, wasm-opt -Oz, gzip -9):"
printf '  wasm %8d B raw %8d B gzip\n' "$(wc -c <"$wasm")" "$wasm_gz"
printf '  js   %8d B raw %8d B gzip\n' "$(wc -c <"$js")" "$js_gz"
printf '  css  %8d B raw %8d B gzip (compiled into the wasm, counted there)\n' "$css_raw" "$css_gz"
total=$((wasm_gz + js_gz))
awk -v t="$total" -v b="$budget" \
  'BEGIN { printf "  total %d B gzip = %.1f KB of the %d KB budget (%.0f%%)\n", t, t / 1024, b / 1024, 100 * t / b }'
