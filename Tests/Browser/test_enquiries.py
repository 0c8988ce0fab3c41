"""Enquiries about results through the pages, in a real browser: from a priority copy's page,
"Query this result" leads through the question pages to the confirmation with the reference
and the due date; operations record an outcome that changes the grade; the exams officer's
enquiry page then shows the outcome and the last day to appeal, and an appeal is made from it. The tests share one server
with the others, so the enquiry is a clerical check (of which a candidate may have many) of
a GCE result that no other test takes: neither the first centre's first GCE row nor its last
two rows."""

import json
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def ask(server, path: str, body: dict | None = None) -> dict:
    credentials = json.loads((server.storage / "demo-credentials.json").read_text())
    token = credentials["centres"][0]["examsOfficerToken"]
    request = urllib.request.Request(
        server.base_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    return json.loads(urllib.request.urlopen(request).read())


def a_spare_gce_result(server) -> dict:
    rows = ask(server, "/api/v1/results?series=2026-06&limit=500")["items"]
    held = [row for row in rows if row["script"]["held"] and "X" not in row["indicators"]]
    gce = [row for row in held[:-2] if row["qualification"] == "GCE"][1:]
    graded = [row for row in gce if row.get("mark") and row.get("grade") not in (None, "U")]
    assert graded, "the demo board has no spare graded GCE result"
    return graded[0]


def test_a_priority_copy_is_queried_operations_change_the_grade_and_the_centre_sees_when_to_appeal(browser, people, server):
    row = a_spare_gce_result(server)
    now = datetime.now(ZoneInfo("Europe/London"))
    consent = {"candidateAgreed": True, "obtainedAt": now.strftime("%Y-%m-%dT00:00:00Z"), "identify": True}
    copy = ask(
        server,
        "/api/v1/script-requests",
        {"series": "2026-06", "component": row["component"]["code"], "candidate": row["candidate"]["number"], "kind": "priority", "consent": consent},
    )

    browser.sign_in(people.exams_officer)
    browser.open(f"/requests/{copy['id']}")
    assert "left" in browser.find("[data-enquiry-countdown]").text
    browser.click("Query this result")
    assert browser.find("legend").text == "Which service do you need?"
    assert "Fee £12.50" in browser.find("#service-clerical-check-hint").text
    browser.find("label[for=service-clerical-check]").click()
    browser.click("Continue")

    assert "Marks can go down as well as up" in browser.find(".warning-text").text
    browser.find("label[for=agreed]").click()
    browser.find("label[for=acknowledged]").click()
    agreed = now - timedelta(minutes=5)
    browser.fill("Day", str(agreed.day))
    browser.fill("Month", str(agreed.month))
    browser.fill("Year", str(agreed.year))
    browser.fill("Time", agreed.strftime("%H:%M"))
    browser.click("Continue")
    assert browser.heading == "Check your answers before making the enquiry"
    assert browser.summary("Service") == "Clerical check"
    assert browser.summary("Candidate") == row["candidate"]["number"]
    browser.click("Make the enquiry")

    assert browser.find(".panel__title").text == "Enquiry received"
    reference = browser.find(".panel__body strong").text
    assert browser.find("[data-due]").text
    enquiry_id = browser.control(f"Follow enquiry {reference}").get_attribute("href").rsplit("/", 1)[1]

    # Operations mark it down to nothing: the grade changes.
    browser.driver.delete_all_cookies()
    browser.sign_in(people.operations)
    browser.open("/ops/enquiries")
    assert reference in browser.text
    browser.open(f"/ops/enquiries/{enquiry_id}")
    browser.fill("Mark after the enquiry", "0")
    browser.fill("Reason", "Two answers were credited twice")
    browser.click("Record the outcome")
    assert "The outcome has been recorded" in browser.text

    browser.driver.delete_all_cookies()
    browser.sign_in(people.exams_officer)
    browser.open(f"/enquiries/{enquiry_id}")
    assert browser.heading == f"Enquiry {reference}"
    outcome = browser.find("[data-outcome]").text
    assert f"Mark {row['mark']}, grade {row['grade']}" in outcome
    assert "Mark 0, grade U" in outcome
    assert "Two answers were credited twice" in outcome
    appeal = browser.find("[data-appeal-by]").text
    assert "days left" in appeal, appeal
    assert "The grade changed, so there is no fee" in browser.text

    # The journey ends with an appeal against that outcome, made from the enquiry's page.
    browser.click("Appeal this outcome")
    assert browser.heading == "Appeal this outcome"
    browser.fill("Why is the outcome wrong?", "Both answers were worth the credit they were given.")
    browser.click("Make the appeal")
    assert browser.find(".panel__title").text == "Appeal received"
    assert browser.summary("Stage") == "Stage 1"
    browser.open(f"/enquiries/{enquiry_id}")
    assert len(browser.find_all("[data-appeals] a[href^='/appeals/']")) == 1
