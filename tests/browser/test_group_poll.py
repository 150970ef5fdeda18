"""A class answers a group poll on their phones, the way it happens in a classroom: the teacher
opens a poll from a template and shows the code; phones (with and without JavaScript, German and
English, 320 px) type it in and answer; the teacher's page counts them by itself; the teacher
closes the poll and shows the protected result on the projector (1280 × 720). axe-core finds
nothing on any of these pages."""

import re

from tests.browser.staff import create_staff, log_in
from tests.browser.test_accessibility import Checker

DESK = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}


def press(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def answer_poll(page, code: str) -> None:
    page.goto("/mitmachen")
    page.fill("#code", f"{code[:4]} {code[4:]}")
    press(page, "form button.primary")
    assert "/umfragen/gruppe-" in page.url, page.url
    press(page, 'form[action$="/beginnen"] button.primary')
    for group in page.locator("fieldset").all():
        choice = group.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
    press(page, 'button[value="submit"]')
    assert page.url.endswith("/danke"), page.url


def no_horizontal_scrolling(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (label, width)


def test_a_class_answers_a_group_poll_and_the_teacher_projects_the_result(new_context, axe, live_server_database):
    email = create_staff(live_server_database, "klassenlehrer@schule.example", "organiser")
    teacher = new_context(viewport=DESK).new_page()
    checker = Checker(teacher, axe, "de")
    log_in(teacher, email)
    teacher.goto("/verwaltung/gruppen/")
    checker.check("organiser's groups")
    press(teacher, 'a[href$="/verwaltung/gruppen/neu"]')
    teacher.fill("#name", "Klasse 8a, Gemeinschaftsschule")
    teacher.check('input[name="kind"][value="school_class"]')
    teacher.select_option("#locality", label="Glindenberg")
    press(teacher, "form button.primary")
    checker.check("a group")
    press(teacher, 'form[action$="/umfragen/neu"] button.primary')
    checker.check("a draft poll")
    press(teacher, 'form[action$="/status"] button.primary')
    checker.check("an open poll")
    code = re.sub(r"\s", "", teacher.locator(".join-code").inner_text())
    assert re.fullmatch(r"\d{8}", code)

    # Without JavaScript nothing can be evaluated in the page (axe, widths): that phone only answers.
    phones = [
        (new_context(), "de", True),
        (new_context(java_script_enabled=False), "de", False),
        (new_context(viewport=NARROW), "en", True),  # a German browser; English is chosen on the site
    ]
    for number, (context, language, inspect) in enumerate(phones):
        phone = context.new_page()
        phone_checker = Checker(phone, axe, "de")
        phone.goto("/mitmachen")
        if language == "en":
            press(phone, 'header a[hreflang="en"]')
            phone_checker.language = "en"
        if inspect:
            phone_checker.check("join form")
            no_horizontal_scrolling(phone, "join form")
        answer_poll(phone, code)
        if inspect:
            phone_checker.check("thanks after a group poll")
            no_horizontal_scrolling(phone, "thanks")
        assert not phone_checker.reports, "\n".join(phone_checker.reports)
        if number == 0:
            # The teacher's page counts by itself (short polling while visible).
            teacher.locator("[data-count]").filter(has_text="1").wait_for(timeout=15_000)

    for _ in range(3):
        answer_poll(new_context().new_page(), code)
    press(teacher, 'form[action$="/status"] button.primary')
    assert "Ergebnis" in teacher.content()
    press(teacher, 'a[href$="/ergebnis"]')
    checker.check("the poll's result")
    assert "Teilgenommen haben 6 Personen." in teacher.content()
    teacher.goto(teacher.url.replace("/ergebnis", "/projektor"))
    checker.check("the result on the projector")
    no_horizontal_scrolling(teacher, "projector")
    assert teacher.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 24
    assert not checker.reports, "\n".join(checker.reports)


def open_poll_as_teacher(new_context, live_server_database, email: str) -> str:
    """A teacher (by mouse) makes and opens a poll; its code."""
    create_staff(live_server_database, email, "organiser")
    teacher = new_context(viewport=DESK).new_page()
    log_in(teacher, email)
    teacher.goto("/verwaltung/gruppen/neu")
    teacher.fill("#name", "AG Digitales")
    teacher.check('input[name="kind"][value="club"]')
    press(teacher, "form button.primary")
    teacher.check('input[name="template"][value="club_digital_needs"]')
    press(teacher, 'form[action$="/umfragen/neu"] button.primary')
    press(teacher, 'form[action$="/status"] button.primary')
    return re.sub(r"\s", "", teacher.locator(".join-code").inner_text())


ANSWER_BY_KEYBOARD = """() => {
    const el = document.activeElement;
    if (!el || !el.matches("input[type=radio], input[type=checkbox]")) return "move";
    const group = document.querySelectorAll(`input[name="${el.name}"]:checked`);
    return group.length ? "move" : "choose";
}"""


def test_a_participant_joins_and_answers_with_the_keyboard_alone(new_context, keyboard_user, live_server_database):
    code = open_poll_as_teacher(new_context, live_server_database, "vorsitz@verein.example")
    phone = new_context().new_page()
    kb = keyboard_user(phone)
    phone.goto("/mitmachen")
    kb.tab_to("#code")
    kb.type(code)
    with phone.expect_navigation():
        kb.press("Enter")
    assert "/umfragen/gruppe-" in phone.url, phone.url
    kb.activate('form[action$="/beginnen"] button.primary')
    # Tab through the page; on each question not answered yet, Space picks the focused choice.
    for _ in range(80):
        kb.press("Tab")
        if kb.is_focused('button[value="submit"]'):
            break
        if phone.evaluate(ANSWER_BY_KEYBOARD) == "choose":
            kb.press("Space")
    else:
        raise AssertionError("Tab never reached the send button")
    with phone.expect_navigation():
        kb.press("Enter")
    assert phone.url.endswith("/danke"), phone.url
