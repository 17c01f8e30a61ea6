"""Subscription lifecycles driven against localstripe, checked against the sandbox.

localstripe (a stateful fake Stripe server) is driven with stripe-python; it signs and
delivers its own webhooks to the sandbox's receiver and, at the same time, to a small
capture server inside this script. After each lifecycle (once every event localstripe
created has been delivered), localstripe's own view of the subscription
(stripe.Subscription.retrieve) is compared field by field with Queue's view
(GET /api/v1/internal/billing/subscriptions, joined on stripe_subscription_id).

One line per assertion ("PASS name" / "FAIL name: expected X got Y"); lines starting with
two spaces are information (the event stream, what localstripe does not send). The last
line is "N passed, N failed"; the exit status is 1 when anything failed.

With --fixtures DIR, each lifecycle's captured event bodies are also written to
DIR/<lifecycle>.json (a JSON array, in delivery order). Every element, serialized with
json.dumps(event, indent=2, sort_keys=True), is byte for byte the body localstripe sent.
"""

import argparse
import http.server
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

import stripe

import agreement

CAPTURE_SECRET = "whsec_localstripe_capture"
# Stripe's test card that requires 3-D Secure and is then declined: localstripe knows it
# (PaymentMethod._requires_authentication and _charging_is_declined).
CARD_3DS_THEN_DECLINED = "4000008260003178"
SUBSCRIPTION_PREFIXES = ("customer.subscription.",)


def log(line=""):
    print(line, flush=True)


# ---------------------------------------------------------------- capture server


class Capture:
    """Every webhook delivery localstripe makes to the capture endpoint, in arrival order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.deliveries = []  # dicts: raw (bytes), header, received

    def add(self, raw, header):
        with self.lock:
            self.deliveries.append({"raw": raw, "header": header, "received": time.time()})

    def since(self, start):
        with self.lock:
            return list(self.deliveries[start:])

    def count(self):
        with self.lock:
            return len(self.deliveries)

    def event_ids(self):
        with self.lock:
            return {json.loads(d["raw"])["id"] for d in self.deliveries}


def start_capture_server(capture):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            capture.add(raw, self.headers.get("Stripe-Signature"))
            body = b'{"received": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/capture"


# ---------------------------------------------------------------- HTTP helpers


def http_json(method, url, body=None, headers=None, form=False):
    """(status, parsed JSON or text) without raising on 4xx/5xx."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read().decode()
    try:
        return status, json.loads(text) if text else None
    except json.JSONDecodeError:
        return status, text


class Queue:
    """The sandbox's internal billing API (Queue's contract)."""

    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.auth = {"Authorization": f"Bearer {token}"}

    def list_all(self, kind, **filters):
        rows, after = [], None
        while True:
            query = dict(filters, limit=100)
            if after:
                query["starting_after"] = after
            url = f"{self.base}/api/v1/internal/billing/{kind}?{urllib.parse.urlencode(query)}"
            status, body = http_json("GET", url, headers=self.auth)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status} {body}")
            page = body["data"] if isinstance(body, dict) else body
            rows.extend(page)
            if not (isinstance(body, dict) and body.get("has_more")) or not page:
                return rows
            after = page[-1]["id"]

    def customer_by_email(self, email):
        rows = self.list_all("customers", email=email)
        return rows[0] if rows else None

    def subscription(self, stripe_subscription_id, customer_id=None):
        filters = {"customer_id": customer_id} if customer_id else {}
        for row in self.list_all("subscriptions", **filters):
            if row["stripe_subscription_id"] == stripe_subscription_id:
                return row
        return None


def epoch(rfc3339):
    if rfc3339 is None:
        return None
    return int(datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp())


def authenticate_3ds(api_base, api_key, payment_intent_id):
    """What the customer's browser does for 3-D Secure in localstripe: its test-only
    POST /v1/payment_intents/{id}/_authenticate (stripe-python has no method for it)."""
    pi = stripe.PaymentIntent.retrieve(payment_intent_id)
    return http_json(
        "POST",
        f"{api_base}/v1/payment_intents/{pi.id}/_authenticate",
        {"client_secret": pi.client_secret, "success": "true"},
        headers={"Authorization": f"Bearer {api_key}"},
        form=True,
    )


# ---------------------------------------------------------------- the run


