"""Times ScriptDesk's results and requests pages and the operations console's queue pages
for `scripts/bench web`.

Arguments: json-flag base-url fixture-json clients samples warm-up database-label.

Signs in as the fixture's exams officer and as its operations person through the sign-in
form (the CSRF token from the page's hidden input and its cookie), then asks for a spread
of pages, each with its reader's session cookie, from CLIENTS threads on keep-alive
connections: results (first, second, middle and last pages, and pages filtered by
component, qualification, grade and indicator), requests (first, second, middle and last
pages, and pages filtered by status and kind), the console's overview (`/ops`) and its
jobs pages (`/ops/jobs` filtered by state, lane, centre and error, and a keyset page a
million jobs back). WARM-UP requests of each kind go first and are not counted; then
SAMPLES of each kind, shuffled together, so every kind shares the load. Every answer must
be a 200 page with a `Server-Timing: app;dur=…` header, or the benchmark stops.

The results and requests figures keep their keys (`results_page_p99_ms`, …); the console's
carry the database as a suffix (`monitor_overview_p99_ms_sqlite`, …), so that the runs on
both databases merge into one object.

Server time is that header: what the server spent from the request reaching the pages to
the rendered page, session lookup included. The client's latency on loopback (which
adds the socket, HTTP parsing and this Python client's own time) is printed beside it as
an upper bound. Percentiles are nearest-rank over the sorted samples.
"""

import http.client
import json
import math
import os
import random
import re
import sys
import threading
import time
import urllib.parse

as_json = sys.argv[1] == "1"
base = urllib.parse.urlsplit(sys.argv[2])
fixture = json.loads(sys.argv[3])
clients, samples, warmup = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
database = sys.argv[7]
TIMING = re.compile(r"app;dur=([0-9.]+)")
RESULTS_PAGE, REQUESTS_PAGE = 50, 25
TARGET_MS = 50


def fail(message):
    print(f"web benchmark: {message}", file=sys.stderr)
    sys.exit(1)


def connect():
    return http.client.HTTPConnection(base.hostname, base.port, timeout=30)


def cookies_of(response):
    found = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def sign_in(username, password):
    connection = connect()
    connection.request("GET", "/sign-in")
    response = connection.getresponse()
    page = response.read().decode()
    form_cookies = cookies_of(response)
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    if response.status != 200 or not token or not form_cookies:
        fail(f"GET /sign-in answered {response.status} without a form token and its cookie")
    body = urllib.parse.urlencode(
        {"csrf": token.group(1), "username": username, "password": password}
    )
    cookie = "; ".join(f"{k}={v}" for k, v in form_cookies.items())
    connection.request(
        "POST",
        "/sign-in",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    session = {k: v for k, v in cookies_of(response).items() if k.endswith("scriptdesk-session") and v}
    if response.status != 303 or not session:
        fail(f"POST /sign-in as {username} answered {response.status} without a session cookie")
    connection.close()
    return "; ".join(f"{k}={v}" for k, v in session.items())


def last(total, size):
    return max(1, math.ceil(total / size))


def spread():
    """The pages asked for, by kind: (label, path) pairs."""
    series = fixture["series"]
    results = fixture["results"]
    by_component = fixture["results_by_component"]
    component = max(by_component, key=by_component.get)
    r_last = last(results, RESULTS_PAGE)
    c_last = last(by_component[component], RESULTS_PAGE)
    q = urllib.parse.quote
    result_pages = [
        ("first", f"/results?series={series}&page=1"),
        ("second", f"/results?series={series}&page=2"),
        ("middle", f"/results?series={series}&page={(r_last + 1) // 2}"),
        ("last", f"/results?series={series}&page={r_last}"),
        ("component, first", f"/results?series={series}&component={q(component, safe='')}&page=1"),
        ("component, last", f"/results?series={series}&component={q(component, safe='')}&page={c_last}"),
        ("qualification, middle", f"/results?series={series}&qualification=GCSE&page=10"),
        ("grade", f"/results?series={series}&grade=A&page=1"),
        ("indicator", f"/results?series={series}&indicator=X&page=1"),
    ]
    requests = fixture["requests"]
    by_status = fixture["requests_by_status"]
    q_last = last(requests, REQUESTS_PAGE)
    ready_last = last(by_status.get("ready", 0), REQUESTS_PAGE)
    failed_last = last(by_status.get("failed", 0), REQUESTS_PAGE)
    request_pages = [
        ("first", "/requests?page=1"),
        ("second", "/requests?page=2"),
        ("middle", f"/requests?page={(q_last + 1) // 2}"),
        ("last", f"/requests?page={q_last}"),
        ("ready, first", "/requests?status=ready&page=1"),
        ("ready, middle", f"/requests?status=ready&page={(ready_last + 1) // 2}"),
        ("ready, last", f"/requests?status=ready&page={ready_last}"),
        ("failed, last", f"/requests?status=failed&page={failed_last}"),
        ("priority, middle", f"/requests?kind=priority&page={q_last // 4}"),
    ]
    centre = q(fixture["centre"], safe="")
    error = q(fixture["dead_error_code"], safe="")
    # Keyset paging: the page of finished jobs a million rows below the newest job.
    deep = max(fixture["first_job_id"] + 1, fixture["last_job_id"] - 1_000_000)
    overview_pages = [("overview", "/ops")]
    job_pages = [
        ("dead", "/ops/jobs?state=dead"),
        ("waiting, standard", "/ops/jobs?state=waiting&lane=standard"),
        ("centre, succeeded", f"/ops/jobs?centre={centre}&state=succeeded"),
        ("error", f"/ops/jobs?error={error}"),
        ("succeeded, deep", f"/ops/jobs?state=succeeded&before={deep}"),
    ]
    return {
        "results": result_pages,
        "requests": request_pages,
        "monitor_overview": overview_pages,
        "monitor_jobs": job_pages,
    }


def run(plan, cookies):
    """Asks for every (kind, label, path) of plan from `clients` threads, each with its
    kind's session cookie; returns samples."""
    lock = threading.Lock()
    position = [0]
    taken = []
    errors = []

    def client():
        connection = connect()
        while True:
            with lock:
                if position[0] >= len(plan) or errors:
                    break
                kind, label, path = plan[position[0]]
                position[0] += 1
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookies[kind]})
            response = connection.getresponse()
            body = response.read()
            client_ms = (time.perf_counter() - started) * 1000
            timing = TIMING.search(response.getheader("Server-Timing") or "")
            if response.status != 200 or not timing or b"<table" not in body:
                with lock:
                    errors.append(f"GET {path} answered {response.status} ({len(body)} bytes, Server-Timing {timing and timing.group(0)})")
                break
            with lock:
                taken.append((kind, label, float(timing.group(1)), client_ms))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        fail(errors[0])
    return taken


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values):
    return {
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "max": round(max(values), 2),
    }


