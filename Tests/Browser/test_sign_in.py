"""Signing in and out through the pages, as someone at a keyboard would."""

import re

from selenium.webdriver.common.keys import Keys

ERROR = "The user name or password is not right."


def test_an_exams_officer_signs_in_with_the_keyboard_alone_and_sees_the_priority_countdown(browser, people):
    officer = people.exams_officer
    browser.open("/sign-in")
    browser.press(Keys.TAB)
    assert browser.focused.text == "Skip to main content", "the skip link comes first"
    browser.press(Keys.ENTER)
    browser.press(Keys.TAB)
    assert browser.focused.get_attribute("id") == "username", "after skipping, Tab reaches the user name"
    browser.press(officer.username, Keys.TAB, officer.password)
    browser.press_and_leave(Keys.ENTER)

    assert browser.path == "/"
    assert browser.heading == "Post-results services"
    assert officer.centre_name in browser.find(".caption").text
    priority = browser.summary("Priority copies of scripts")
    assert re.fullmatch(r"Open \d+ (day|hour|minute)s? left, closes [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d", priority), priority


def test_a_wrong_password_shows_the_error_summary_linked_to_the_user_name(browser, people):
    officer = people.other_exams_officer
    browser.open("/sign-in")
    browser.fill("User name", officer.username)
    browser.fill("Password", officer.password + "-wrong")
    browser.press_and_leave(Keys.ENTER)

    assert browser.path == "/sign-in"
    summary = browser.find(".error-summary")
    assert browser.focused == summary, "the error summary takes focus"
    assert browser.find(".error-summary__title").text == "There is a problem"
    link = browser.find(".error-summary__list a")
    assert link.text == ERROR
    assert link.get_attribute("href").endswith("#username")
    user_name = browser.field("User name")
    assert user_name.get_attribute("value") == officer.username
    assert user_name.get_attribute("aria-describedby") == "username-error"
    assert " ".join(browser.find("#username-error").get_attribute("textContent").split()) == f"Error: {ERROR}"
    browser.press(Keys.TAB)
    assert browser.focused == link
    browser.press(Keys.ENTER)
    assert browser.focused == user_name, "the summary's link takes focus to the field"


def test_signing_out_returns_to_sign_in_and_home_then_asks_to_sign_in(browser, people):
    browser.sign_in(people.exams_officer)
    browser.click("Sign out")
    assert browser.path == "/sign-in"
    assert browser.find(".notice").text == "You have signed out."

    browser.open("/")
    assert browser.path == "/sign-in"
    assert browser.heading == "Sign in to ScriptDesk"