class Run:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        self.run_id = secrets.token_hex(3)
        self.capture = Capture()
        self.queue = Queue(args.sandbox, args.token)
        self.streams = {}  # lifecycle -> deliveries
        self.views = {}  # lifecycle -> localstripe's final view, for expected.json
        self.gaps = {}  # lifecycle -> what localstripe did not send
        self.plan_id = None

    # -- assertions

    def check(self, name, expected, got, why=""):
        if expected == got:
            self.passed += 1
            log(f"PASS {name}")
        else:
            self.failed += 1
            log(f"FAIL {name}: expected {expected!r} got {got!r}{why}")
        return expected == got

    def fail(self, name, message):
        self.failed += 1
        log(f"FAIL {name}: {message}")

    def gap(self, lifecycle, text):
        """Something localstripe does not do as Stripe does (information, not a test)."""
        self.gaps.setdefault(lifecycle, []).append(text)
        log(f"  GAP {lifecycle}: {text}")

    # -- localstripe

    def configure(self):
        stripe.api_key = self.args.api_key
        stripe.api_base = self.args.localstripe.rstrip("/")
        # stripe-python retries 409s and connection errors by default; against localstripe
        # a retried create runs twice (two products, then "Conflict"), so never retry.
        stripe.max_network_retries = 0
        server, capture_url = start_capture_server(self.capture)
        self.capture_server = server
        hooks = [
            ("sandbox", self.args.sandbox.rstrip("/") + "/api/v1/billing/webhook", self.args.secret),
            # Registered second: localstripe posts each event to its endpoints one after
            # the other, so an event at the capture server has already been answered by
            # the sandbox.
            ("capture", capture_url, CAPTURE_SECRET),
        ]
        for name, url, secret in hooks:
            status, body = http_json(
                "POST", f"{stripe.api_base}/_config/webhooks/{name}-{self.run_id}",
                {"url": url, "secret": secret})
            if status != 200:
                raise RuntimeError(f"registering the {name} webhook: {status} {body}")
        log(f"  localstripe {stripe.api_base}: webhooks -> sandbox {hooks[0][1]} and capture {capture_url}")
        product = stripe.Product.create(name=f"Raxx Pro (localstripe {self.run_id})")
        plan = stripe.Plan.create(id=f"plan_pro_monthly_{self.run_id}", amount=900, currency="usd",
                                  interval="month", product=product.id)
        self.plan_id = plan.id
        self.settle("setup")

    def settle(self, name):
        """Waits until every event localstripe has created was delivered (to the sandbox,
        then to the capture server). localstripe waits 1 s before each delivery."""
        deadline = time.time() + self.args.timeout
        time.sleep(1.0)
        while True:
            created = [e.id for e in stripe.Event.list(limit=100).auto_paging_iter()]
            missing = set(created) - self.capture.event_ids()
            if not missing:
                return True
            if time.time() > deadline:
                self.fail(f"{name}.delivered",
                          f"{len(missing)} of localstripe's events not delivered within "
                          f"{self.args.timeout}s: {sorted(missing)}")
                return False
            time.sleep(0.1)

    def new_customer(self, lifecycle, payment_method):
        email = f"test+billing-localstripe-{lifecycle.replace('_', '-')}-{self.run_id}@raxx.app"
        customer = stripe.Customer.create(
            email=email,
            name=f"localstripe {lifecycle}",
            metadata={"user_id": f"usr_ls_{lifecycle}_{self.run_id}"},
            payment_method=payment_method,
            invoice_settings={"default_payment_method": payment_method},
        )
        return customer, email

    def new_subscription(self, customer):
        return stripe.Subscription.create(
            customer=customer.id,
            items=[{"plan": self.plan_id}],
            metadata={"plan_tier": "pro"},
        )

    def card_3ds_then_declined(self):
        return stripe.PaymentMethod.create(
            type="card",
            card={"number": CARD_3DS_THEN_DECLINED, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )

    # -- the sandbox's side, for diagnosis

    def sandbox_log(self):
        """The sandbox's webhook log lines (event id -> outcome), in arrival order."""
        if not self.args.sandbox_log or not os.path.exists(self.args.sandbox_log):
            return None
        lines = []
        with open(self.args.sandbox_log, encoding="utf-8") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                # One per request: the event's id, type and outcome, or the answer's
                # status and error code.
                if entry.get("event") == "webhook.answered":
                    lines.append(entry)
        return lines

    def action_log(self, event_ids):
        """What the sandbox did with each event (its append-only billing_action_log)."""
        if not self.args.sandbox_db or not os.path.exists(self.args.sandbox_db):
            return {}
        try:
            conn = sqlite3.connect(f"file:{self.args.sandbox_db}?mode=ro", uri=True, timeout=5)
            rows = conn.execute(
                "SELECT event_id, action, detail FROM billing_action_log ORDER BY seq").fetchall()
            conn.close()
        except sqlite3.Error as err:
            log(f"  (could not read the sandbox's action log: {err})")
            return {}
        return {eid: (action, json.loads(detail)) for eid, action, detail in rows if eid in event_ids}

    # -- a lifecycle

    def lifecycle(self, name, body):
        log("")
        log(f"== {name}")
        start = self.capture.count()
        try:
            expectations = body(name)
        except Exception as err:  # a step localstripe refused: the lifecycle fails, loudly
            self.settle(name)
            self.streams[name] = self.capture.since(start)
            self.fail(f"{name}.steps", f"{type(err).__name__}: {err}")
            return
        self.settle(name)
        deliveries = self.capture.since(start)
        self.streams[name] = deliveries
        self.report_stream(name, deliveries)
        self.check_deliveries(name, deliveries)
        for check in expectations:
            try:
                check(deliveries)
            except Exception as err:  # the sandbox or localstripe answered something unexpected
                self.fail(f"{name}.checks", f"{type(err).__name__}: {err}")

    def report_stream(self, name, deliveries):
        events = [json.loads(d["raw"]) for d in deliveries]
        parts = []
        for e in events:
            obj = e["data"]["object"]
            status = obj.get("status")
            parts.append(f"{e['type']}[{status}]" if status else e["type"])
        log(f"  delivered ({len(events)}, api_version {sorted({e.get('api_version') for e in events})}): "
            + ", ".join(parts))

    def check_deliveries(self, name, deliveries):
        # localstripe's signature is Stripe's scheme if stripe-python accepts it.
        bad = []
        for d in deliveries:
            try:
                stripe.Webhook.construct_event(d["raw"].decode("utf-8"), d["header"], CAPTURE_SECRET)
            except (stripe.SignatureVerificationError, ValueError) as err:
                bad.append(f"{json.loads(d['raw'])['id']}: {err}")
        self.check(f"{name}.signatures_verify_with_stripe_python", [], bad)
        entries = self.sandbox_log()
        if entries is None:
            log("  (no --sandbox-log: cannot tell which deliveries the sandbox accepted)")
            return
        ids = [json.loads(d["raw"])["id"] for d in deliveries]
        outcome = {e["event_id"]: e.get("outcome") for e in entries if e.get("event_id")}
        not_accepted = [i for i in ids if outcome.get(i) not in ("applied", "unhandled", "duplicate")]
        rejected = [f"{e.get('status')} {e.get('code')}" for e in entries if e.get("status")]
        self.check(f"{name}.sandbox_accepted_every_delivery", [], not_accepted,
                   f" (sandbox rejections so far: {rejected})" if rejected else "")
        order = [f"{outcome.get(i)}" for i in ids]
        if any(o != "applied" for o in order):
            unhandled = sorted({json.loads(d['raw'])['type'] for d, o in zip(deliveries, order) if o == 'unhandled'})
            log(f"  sandbox: recorded without applying (unhandled types): {unhandled}")

    def compare_subscription(self, name, sub_id, customer_email, expect_status):
        """Checks of localstripe's subscription against Queue's row."""

        def run(deliveries):
            emulator = stripe.Subscription.retrieve(sub_id).to_dict()
            self.views.setdefault(name, {})[sub_id] = {
                k: emulator.get(k) for k in ("status", "cancel_at_period_end", "current_period_end")}
            self.check(f"{name}.localstripe_status", expect_status, emulator["status"],
                       " (the lifecycle did not do what it should in localstripe)")
            customer = self.queue.customer_by_email(customer_email)
            row = self.queue.subscription(sub_id, customer["id"] if customer else None)
            if row is None:
                self.fail(f"{name}.queue_row", f"no subscription {sub_id} in Queue's API")
                return
            snapshots = [json.loads(d["raw"]) for d in deliveries]
            snapshots = [e for e in snapshots
                         if e["type"].startswith(SUBSCRIPTION_PREFIXES) and e["data"]["object"].get("id") == sub_id]
            why = self.explain(sub_id, deliveries, row)
            self.check(f"{name}.status", emulator["status"], row["status"], why)
            self.check_cancel_at_period_end(name, emulator, row, snapshots)
            if emulator.get("current_period_end") is not None:
                self.check(f"{name}.current_period_end", emulator["current_period_end"],
                           epoch(row["current_period_end"]))
            else:
                log(f"  localstripe reports no current_period_end for {sub_id}: not compared")
        return run

    def check_cancel_at_period_end(self, name, emulator, row, snapshots):
        want = emulator["cancel_at_period_end"]
        got = row["cancel_at_period_end"]
        told = any(e["data"]["object"].get("cancel_at_period_end") == want for e in snapshots)
        if want != got and not told and snapshots:
            # localstripe changed the subscription without sending any event about it: the
            # receiver cannot know. Check that it holds what it was told instead.
            last = snapshots[-1]["data"]["object"].get("cancel_at_period_end")
            self.gap(name, f"localstripe reports cancel_at_period_end {want!r} but delivered no event "
                     f"carrying it (it sends no customer.subscription.updated); the sandbox is compared "
                     f"with the last delivered {snapshots[-1]['type']} instead")
            self.check(f"{name}.cancel_at_period_end_as_delivered", last, got)
        else:
            self.check(f"{name}.cancel_at_period_end", want, got)

    def explain(self, sub_id, deliveries, row):
        """For a FAIL line: the order the sandbox saw, and which event set its status."""
        ids = [json.loads(d["raw"])["id"] for d in deliveries]
        actions = self.action_log(set(ids))
        steps = []
        for d in deliveries:
            e = json.loads(d["raw"])
            obj = e["data"]["object"]
            concerns = obj.get("id") == sub_id or obj.get("subscription") == sub_id
            if not concerns:
                continue
            label = f"{e['type']}[{obj.get('status')}]"
            action = actions.get(e["id"])
            if action and action[1].get("subscription_status"):
                label += f" -> sandbox set {action[1]['subscription_status']}"
            steps.append(label)
        return f"; delivered for {sub_id}: " + ", ".join(steps) if steps else ""

    # -- the lifecycles

    def success(self, name):
        customer, email = self.new_customer(name, "pm_card_visa")
        self.settle(name)
        sub = self.new_subscription(customer)
        return [self.compare_subscription(name, sub.id, email, "active")]

    def charge_failure(self, name):
        # Stripe's card that attaches and then fails every charge.
        customer, email = self.new_customer(name, "pm_card_chargeCustomerFail")
        self.settle(name)
        sub = self.new_subscription(customer)

        def note(deliveries):
            types = [json.loads(d["raw"])["type"] for d in deliveries]
            if "invoice.payment_failed" not in types:
                self.gap(name, "localstripe declined the first invoice's charge but sent no "
                         "invoice.payment_failed nor payment_intent.payment_failed (Invoice.pay confirms "
                         "the PaymentIntent with a no-op failure callback); Stripe sends both. "
                         "charge_failure_3ds delivers invoice.payment_failed for an incomplete subscription.")
        return [note, self.compare_subscription(name, sub.id, email, "incomplete")]

    def charge_failure_3ds(self, name):
        # The first payment needs 3-D Secure; the customer authenticates, the bank declines:
        # Stripe keeps the subscription incomplete and sends invoice.payment_failed.
        pm = self.card_3ds_then_declined()
        customer, email = self.new_customer(name, pm.id)
        self.settle(name)
        sub = self.new_subscription(customer)
        self.settle(name)  # the customer takes longer than localstripe's 1 s delivery delay
        invoice = stripe.Invoice.retrieve(sub.latest_invoice)
        status, body = authenticate_3ds(stripe.api_base, stripe.api_key, invoice.payment_intent)
        code = (body.get("error") or {}).get("code") if isinstance(body, dict) else body
        log(f"  3-D Secure authenticated for {invoice.payment_intent}: localstripe answered {status} {code}")
        return [self.compare_subscription(name, sub.id, email, "incomplete")]

    def renewal_failure(self, name):
        # localstripe has no clock: the renewal is the next period's invoice created for the
        # subscription (POST /v1/invoices, dated at current_period_end) and paid with a card
        # that now needs 3-D Secure and is then declined.
        customer, email = self.new_customer(name, "pm_card_visa")
        self.settle(name)
        sub = self.new_subscription(customer)
        self.settle(name)
        pm = self.card_3ds_then_declined()
        stripe.PaymentMethod.attach(pm.id, customer=customer.id)
        stripe.Customer.modify(customer.id, invoice_settings={"default_payment_method": pm.id})
        self.settle(name)
        invoice = stripe.Invoice.create(customer=customer.id, subscription=sub.id)
        invoice = stripe.Invoice.pay(invoice.id)
        self.settle(name)
        status, body = authenticate_3ds(stripe.api_base, stripe.api_key, invoice.payment_intent)
        code = (body.get("error") or {}).get("code") if isinstance(body, dict) else body
        log(f"  renewal invoice {invoice.id}: 3-D Secure authenticated, localstripe answered {status} {code}")
        return [self.compare_subscription(name, sub.id, email, "past_due")]

    def cancel(self, name):
        customer, email = self.new_customer(name, "pm_card_visa")
        self.settle(name)
        sub = self.new_subscription(customer)
        self.settle(name)
        stripe.Subscription.cancel(sub.id)
        return [self.compare_subscription(name, sub.id, email, "canceled")]

    def cancel_at_period_end(self, name):
        customer, email = self.new_customer(name, "pm_card_visa")
        self.settle(name)
        sub = self.new_subscription(customer)
        self.settle(name)
        stripe.Subscription.modify(sub.id, cancel_at_period_end=True)

        def emulator_flag(_deliveries):
            flag = stripe.Subscription.retrieve(sub.id).cancel_at_period_end
            self.check(f"{name}.localstripe_cancel_at_period_end", True, flag)
        return [emulator_flag, self.compare_subscription(name, sub.id, email, "active")]

    def customer_deleted(self, name):
        customer, email = self.new_customer(name, "pm_card_visa")
        self.settle(name)
        sub = self.new_subscription(customer)
        self.settle(name)
        before = self.queue.customer_by_email(email)
        queue_id = before["id"] if before else None
        had_sub = self.queue.subscription(sub.id, queue_id) is not None
        stripe.Customer.delete(customer.id)

        def run(_deliveries):
            self.check(f"{name}.queue_had_customer_and_subscription_before", (True, True),
                       (before is not None, had_sub))
            try:
                stripe.Customer.retrieve(customer.id)
                gone = False
            except stripe.InvalidRequestError:
                gone = True
            self.check(f"{name}.localstripe_customer_deleted", True, gone)
            self.check(f"{name}.queue_customer_gone", None, self.queue.customer_by_email(email))
            self.check(f"{name}.queue_subscriptions_gone", None, self.queue.subscription(sub.id))
            left = [i["id"] for i in self.queue.list_all("invoices", customer_id=queue_id)] if queue_id else []
            self.check(f"{name}.queue_invoices_gone", [], left)
            status = stripe.Subscription.retrieve(sub.id).status
            self.views[name] = {"customer_deleted": gone, sub.id: {"status": status}}
            if status not in ("canceled", "incomplete_expired"):
                self.gap(name, f"localstripe still reports {sub.id} as {status!r} after deleting its "
                         "customer and sent no customer.subscription.deleted (Stripe cancels a deleted "
                         "customer's subscriptions); Queue's cascade removed the row")
        return [run]

    def agreement(self, names):
        """Each lifecycle's delivered events against replay's of the same types: the fields
        both send agree in type and meaning (tools/localstripe/agreement.py)."""
        ours = agreement.replay_events(self.args.replay_events)
        log("")
        log("== agreement with replay (2024-06-20 shapes)")
        for name in names:
            events = [json.loads(d["raw"]) for d in self.streams.get(name, [])]
            checked, problems, departures, only_ls, only_replay = agreement.agree(events, ours)
            self.check(f"{name}.fields_agree_with_replay", [], [f"{p}: {why}" for p, why in problems])
            for path, why in sorted(set(departures)):
                log(f"  localstripe departs from Stripe at {path}: {why}")
            log(f"  {name}: {checked} of {len(events)} events have a replay counterpart; fields only "
                f"localstripe sends: {len(only_ls)}, only replay sends: {len(only_replay)}")
        # The check itself must catch a disagreement: a time in milliseconds, an id of
        # another kind, a number sent as a string.
        streams = [json.loads(d["raw"]) for n in names for d in self.streams.get(n, [])]
        sample = next((e for e in streams if e["type"] == "customer.subscription.created"), None)
        if sample is None:
            self.fail("agreement.self_test", "no customer.subscription.created delivered to mutate")
            return
        for label, mutate in (
            ("a time in milliseconds", lambda o: o.update(created=o["created"] * 1000)),
            ("an id of another kind", lambda o: o.update(customer="acct_" + o["customer"][4:])),
            ("a number as a string", lambda o: o.update(created=str(o["created"]))),
        ):
            event = json.loads(json.dumps(sample))
            mutate(event["data"]["object"])
            _, problems, _, _, _ = agreement.agree([event], ours)
            self.check(f"agreement.catches {label}", True, bool(problems))

    LIFECYCLES = ["success", "charge_failure", "charge_failure_3ds", "renewal_failure", "cancel",
                  "cancel_at_period_end", "customer_deleted"]

    def main(self):
        started = time.time()
        try:
            self.configure()
        except Exception as err:
            self.fail("setup", f"{type(err).__name__}: {err}")
            log(f"{self.passed} passed, {self.failed} failed")
            return 1
        names = self.args.only or self.LIFECYCLES
        for name in names:
            self.lifecycle(name, getattr(self, name))
        if self.args.replay_events:
            self.agreement(names)
        if self.args.fixtures:
            os.makedirs(self.args.fixtures, exist_ok=True)
            log("")
            for name in names:
                events = [json.loads(d["raw"]) for d in self.streams.get(name, [])]
                exact = all(json.dumps(e, indent=2, sort_keys=True).encode() == d["raw"]
                            for e, d in zip(events, self.streams.get(name, [])))
                path = os.path.join(self.args.fixtures, f"{name}.json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(events, f, indent=2, sort_keys=True)
                    f.write("\n")
                log(f"  wrote {path}: {len(events)} events"
                    + ("" if exact else " (WARNING: re-serializing does not give the delivered bytes)"))
            expected = {name: {"localstripe_view": self.views.get(name, {}),
                               "gaps": self.gaps.get(name, [])} for name in names}
            path = os.path.join(self.args.fixtures, "expected.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(expected, f, indent=2, sort_keys=True)
                f.write("\n")
            log(f"  wrote {path}: localstripe's final view of each lifecycle and what it did not send")
        self.capture_server.shutdown()
        log("")
        log(f"  stripe-python {stripe.VERSION} against localstripe, {time.time() - started:.1f} s")
        log(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--localstripe", required=True, help="localstripe's base URL")
    p.add_argument("--sandbox", required=True, help="the sandbox's base URL")
    p.add_argument("--secret", default="whsec_billing_testkit_sandbox", help="the sandbox's webhook secret")
    p.add_argument("--token", default="sandbox-token", help="the sandbox's bearer token")
    p.add_argument("--api-key", default="sk_test_localstripe", help="any sk_ key (localstripe checks the prefix)")
    p.add_argument("--sandbox-log", help="the sandbox's stderr (SANDBOX_LOG=info): which deliveries it accepted")
    p.add_argument("--sandbox-db", help="the sandbox's database, read-only: which event set a status")
    p.add_argument("--fixtures", help="write each lifecycle's delivered events to DIR/<lifecycle>.json")
    p.add_argument("--replay-events", help="replay's events (the stripe_events example's JSON): "
                   "check that the fields localstripe and replay both send agree")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for deliveries")
    p.add_argument("--only", nargs="+", choices=Run.LIFECYCLES, help="run only these lifecycles")
    args = p.parse_args(argv)
    host = urllib.parse.urlparse(args.localstripe).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        p.error("--localstripe must be a local URL (this drives a fake Stripe, never the real one)")
    return args


if __name__ == "__main__":
    sys.exit(Run(parse_args(sys.argv[1:])).main())