officer = sign_in(fixture["username"], fixture["password"])
operations = sign_in(fixture["operations_username"], fixture["operations_password"])
pages = spread()
# The portal's pages keep the keys they had before the console was timed.
PORTAL = ("results", "requests")
cookies = {kind: officer if kind in PORTAL else operations for kind in pages}
randomiser = random.Random(20260603)


def plan_of(count):
    plan = []
    for kind, listed in pages.items():
        plan += [(kind, *listed[i % len(listed)]) for i in range(count)]
    randomiser.shuffle(plan)
    return plan


print(f"== warm-up: {warmup} pages of each kind from {clients} clients", file=sys.stderr)
run(plan_of(warmup), cookies)
print(f"== measuring: {samples} pages of each kind from {clients} clients", file=sys.stderr)
started = time.perf_counter()
taken = run(plan_of(samples), cookies)
elapsed = time.perf_counter() - started

report = {
    "database": database,
    "clients": clients,
    "candidates": fixture["candidates"],
    "results": fixture["results"],
    "requests": fixture["requests"],
    "finished_jobs": fixture["finished_jobs"],
    "waiting_jobs": fixture["waiting_jobs"],
    "server_time": "Server-Timing header (app;dur): request reaching the pages to the rendered page",
    "pages_per_second": round(len(taken) / elapsed, 1),
    "target_p99_ms": TARGET_MS,
    # The machine's one-minute load average as the measuring ended: on a shared machine,
    # other work's share of the cores shows in every figure.
    "load_average": round(os.getloadavg()[0], 2),
}


def key_of(kind, figure):
    """The report's key for one figure of a kind: `results_page_p99_ms` for the portal's
    pages (as before the console was timed), `monitor_jobs_p99_ms_sqlite` for the console's."""
    if kind in PORTAL:
        return f"{kind}_page_{figure}"
    return f"{kind}_{figure.removeprefix('page_')}_{database}"


for kind in pages:
    mine = [t for t in taken if t[0] == kind]
    server = summary([t[2] for t in mine])
    client = summary([t[3] for t in mine])
    report[key_of(kind, "count")] = len(mine)
    for key in ("p50", "p95", "p99", "max"):
        report[key_of(kind, f"{key}_ms")] = server[key]
        report[key_of(kind, f"client_{key}_ms")] = client[key]
    report[key_of(kind, "by_page_p99_ms")] = {
        label: round(percentile([t[2] for t in mine if t[1] == label], 99), 2) for label, _ in pages[kind]
    }
    report[key_of(kind, "target_met")] = server["p99"] <= TARGET_MS

if as_json:
    print(json.dumps(report, sort_keys=True))
    sys.exit(0)

print(
    f"ScriptDesk pages on {database}: one centre, {report['candidates']:,} candidates, "
    f"{report['results']:,} results, {report['requests']:,} requests; a queue of "
    f"{fixture['finished_jobs']:,} finished and {fixture['waiting_jobs']:,} waiting jobs; {clients} clients on loopback"
)
print("server time: the Server-Timing header; client: latency seen by the client (an upper bound)")
print()
PATHS = {"results": "/results", "requests": "/requests", "monitor_overview": "/ops", "monitor_jobs": "/ops/jobs"}
print(f"{'page':<10} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'client p50':>11} {'client p99':>11}  target p99 <= {TARGET_MS} ms")
for kind in pages:
    r = lambda key: report[key_of(kind, f"{key}_ms")]
    met = "met" if report[key_of(kind, "target_met")] else "MISSED"
    print(
        f"{PATHS[kind]:<10} {report[key_of(kind, 'count')]:>6} {r('p50'):>8.2f} {r('p95'):>8.2f} {r('p99'):>8.2f} {r('max'):>8.2f} "
        f"{r('client_p50'):>11.2f} {r('client_p99'):>11.2f}  {met}"
    )
print()
for kind in pages:
    print(f"p99 by page, {PATHS[kind]} (ms): " + ", ".join(f"{k} {v}" for k, v in report[key_of(kind, "by_page_p99_ms")].items()))
print(f"{report['pages_per_second']} pages/s while measuring; load average {report['load_average']} on {os.cpu_count()} cores")
