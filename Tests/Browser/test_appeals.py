"""Appeals through the pages, in a real browser: the demo board seeds each centre a June
enquiry whose outcome came 3 days before seeding, still open to appeal. The exams officer
finds it among the decided enquiries, appeals it with a written statement (a blank one is
refused first, in the error summary), operations record the decision on the console, and the
exams officer's appeal page shows it, upheld, with the old and new mark."""


def test_a_decided_enquiry_is_appealed_operations_decide_and_the_centre_sees_the_decision(browser, people):
    browser.sign_in(people.exams_officer)
    browser.open("/enquiries?status=decided&series=2026-06")
    links = [link for link in browser.find_all("table a") if "/enquiries/demo-2026-06-" in (link.get_attribute("href") or "")]
    assert links, "the demo board seeds a decided June enquiry"
    browser.click_element(links[0])
    enquiry = browser.heading
    assert "days left" in browser.find("[data-appeal-by]").text
    before = browser.find("[data-outcome]").text
    browser.click("Appeal this outcome")

    assert browser.heading == "Appeal this outcome"
    assert "days left" in browser.find("[data-appeal-by]").text
    browser.click("Make the appeal")
    assert "There is a problem" in browser.find(".error-summary").text
    statement = "Question 2's answer was marked against the wrong scheme."
    browser.fill("Why is the outcome wrong?", statement)
    browser.click("Make the appeal")

    assert browser.find(".panel__title").text == "Appeal received"
    reference = browser.find(".panel__body strong").text
    assert browser.summary("Stage") == "Stage 1"
    assert browser.find("[data-due]").text
    appeal_id = browser.control(f"Follow appeal {reference}").get_attribute("href").rsplit("/", 1)[1]

    # Operations uphold it, one mark down from the mark after the enquiry.
    browser.driver.delete_all_cookies()
    browser.sign_in(people.operations)
    browser.open("/ops/appeals")
    assert reference in browser.text
    browser.open(f"/ops/appeals/{appeal_id}")
    assert statement in browser.text
    after = int(before.split("After")[1].split("Mark")[1].split(",")[0].strip())
    browser.fill("Mark after the appeal", str(max(after - 1, 0)))
    browser.fill("Reason", "Question 2 was over-credited")
    browser.click("Record the decision")
    assert "The decision has been recorded" in browser.text

    browser.driver.delete_all_cookies()
    browser.sign_in(people.exams_officer)
    browser.open(f"/appeals/{appeal_id}")
    assert browser.heading == f"Appeal {reference}"
    decision = browser.find("[data-decision]").text
    assert f"Mark {after}, grade" in decision
    assert f"Mark {max(after - 1, 0)}, grade" in decision
    assert "Question 2 was over-credited" in decision
    assert "Upheld" in browser.find("[data-upheld]").text or after == 0
    assert statement in browser.text
    browser.open("/appeals")
    assert reference in browser.text
    assert enquiry.startswith("Enquiry ")
