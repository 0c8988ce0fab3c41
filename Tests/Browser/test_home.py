"""The home page for each role."""


def test_a_teacher_sees_teaching_copies_but_not_priority_copies(browser, people):
    teacher = people.teacher
    browser.sign_in(teacher)
    assert browser.heading == "Post-results services"
    assert teacher.centre_name in browser.find(".caption").text
    assert "Copies of scripts for teaching" in browser.text
    assert "Priority copies of scripts" not in browser.text
    assert "Results" not in [link.text for link in browser.find_all(".header__nav a")]
