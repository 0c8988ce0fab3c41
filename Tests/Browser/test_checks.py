"""The checks every page passes can fail: what axe-core and the console report reaches the
test, so a page that passes them passed for a reason."""


def test_axe_reports_a_field_that_has_lost_its_label(browser):
    browser.open("/sign-in")
    assert browser.accessibility_problems() == []
    browser.script("document.getElementById('username').removeAttribute('id')")
    problems = browser.accessibility_problems()
    assert any(line.startswith("  axe label (critical)") for line in problems), problems
