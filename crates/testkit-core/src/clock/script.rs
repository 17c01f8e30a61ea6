//! A scenario as one bash script: stops at the first error, checks the key is a test key
//! before anything else, captures ids from responses, and waits for the clock to be ready
//! by polling its status after each advance (no fixed sleeps).

use super::calendar::offset_label;
use super::scenarios::Schedule;
use crate::time::rfc3339;

/// The shell set-up every step's command relies on (run once per shell).
pub fn helpers() -> &'static str {
    r#"set -euo pipefail
: "${RKEY:?Set RKEY to a Stripe TEST secret or restricted key (sk_test_... or rk_test_...)}"
case "$RKEY" in
  sk_test_* | rk_test_*) ;;
  *_live_*) echo "RKEY is a LIVE key: refusing. Test clocks and test cards need test-mode keys." >&2; exit 1 ;;
  *) echo "RKEY does not start with sk_test_ or rk_test_: refusing." >&2; exit 1 ;;
esac
API=https://api.stripe.com/v1

# stripe METHOD PATH [curl arguments]: the JSON answer, or a failure on a Stripe error.
stripe() {
  local method=$1 path=$2 body
  shift 2
  body=$(curl -sS -X "$method" -u "${RKEY}:" "$API$path" "$@")
  if printf '%s' "$body" | python3 -c 'import json, sys; sys.exit("error" in json.load(sys.stdin))'; then
    printf '%s' "$body"
  else
    echo "Stripe refused $method $path: $body" >&2
    return 1
  fi
}

# field PATH: one value from the JSON on stdin (PATH like id or items.data.0.id).
field() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if key.isdigit() else value[key]
print(value)' "$1"
}

# wait_ready CLOCK: polls until Stripe has finished advancing the clock.
wait_ready() {
  local status=advancing
  for _ in $(seq 1 150); do
    status=$(stripe GET "/test_helpers/test_clocks/$1" | field status)
    case "$status" in
      ready) return 0 ;;
      internal_failure) echo "Test clock $1 failed (internal_failure): create a new clock." >&2; return 1 ;;
    esac
    sleep 2
  done
  echo "Test clock $1 is still $status after 300 s." >&2
  return 1
}"#
}

/// The whole scenario, ready to run with `RKEY=sk_test_... bash scenario.sh`.
pub fn script(schedule: &Schedule) -> String {
    let s = schedule.scenario;
    let p = &schedule.params;
    let mut out = format!(
        "#!/usr/bin/env bash\n# billing-testkit test-clock scenario {}: {}\n# {}\n# Clock start {} ({}), {} billing, {} customer(s) on the clock.\n# Run with a TEST key: RKEY=sk_test_... bash this-script.sh\n\n{}\n",
        s,
        s.title(),
        s.purpose(),
        rfc3339(p.start),
        p.start,
        p.interval.label().to_lowercase(),
        p.customers,
        helpers()
    );
    for (i, step) in schedule.steps.iter().enumerate() {
        out.push_str(&format!(
            "\n# Step {}: {} (clock at {}, {})\n",
            i + 1,
            step.title,
            rfc3339(step.at),
            offset_label(p.start, step.at)
        ));
        for event in &step.events {
            out.push_str(&format!(
                "#   expect {} at {}\n",
                event.event,
                rfc3339(event.at)
            ));
        }
        out.push_str(&step.command);
        out.push('\n');
    }
    out.push_str(&format!(
        "\necho \"Scenario {} done. Clock $CLOCK is at {}.\"\n# Clean up when finished (deletes the clock and its customers):\n# stripe DELETE \"/test_helpers/test_clocks/$CLOCK\" >/dev/null\n",
        s,
        rfc3339(schedule.steps.last().map_or(p.start, |st| st.at))
    ));
    out
}
