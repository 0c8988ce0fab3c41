"""The operations queue console through the pages: the overview following the queue live,
pausing and resuming a lane, retrying dead jobs by filter, and who may see and change what.
Jobs are made the real way, by script requests through the API; a job dies by having its
script's archive folder deleted first. The tests share one server with the others, so each
asks for copies no other test asks for: at the first centre, whose results the other tests
take from the start of the list, the last two; at the second centre, which no other test
asks copies of, the rest, its scripts lost only there. Each counts only what its filter or
its requests pin down."""

import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# A request's job is claimed within seconds when its lane runs; a dead job dies at once.
CLAIM_SECONDS = 60
LIVE_SECONDS = 10
PAUSED = "The lane is paused: no worker claims its jobs until it is resumed. Running jobs finish."
RESUMED = "The lane is resumed: workers claim its jobs again."



class Centre:
    """A demo centre (the first, or the second when `index` is 1) through the API, as its
    exams officer."""

    def __init__(self, server, index: int = 0):
        self.server = server
        credentials = json.loads((server.storage / "demo-credentials.json").read_text())
        centre = credentials["centres"][index]
        self.number = centre["number"]
        self.token = centre["examsOfficerToken"]

    def ask(self, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            self.server.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        return json.loads(urllib.request.urlopen(request).read())

    def spare_rows(self) -> list[dict]:
        """The held results, last first, that a copy may be asked of."""
        rows = self.ask("/api/v1/results?series=2026-06&limit=500")["items"]
        held = [row for row in rows if row["script"]["held"] and "X" not in row["indicators"]]
        return list(reversed(held))

    def request(self, row: dict, kind: str = "non-priority") -> str:
        """Asks for a copy of `row`'s script; the new request's id."""
        consent = {"candidateAgreed": True, "obtainedAt": today().strftime("%Y-%m-%dT00:00:00Z"), "identify": True}
        body = {"series": "2026-06", "component": row["component"]["code"], "candidate": row["candidate"]["number"], "kind": kind, "consent": consent}
        return self.ask("/api/v1/script-requests", body)["id"]

    def status(self, request_id: str) -> str:
        return self.ask(f"/api/v1/script-requests/{request_id}")["status"]

    def lose_script(self, row: dict) -> None:
        """Deletes `row`'s script from the archive, so that a copy of it dies with archive.mismatch."""
        component = urllib.parse.quote(row["component"]["code"], safe="")
        folder = self.server.storage / "archive" / "2026-06" / component / self.number / row["candidate"]["number"]
        assert folder.is_dir(), f"no archive folder {folder}"
        shutil.rmtree(folder)

    def wait_for(self, request_id: str, wanted, seconds: float = CLAIM_SECONDS) -> str:
        """The request's status once `wanted(status)` holds, polling the API."""
        deadline = time.monotonic() + seconds
        while True:
            status = self.status(request_id)
            if wanted(status):
                return status
            assert time.monotonic() < deadline, f"request {request_id} was still {status} after {seconds} s"
            time.sleep(0.5)


class Copies:
    """Whose copies each test asks for (see the module's note)."""

    def __init__(self, server):
        self.first = Centre(server)
        self.second = Centre(server, 1)
        first, second = self.first.spare_rows(), self.second.spare_rows()
        self.overview = first[0]
        self.pause = first[1]
        # A priority copy, its job on the other lane, shows the workers claiming meanwhile.
        self.priority = next(row for row in second if row["qualification"] == "GCE")
        rest = [row for row in second if row is not self.priority]
        self.retry = rest[:3]
        self.read_only = rest[3]


def today() -> datetime:
    return datetime.now(ZoneInfo("Europe/London"))


def lane_paused(server, lane: str) -> bool:
    """Whether `lane` is paused, from the API's snapshot of the queue (read as it is now,
    not the overview the pages share for up to a second)."""
    credentials = json.loads((server.storage / "demo-credentials.json").read_text())
    request = urllib.request.Request(server.base_url + "/api/v1/queue", headers={"Authorization": f"Bearer {credentials['operationsToken']}"})
    snapshot = json.loads(urllib.request.urlopen(request).read())
    return next(entry["paused"] for entry in snapshot["lanes"] if entry["lane"] == lane)


def resume_standard_lane(server) -> None:
    """Resumes the standard lane from the command line, whatever the pages did, so that a
    failing test leaves no lane paused for the others."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("SCRIPTDESK_")}
    command = [str(server.executable), "queue", "resume", "standard", "--storage", str(server.storage)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=environment)
    assert done.returncode == 0, done.stdout + done.stderr


def live(browser, css: str) -> str | None:
    """The text of what `css` selects in the overview, or None: read in one go in the page,
    as the stream replaces the live part every second."""
    return browser.script("const found = document.querySelector(arguments[0]); return found ? found.textContent.trim() : null", css)


def lanes(browser) -> list[str]:
    return browser.script("return [...document.querySelectorAll('tr[data-lane]')].map(row => row.dataset.lane)")


def lane_count(browser, lane: str, count: str) -> int:
    text = live(browser, f"tr[data-lane={lane}] a[data-count={count}]")
    assert text is not None, f"no {count} count for the {lane} lane on {browser.path}"
    return int(text)


def wait_live(browser, css: str, wanted) -> None:
    """Waits for the live figures to show `wanted` (the text of `css`, None for nothing): a
    change made elsewhere (through the API) reaches an open page with the stream's next
    reading, the overview every viewer shares, at most a second old."""
    try:
        WebDriverWait(browser.driver, LIVE_SECONDS).until(lambda driver: live(browser, css) == wanted)
    except TimeoutException:
        raise AssertionError(f"{css} on {browser.path} showed {live(browser, css)!r}, not {wanted!r}, for {LIVE_SECONDS} s") from None


def wait_for_new_figures(browser) -> None:
    """Waits for the stream to replace the live figures (their time changes every second)."""
    browser.script("document.querySelector('[data-console-live] h2').dataset.served = 'yes'")
    WebDriverWait(browser.driver, LIVE_SECONDS).until(lambda driver: live(browser, "[data-console-live] h2[data-served]") is None)


def pause_standard_lane(browser, server) -> None:
    browser.click("Pause the Standard lane")
    assert browser.path == "/ops"
    assert browser.find(".notice").text == PAUSED
    assert lane_paused(server, "standard")
    # The page after the change reads the queue afresh: it shows the pause at once.
    assert live(browser, "tr[data-lane=standard] [data-paused]") == "Paused"


def job_states(browser, query: str) -> list[str]:
    """The state tag of each job the jobs page lists for `query`."""
    browser.open(f"/ops/jobs?{query}")
    return [tag.text for tag in browser.find_all("table tbody tr td strong.tag")]


def test_operations_see_both_lanes_and_the_console_navigation_and_axe_passes_the_live_figures_too(browser, people):
    browser.sign_in(people.operations)
    browser.click("Queue")
    assert browser.path == "/ops"
    assert browser.heading == "Job queue"
    assert lanes(browser) == ["priority", "standard"]
    for lane in lanes(browser):
        assert lane_count(browser, lane, "waiting") >= 0 and lane_count(browser, lane, "dead") >= 0
    navigation = browser.find("nav.sub-nav[aria-label='Job queue']")
    links = [(link.text, link.get_attribute("aria-current")) for link in navigation.find_elements(By.CSS_SELECTOR, "a")]
    assert links == [("Overview", "page"), ("Jobs", None), ("Audit", None), ("Enquiries", None), ("Appeals", None), ("Queries", None)], links

    # axe ran on the page as served (every visit is checked); once the stream has replaced
    # the live part, the page as it is then passes too.
    wait_for_new_figures(browser)
    assert lanes(browser) == ["priority", "standard"]
    assert browser.accessibility_problems() == []

    browser.click("Jobs")
    assert browser.heading == "Jobs"
    browser.click("Audit")
    assert browser.heading == "Audit of queue actions"
    browser.click("Overview")
    assert browser.heading == "Job queue"


def test_a_job_enqueued_while_the_overview_is_open_shows_without_a_reload(browser, people, server):
    copies = Copies(server)
    centre, row = copies.first, copies.overview
    browser.sign_in(people.operations)
    browser.open("/ops")
    try:
        # Paused, the lane keeps the new job waiting for the count to show it.
        pause_standard_lane(browser, server)
        browser.script("window.__marker = 1")
        before = lane_count(browser, "standard", "waiting")
        request_id = centre.request(row)
        WebDriverWait(browser.driver, LIVE_SECONDS).until(lambda driver: lane_count(browser, "standard", "waiting") > before)
        assert browser.script("return window.__marker") == 1, "the page was reloaded"
        assert centre.status(request_id) == "queued"
        browser.click("Resume the Standard lane")
        assert browser.find(".notice").text == RESUMED
        assert not lane_paused(server, "standard")
    finally:
        resume_standard_lane(server)
    centre.wait_for(request_id, lambda status: status != "queued")


def test_a_lane_paused_from_the_page_is_not_claimed_until_it_is_resumed(browser, people, server):
    copies = Copies(server)
    browser.sign_in(people.operations)
    browser.open("/ops")
    try:
        pause_standard_lane(browser, server)
        standard = copies.first.request(copies.pause)
        priority = copies.second.request(copies.priority, "priority")
        copies.second.wait_for(priority, lambda status: status != "queued")
        assert copies.first.status(standard) == "queued", "a job of the paused lane was claimed"
        assert job_states(browser, f"request={standard}") == ["Waiting"]

        browser.open("/ops")
        wait_live(browser, "tr[data-lane=standard] [data-paused]", "Paused")
        browser.click("Resume the Standard lane")
        assert browser.find(".notice").text == RESUMED
        assert not lane_paused(server, "standard")
        assert live(browser, "tr[data-lane=standard] [data-paused]") is None
        assert live(browser, "tr[data-lane=standard] form button") == "Pause the Standard lane"
        copies.first.wait_for(standard, lambda status: status != "queued", seconds=30)
        assert job_states(browser, f"request={standard}") != ["Waiting"]
    finally:
        resume_standard_lane(server)


def test_dead_jobs_found_by_a_filter_are_retried_after_confirming_and_the_audit_records_it(browser, people, server):
    copies = Copies(server)
    centre, rows = copies.second, copies.retry
    for row in rows:
        centre.lose_script(row)
    requests = [centre.request(row) for row in rows]
    for request_id in requests:
        centre.wait_for(request_id, lambda status: status == "failed")

    browser.sign_in(people.operations)
    browser.open("/ops/jobs")
    Select(browser.field("State")).select_by_visible_text("Dead")
    browser.fill("Error code", "archive.mismatch")
    browser.fill("Centre", centre.number)
    browser.click("Show jobs")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(browser.driver.current_url).query))
    assert {name: query.get(name) for name in ["state", "error", "centre"]} == {"state": "dead", "error": "archive.mismatch", "centre": centre.number}
    shown = browser.find_all("table tbody tr")
    listed = " ".join(row.text for row in shown)
    for request_id in requests:
        assert request_id in browser.driver.page_source, f"the dead job of request {request_id} is not listed"
    assert all(tag.text == "Dead" for tag in browser.find_all("table tbody tr td strong.tag"))
    assert "archive.mismatch" in listed
    matching = len(shown)

    browser.click("Retry every matching job")
    assert browser.heading == f"Retry {matching} jobs?"
    assert browser.find("[data-confirm-count]").text == f"{matching} jobs"
    browser.click(f"Yes, retry {matching} jobs")
    assert browser.path.startswith("/ops/actions/")
    action = browser.path.rsplit("/", 1)[1]
    assert browser.heading == f"Retry #{action}"
    assert browser.find("[data-action-state]").text == "Done"
    assert browser.summary("Jobs matched") == str(matching)
    assert browser.summary("Changed") == str(matching)
    assert browser.summary("Who") == people.operations.username

    browser.click("Back to the audit")
    audit = browser.find_all("table tbody tr")[0].find_elements(By.CSS_SELECTOR, "td")
    cells = [cell.text for cell in audit]
    assert cells[0] == f"Retry #{action}"
    assert cells[2] == people.operations.username
    assert cells[3] == "127.0.0.1"
    assert cells[4] == f"dead jobs, error code archive.mismatch, centre {centre.number}"
    assert cells[5:9] == [str(matching), str(matching), "0", "Done"], cells


def test_a_read_only_operations_user_sees_the_console_without_controls_and_a_forged_post_is_refused(browser, people, server):
    copies = Copies(server)
    centre, row = copies.second, copies.read_only
    centre.lose_script(row)
    dead = centre.request(row)
    centre.wait_for(dead, lambda status: status == "failed")

    browser.sign_in(people.operations_read_only)
    browser.click("Queue")
    assert browser.heading == "Job queue"
    assert lanes(browser) == ["priority", "standard"]
    assert live(browser, "main form[action^='/ops/']") is None, "a form to change the queue is shown"
    assert live(browser, "main button") is None
    assert "Worker slots" not in browser.text

    assert job_states(browser, f"state=dead&request={dead}") == ["Dead"]
    assert not browser.find_all("input[type=checkbox]")
    assert [button.text for button in browser.find_all("main button")] == ["Show jobs"]

    # The refusal does not rest on hiding the buttons: a form posted with the session's own
    # token is refused all the same.
    token = browser.find("form[action='/sign-out'] input[name=csrf]").get_attribute("value")
    browser.script(
        "const form = document.createElement('form');"
        "form.method = 'post'; form.action = '/ops/lanes/standard/pause'; form.id = 'forged';"
        "const csrf = document.createElement('input'); csrf.type = 'hidden'; csrf.name = 'csrf'; csrf.value = arguments[0];"
        "const button = document.createElement('button'); button.type = 'submit'; button.textContent = 'Pause';"
        "form.append(csrf, button); document.querySelector('main').append(form);",
        token,
    )
    browser.click_element(browser.find("#forged button"))
    assert browser.heading == "You cannot do that"
    assert "operations staff change it" in browser.text
    assert not lane_paused(server, "standard"), "the refused post paused the lane"
    browser.open("/ops")
    wait_for_new_figures(browser)
    assert lanes(browser) == ["priority", "standard"]
    assert live(browser, "tr[data-lane=standard] [data-paused]") is None, "the overview shows the lane paused"


@pytest.mark.parametrize("who", ["exams_officer", "teacher"])
def test_a_centre_user_finds_no_console_page(browser, people, who):
    browser.sign_in(getattr(people, who))
    assert "Queue" not in [link.text for link in browser.find_all(".header__nav a")]
    for path in ["/ops", "/ops/jobs", "/ops/jobs?state=dead", "/ops/actions"]:
        browser.open(path)
        assert browser.heading == "Page not found", path
