"""Checks every page passes, for each person who may see it: no horizontal scrolling at
320 CSS pixels (WCAG 1.4.10, reflow), and a Content-Security-Policy in force that refuses
nothing the page needs. axe-core runs on each, as on every page any test visits. A new page
is one line in PAGES."""

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Page:
    """`path` as `who` sees it (a `People` field, or None when signed out), showing `shows`."""

    path: str
    who: str | None
    shows: str

    def __str__(self) -> str:
        return f"{self.path} as {self.who or 'nobody'}"


PAGES = [
    Page("/sign-in", None, "Sign in to ScriptDesk"),
    Page("/", "exams_officer", "Priority copies of scripts"),
    Page("/", "teacher", "Copies of scripts for teaching"),
    Page("/", "operations", "All centres"),
    Page("/results", "exams_officer", "Find candidate"),
    Page("/requests", "exams_officer", "Requests"),
    Page("/requests/new", "exams_officer", "Which script do you need a copy of?"),
    Page("/requests/bulk", "exams_officer", "Request many copies"),
    Page("/requests", "operations", "Centre number"),
    Page("/enquiries", "exams_officer", "Make many enquiries from a CSV file"),
    Page("/enquiries/new", "exams_officer", "Which result is the enquiry about?"),
    Page("/enquiries/bulk", "exams_officer", "Make many enquiries"),
    Page("/candidates/0001", "exams_officer", "Changes to results"),
    Page("/ops/enquiries", "operations", "Enquiries awaiting an outcome"),
    Page("/appeals", "exams_officer", "Show appeals"),
    Page("/ops/appeals", "operations", "Appeals awaiting a decision"),
    Page("/queries", "exams_officer", "Show queries"),
    Page("/queries/new", "exams_officer", "What is wrong with the result?"),
    Page("/certification?series=2026-06&subject=J560", "exams_officer", "Show candidates"),
    Page("/certifications", "exams_officer", "Show requests"),
    Page("/ops/queries", "operations", "Queries awaiting a resolution"),
    Page("/ops", "operations", "Worker slots"),
    Page("/ops/jobs", "operations", "Download the matching jobs (CSV)"),
    Page("/ops/actions", "operations", "Audit of queue actions"),
    Page("/ops", "operations_read_only", "Worker processes"),
]


def visit(browser, people, page: Page) -> None:
    if page.who:
        browser.sign_in(getattr(people, page.who))
    if browser.path != page.path:
        browser.open(page.path)
    assert page.shows in browser.text


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_no_horizontal_scrolling_at_320_pixels(browser, people, page):
    browser.at_width(320)
    visit(browser, people, page)
    assert browser.script("return window.innerWidth") == 320
    # The page's width, and the width it may take without scrolling sideways (less any
    # vertical scroll bar).
    width, room = browser.script("const page = document.scrollingElement; return [page.scrollWidth, page.clientWidth]")
    wider = browser.script(
        "return [...document.body.querySelectorAll('*')]"
        ".filter(e => e.getBoundingClientRect().right > arguments[0]).map(e => e.outerHTML.slice(0, 120))",
        room,
    )
    assert width <= 320 and width <= room, f"{page} is {width} px wide in {room} px: {wider}"


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_content_security_policy_refuses_nothing_the_page_needs(browser, people, page):
    visit(browser, people, page)
    assert browser.script("return getComputedStyle(document.body).fontFamily").startswith("Arial"), "the stylesheet applies"
    assert browser.script("return document.documentElement.classList.contains('js-enabled')"), "the script ran"
    assert not [line for line in browser.console() if "Content Security Policy" in line]
    # The control: inline style and script are refused and the console says so, so the
    # policy is in force here and a refusal would have been seen.
    browser.script(
        "const style = document.createElement('style'); style.textContent = 'body { color: red }'; document.head.append(style);"
        "const script = document.createElement('script'); script.textContent = 'window.inline = 1'; document.head.append(script);"
    )
    refusals = [line for line in browser.console() if "Content Security Policy" in line]
    assert any("inline style" in line for line in refusals) and any("inline script" in line for line in refusals), refusals
    assert browser.script("return window.inline") is None
