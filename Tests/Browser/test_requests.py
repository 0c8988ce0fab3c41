"""Requesting, following, downloading and withdrawing script copies through the pages, as an
exams officer and a teacher would, in a real browser."""

import json
import subprocess
import urllib.error
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

READY_SECONDS = 180


def today() -> datetime:
    return datetime.now(ZoneInfo("Europe/London"))


def session_post(server, browser, path: str) -> urllib.response.addinfourl | urllib.error.HTTPError:
    """POSTs the page's own form token to `path` with the browser's cookies, without following
    a redirect: how the test sees where a form would send the browser."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    token = browser.find("input[name=csrf]").get_attribute("value")

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *arguments):
            return None

    request = urllib.request.Request(
        server.base_url + path,
        data=f"csrf={token}".encode(),
        headers={"Cookie": cookies, "Origin": server.base_url, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        return urllib.request.build_opener(Stay).open(request)
    except urllib.error.HTTPError as answer:
        return answer


def status_of(server, path: str) -> int:
    try:
        return urllib.request.urlopen(server.base_url + path).status
    except urllib.error.HTTPError as answer:
        return answer.code


def test_an_exams_officer_requests_a_priority_copy_watches_it_become_ready_downloads_and_withdraws_it(browser, people, server):
    browser.sign_in(people.exams_officer)
    browser.click("Results")
    assert browser.heading == "Results"
    # A GCE result, whose script is held: priority copies are for GCE.
    rows = [row for row in browser.find_all("table tbody tr") if ", GCE" in row.text]
    buttons = [button for row in rows for button in row.find_elements(By.CSS_SELECTOR, "form[action='/requests/new'] button")]
    assert buttons, "no GCE result offers a copy"
    browser.click_element(buttons[0])

    assert browser.find("legend").text == "Which copy do you need?"
    browser.find("label[for=kind-priority]").click()
    browser.click("Continue")
    # Without consent and its date, the error summary names both.
    browser.click("Continue")
    assert browser.find(".error-summary__title").text == "There is a problem"
    assert len(browser.find_all(".error-summary__list a")) == 2
    browser.find("label[for=agreed]").click()
    now = today()
    browser.fill("Day", str(now.day))
    browser.fill("Month", str(now.month))
    browser.fill("Year", str(now.year))
    browser.click("Continue")
    browser.find("label[for=identify-yes]").click()
    browser.click("Continue")
    assert browser.heading == "Check your answers before sending the request"
    assert browser.summary("Copy") == "Priority copy"
    browser.click("Send the request")
    assert browser.find(".panel__title").text == "Request sent"
    reference = browser.find(".panel__body strong").text
    follow = browser.control(f"Follow request {reference}").get_attribute("href")
    request_id = follow.rsplit("/", 1)[1]

    # The table's tag turns to ready while the page stays open: no reload.
    browser.open("/requests")
    browser.script("window.stillHere = true")
    tag = f"[data-request-status='{request_id}']"
    WebDriverWait(browser.driver, READY_SECONDS).until(lambda driver: browser.find(tag).text == "Ready to download")
    assert browser.script("return window.stillHere") is True, "the page was reloaded"

    browser.open(f"/requests/{request_id}")
    assert browser.heading == f"Request {reference}"
    browser.control("Download the PDF").click()
    pdf = browser.downloaded(".pdf")
    checked = subprocess.run([str(server.executable), "check", str(pdf), "--json"], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # exit 0 only when the PDF passes

    # Where the download button sends the browser now; withdrawn, that link is gone.
    answer = session_post(server, browser, f"/requests/{request_id}/download")
    link = answer.headers["Location"]
    assert link.startswith("/d/")
    assert status_of(server, link) == 200
    browser.click("Withdraw the download links")
    assert browser.heading.startswith("Withdraw the download links of request")
    browser.click("Withdraw the links")
    assert "have been withdrawn" in browser.text
    assert status_of(server, link) == 410


def test_a_teacher_sees_neither_a_priority_copy_nor_another_subject(browser, people, server):
    credentials = json.loads((server.storage / "demo-credentials.json").read_text())
    centre = credentials["centres"][0]
    token = centre["examsOfficerToken"]

    def ask(path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            server.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        return json.loads(urllib.request.urlopen(request).read())

    rows = ask("/api/v1/results?series=2026-06&limit=500")["items"]
    held = [row for row in rows if row["script"]["held"] and "X" not in row["indicators"]]
    gce = next(row for row in held if row["qualification"] == "GCE")
    other = next(row for row in held if row["qualification"] != "GCE")
    consent = {"candidateAgreed": True, "obtainedAt": today().strftime("%Y-%m-%dT00:00:00Z"), "identify": True}

    def request(row: dict, kind: str) -> str:
        body = {"series": "2026-06", "component": row["component"]["code"], "candidate": row["candidate"]["number"], "kind": kind, "consent": consent}
        return ask("/api/v1/script-requests", body)["id"]

    priority = request(gce, "priority")
    teaching = request(gce, "non-priority")
    elsewhere = request(other, "non-priority")

    browser.sign_in(people.teacher)
    assert "Priority copies of scripts" not in browser.text
    browser.click("Requests")
    listed = browser.text
    assert teaching[:8].upper() in listed
    assert priority[:8].upper() not in listed and elsewhere[:8].upper() not in listed
    for hidden in [priority, elsewhere]:
        browser.open(f"/requests/{hidden}")
        assert browser.heading == "Page not found"


def test_a_bulk_upload_with_one_bad_row_creates_nothing_and_names_the_row(browser, people, server, tmp_path):
    browser.sign_in(people.exams_officer)
    browser.click("Requests")
    before = browser.find(".hint").text if browser.find_all(".hint") else ""
    browser.click("Request many copies from a CSV file")
    now = today().strftime("%Y-%m-%d")
    lines = [
        "series,component,candidate,copy,candidate_agreed,consent_obtained,name_on_copy",
        f"2026-06,NOPE/01,0001,teaching,yes,{now},yes",
        f"2026-06,NOPE/01,0001,teaching,maybe,{now},yes",
    ]
    upload = tmp_path / "requests.csv"
    upload.write_text("\r\n".join(lines) + "\r\n")
    browser.field("CSV file").send_keys(str(upload))
    browser.click("Check and send")
    assert browser.find(".error-summary__title").text == "There is a problem"
    cells = [cell.text for cell in browser.find_all("table tbody td")]
    assert cells[:2] == ["3", "candidate_agreed"], cells
    browser.open("/requests")
    after = browser.find(".hint").text if browser.find_all(".hint") else ""
    assert before == after, "a refused file changed the requests"
