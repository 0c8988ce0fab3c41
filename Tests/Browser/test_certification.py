"""Late certification through the pages, in a real browser: the exams officer opens the
eligibility table for GCSE Mathematics in June from the navigation, sees why each candidate the
desk would refuse is not eligible (in the same words as the API's eligibility table; the small
board's refusals are components missing, the terminal rule is the Swift page tests'), ticks an
eligible candidate, checks the answers (no fee), requests it, and refreshes the centre's
requests until the queue has awarded the grade. The candidate's page then offers the revised
statement of results, made by the late certification, above the one before it; its PDF names
the candidate and the subject. No other test certificates anyone."""

import json
import subprocess
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

AWARD_SECONDS = 120


def ask(server, path: str) -> dict:
    """`GET path` from the API as the first centre's exams officer."""
    credentials = json.loads((server.storage / "demo-credentials.json").read_text())
    token = credentials["centres"][0]["examsOfficerToken"]
    request = urllib.request.Request(server.base_url + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def refresh_until(browser, path: str, done, seconds: float = AWARD_SECONDS) -> None:
    """Opens `path` again, a second apart, until `done()` holds of the page; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        browser.open(path)
        if done():
            return
        assert time.monotonic() < deadline, f"{path} did not change within {seconds} s: {browser.text[:600]}"
        time.sleep(1)


def test_an_eligible_candidate_is_certificated_and_the_revised_statement_downloads(browser, people, server, tmp_path):
    browser.sign_in(people.exams_officer)
    browser.click("Certification")
    assert browser.heading == "Certification requests"
    browser.click("Request certification")
    assert browser.heading == "Request a subject grade"
    Select(browser.field("Subject")).select_by_value("J560")
    Select(browser.field("Series")).select_by_value("2026-06")
    browser.click("Show candidates")
    assert "GCSE Mathematics (J560), June 2026" in browser.text
    table = browser.path + "?" + browser.driver.current_url.split("?", 1)[1]

    # Why not: beside each candidate the desk would refuse, its reason in its own words, the
    # API's; a box only for those it would accept.
    answer = ask(server, "/api/v1/certifications/eligibility?series=2026-06&subject=J560")["items"]
    reasons = {item["candidate"]["number"]: item.get("message") for item in answer}
    rows = {row.get_attribute("data-candidate"): row for row in browser.find_all("tr[data-candidate]")}
    assert sorted(rows) == sorted(reasons), "every candidate of the centre is in the table"
    refused = [number for number, message in reasons.items() if message]
    assert refused, "the demo board has a candidate who cannot be certificated in GCSE Mathematics"
    for number in refused:
        assert rows[number].find_element(By.CSS_SELECTOR, "[data-why]").text == reasons[number]
        assert not rows[number].find_elements(By.CSS_SELECTOR, "input[type=checkbox]"), "no box for an ineligible candidate"
    eligible = [number for number, message in reasons.items() if not message]
    assert eligible, "the demo board has a candidate eligible for GCSE Mathematics"
    candidate = eligible[0]
    assert rows[candidate].find_elements(By.CSS_SELECTOR, "input[type=checkbox]")

    # The candidate's current statement (if they had none, the first is made when their page asks).
    refresh_until(browser, f"/candidates/{candidate}?series=2026-06", lambda: bool(browser.find_all("[data-statement-download]")))
    first = int(browser.find("[data-statement-revision]").text)
    first_made_by = browser.summary("Made by")

    # The eligible candidate is ticked, checked and requested.
    browser.open(table)
    browser.find(f"#candidate-{candidate}").click()
    browser.click("Request certification")
    assert browser.heading == "Check your answers before requesting certification"
    assert browser.summary("Fee") == "£0.00"
    assert browser.summary("Subject") == "GCSE Mathematics (J560)"
    assert browser.summary("Series") == "June 2026"
    assert browser.summary("Candidates").startswith(candidate)
    browser.click("Request certification")
    assert browser.find(".panel__title").text == "Certification requested"
    assert candidate in browser.find("[data-requested]").text

    # The queue awards the grade: the centre's requests say so once it has.
    def row():
        found = [row for row in browser.find_all("tr[data-certification]") if f"/candidates/{candidate}?" in row.get_attribute("innerHTML")]
        assert found, f"candidate {candidate}'s request is not listed"
        return found[0]

    refresh_until(browser, "/certifications?series=2026-06", lambda: row().find_element(By.CSS_SELECTOR, "[data-certification-status]").text.startswith("Awarded, grade "))
    browser.open(f"/certifications/{row().get_attribute('data-certification')}/withdraw")
    assert "Awarded, grade" in browser.text and not browser.find_all("button.button--warning"), "an awarded grade is final"

    # The candidate's page: the revised statement, made by the award, above the one as issued.
    def revised() -> bool:
        return bool(browser.find_all("[data-statement-download]")) and browser.summary("Made by") == "A late certification"

    refresh_until(browser, f"/candidates/{candidate}?series=2026-06", revised)
    assert int(browser.find("[data-statement-revision]").text) == first + 1
    assert first_made_by in browser.find("[data-statement] table").text
    assert "Awarded, grade" in browser.find("[data-certifications]").text
    link = browser.find("[data-statement-download]").get_attribute("href")
    assert "/s/" in link
    with urllib.request.urlopen(link, timeout=60) as answer:
        assert answer.headers["Content-Type"] == "application/pdf"
        pdf = answer.read()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
    assert candidate in text and "Mathematics" in text, text[:800]
