"""Does localstripe say what replay says? For every event type a localstripe lifecycle
delivers that replay also emits, each field both send (the event's envelope and its
data.object, nested hashes and list items included) must have the same JSON type and the
same meaning: the same `object`, ids of the same kind (prefix), timestamps in seconds.
Replay's events are those of `cargo run -p testkit-core --example stripe_events`, in
2024-06-20 (the newest shapes localstripe's follow: period on the subscription, the
invoice's `subscription` and `charge`).

Where localstripe departs from Stripe, a field is listed in DEPARTURES with the reason,
reported on an information line and not failed; fields only one side sends are counted
on an information line (docs/stripe-versions.md, "localstripe").
"""

import json
import re

# Fields whose values are Unix seconds in Stripe's objects.
TIME = re.compile(r"(^|_)(created|at|end|start|date|anchor|attempt|after|until|by|time)$")
ID = re.compile(r"^([a-z]{2,8}(_test)?)_[A-Za-z0-9]{6,}")

# path (event type's object kind + dotted field) -> how localstripe departs from Stripe.
DEPARTURES = {
    "invoice.charge": "localstripe expands the invoice's charge into a Charge object; Stripe "
                      "sends its id unless the request asks to expand it (webhooks never do)",
}


def kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def id_prefix(value):
    if not isinstance(value, str):
        return None
    m = ID.match(value)
    return m.group(1) if m else None


def compare(path, ours, theirs, out):
    """Appends (path, problem) for each disagreement between replay (ours) and localstripe."""
    a, b = kind(ours), kind(theirs)
    if a == "null" or b == "null":
        return  # Stripe sends null for an empty value of any type
    if a != b:
        out.append((path, f"replay sends {a}, localstripe {b} ({json.dumps(theirs)[:60]})"))
        return
    if a == "object":
        if ours.get("object") != theirs.get("object"):
            out.append((path + ".object", f"replay {ours.get('object')!r}, localstripe {theirs.get('object')!r}"))
            return
        for key in ours.keys() & theirs.keys():
            compare(f"{path}.{key}", ours[key], theirs[key], out)
    elif a == "array":
        if ours and theirs:
            compare(path + "[]", ours[0], theirs[0], out)
    elif a == "string":
        pa, pb = id_prefix(ours), id_prefix(theirs)
        if pa and pb and pa != pb and path.rsplit(".", 1)[-1] not in ("fingerprint", "invoice_prefix"):
            out.append((path, f"ids of another kind: replay {pa}_..., localstripe {pb}_..."))
    elif a == "number" and TIME.search(path.rsplit(".", 1)[-1]):
        for side, v in (("replay", ours), ("localstripe", theirs)):
            if not (10**9 <= v < 10**10):
                out.append((path, f"{side}'s {v} is not a time in seconds"))


def leaves(value, prefix=""):
    """Every field path of an object (list items through their first element)."""
    if isinstance(value, dict):
        for key, v in value.items():
            yield from leaves(v, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield from leaves(value[0], prefix + "[]")
    else:
        yield prefix


def replay_events(path, version="2024-06-20"):
    """Replay's events by type: the first of each type is enough to compare shapes, the
    rest add the variants (a paid and an unpaid invoice)."""
    by_type = {}
    with open(path, encoding="utf-8") as f:
        for entry in json.load(f):
            if entry["version"] == version:
                by_type.setdefault(entry["event"]["type"], []).append(entry["event"])
    return by_type


def agree(events, ours_by_type):
    """(checked, problems, departures, only_localstripe, only_replay) for a lifecycle's events."""
    checked = 0
    problems, departures = [], []
    only_ls, only_replay = set(), set()
    for event in events:
        ours = ours_by_type.get(event["type"])
        if not ours:
            continue
        checked += 1
        # The replay event closest in kind: same status where there is one.
        status = event["data"]["object"].get("status")
        same = [o for o in ours if o["data"]["object"].get("status") == status] or ours
        found = []
        envelope = {k: v for k, v in event.items() if k != "data"}
        compare(event["type"], {k: v for k, v in same[0].items() if k != "data"}, envelope, found)
        compare(event["type"] + ".data.object", same[0]["data"]["object"], event["data"]["object"], found)
        for path, problem in found:
            key = path.split(".data.object.", 1)[-1]
            reason = DEPARTURES.get(f"{event['data']['object'].get('object')}.{key}")
            (departures if reason else problems).append((path, reason or problem))
        theirs = set(leaves(event["data"]["object"]))
        mine = set(leaves(same[0]["data"]["object"]))
        only_ls |= {f"{event['data']['object'].get('object')}.{p}" for p in theirs - mine}
        only_replay |= {f"{event['data']['object'].get('object')}.{p}" for p in mine - theirs}
    return checked, problems, departures, only_ls, only_replay


if __name__ == "__main__":
    # python3 agreement.py <stripe-events.json> <fixture.json>...: the check over saved streams.
    import sys
    ours = replay_events(sys.argv[1])
    for fixture in sys.argv[2:]:
        with open(fixture, encoding="utf-8") as f:
            events = json.load(f)
        checked, problems, departures, only_ls, only_replay = agree(events, ours)
        print(f"== {fixture}: {checked} of {len(events)} events compared")
        for path, problem in problems:
            print(f"FAIL {path}: {problem}")
        for path, reason in departures:
            print(f"  departs {path}: {reason}")
        print(f"  only localstripe ({len(only_ls)}): {sorted(only_ls)[:40]}")
        print(f"  only replay ({len(only_replay)}): {len(only_replay)}")
