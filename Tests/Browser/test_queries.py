"""Missing and incomplete results queries through the pages, in a real browser: from a
result on the candidate's page, the question page comes with the result filled in; a query
without its detail is refused in the error summary; sent, it is explained by operations on the
console, and the exams officer's query page shows the explanation."""


def test_a_result_is_queried_from_the_candidates_page_operations_explain_and_the_centre_sees_why(browser, people):
    browser.sign_in(people.exams_officer)
    browser.open("/candidates/0001")
    links = browser.find_all("[data-query-link]")
    assert links, "the candidate's results each link to a query"
    browser.click_element(links[-1])
    assert browser.heading == "Report a missing or incomplete result"
    assert browser.field("Candidate number").get_attribute("value") == "0001"
    browser.find("label[for=reason-incomplete-result]").click()
    browser.click("Send the query")
    assert "There is a problem" in browser.find(".error-summary").text
    browser.fill("What do you know about it?", "Section B is not in the mark.")
    browser.click("Send the query")

    assert browser.find(".panel__title").text == "Query received"
    reference = browser.find(".panel__body strong").text
    assert browser.find("[data-due]").text
    query_id = browser.control(f"Follow query {reference}").get_attribute("href").rsplit("/", 1)[1]

    browser.driver.delete_all_cookies()
    browser.sign_in(people.operations)
    browser.open("/ops/queries")
    assert reference in browser.text
    browser.open(f"/ops/queries/{query_id}")
    assert "Section B is not in the mark." in browser.text
    browser.fill("Explanation", "Section B was marked and is in the total")
    browser.click("Explain and resolve")
    assert "The resolution has been recorded" in browser.text

    browser.driver.delete_all_cookies()
    browser.sign_in(people.exams_officer)
    browser.open(f"/queries/{query_id}")
    assert browser.heading == f"Query {reference}"
    assert "Section B was marked and is in the total" in browser.find("[data-resolution]").text
