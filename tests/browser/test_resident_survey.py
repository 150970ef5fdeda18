"""A resident answers the demo survey with the keyboard alone (QUALITY.md: keyboard, errors).

No clicks and no page.fill: focus moves with Tab and Shift+Tab, choices are made with Space and
the arrow keys, text is typed, links and buttons are followed with Enter. Selectors name buttons
by their value (next, back, submit), so the same steps work in German and English. (The last
test, about sending the last page again after going back, clicks: it is not about the keyboard.)
"""

import re

import pytest

SURVEY_INTRO = "/umfragen/digitales-wolmirstedt"
SURVEY_LINK = f'a[href="{SURVEY_INTRO}"]'
START = 'form[action$="/beginnen"] button.primary'
CONTINUE = 'form[action$="/beginnen"] button[name="continue"]'
NEXT = 'button[value="next"]'
BACK = 'button[value="back"]'
SUBMIT = 'button[value="submit"]'


def page_path(number: int) -> str:
    return f"{SURVEY_INTRO}/seite/{number}"


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def checked(page, selector: str) -> bool:
    return page.locator(selector).is_checked()


def value_of(page, selector: str) -> str:
    return page.locator(selector).input_value()


def no_errors(page) -> None:
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert page.locator(".field-error").count() == 0


def open_survey(page, kb) -> None:
    """Start page → survey intro → start: the resident is on page 1."""
    page.goto("/")
    kb.activate(SURVEY_LINK)
    assert path_of(page) == SURVEY_INTRO
    kb.activate(START)
    assert path_of(page) == page_path(1)


def test_resident_completes_the_survey_with_the_keyboard_alone(page, keyboard_user, count_responses):
    kb = keyboard_user(page)
    before = count_responses()
    open_survey(page, kb)
    assert page.locator("html").get_attribute("lang") == "de"

    # Page 1: locality (arrow keys in a radio group) and a single choice.
    no_errors(page)
    kb.tab_to('input[name="q1"]')
    kb.press("Space", "ArrowDown")  # Wolmirstedt, then Elbeu
    assert checked(page, "#q1-2") and not checked(page, "#q1-1")
    kb.tab_to('input[name="q2"]')
    kb.press("ArrowDown", "ArrowDown")  # from DSL (focused, unchecked) to Kabel, then Glasfaser
    assert checked(page, "#q2-3")
    kb.activate(NEXT)
    assert path_of(page) == page_path(2)

    # Page 2: the satisfaction question appears because page 1 named an internet connection.
    no_errors(page)
    assert page.locator('input[name="q3"]').count() == 6
    kb.tab_to('input[name="q3"]')
    kb.press("ArrowDown", "ArrowDown", "ArrowDown")  # scale: 2, 3, 4
    assert checked(page, "#q3-4")
    kb.tab_to('input[name="q4"]')
    kb.press("Space")  # outages: "Nie"
    kb.tab_to('input[name="q5"]')
    kb.press("ArrowUp")  # wraps round to the last choice, "keine Angabe"
    assert page.locator('input[name="q5"]:checked').get_attribute("value") == "na"
    kb.tab_to("#q6-1")
    kb.type("99")  # outside 0 to 20
    with page.expect_navigation():
        kb.press("Enter")  # Enter in a text field sends the form with its first button, "Weiter"

    # The error summary names the field and leads to it; the message is tied to the input.
    assert path_of(page) == page_path(2)
    assert page.title().startswith("Fehler: ")
    summary = page.locator(".error-summary")
    assert summary.locator("a").count() == 1
    assert summary.locator("a").get_attribute("href") == "#q6-1"
    assert "Frage 6" in summary.inner_text()
    kb.tab_to('.error-summary a[href="#q6-1"]')
    kb.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q6-1'")
    field = page.locator("#q6-1")
    assert field.get_attribute("aria-invalid") == "true"
    assert "q6-error" in field.get_attribute("aria-describedby").split()
    assert "0 bis 20" in page.locator("#q6-error").inner_text()
    assert value_of(page, "#q6-1") == "99"  # what was typed is kept
    assert checked(page, "#q3-4") and checked(page, "#q4-1")  # and so are the other answers
    kb.press("Control+A")
    kb.type("3")
    with page.expect_navigation():
        kb.press("Enter")
    assert path_of(page) == page_path(3)

    # Page 3: single choice, scale, two multiple-choice questions (checkboxes with Space).
    no_errors(page)
    kb.tab_to('input[name="q7"]')
    kb.press("Space")
    kb.tab_to('input[name="q8"]')
    kb.press("ArrowDown")  # 2
    kb.tab_to("#q9-1")
    kb.press("Space")
    kb.tab_to("#q9-5")
    kb.press("Space")
    kb.tab_to("#q9-3", backwards=True)  # Shift+Tab back up the list
    kb.press("Space")
    kb.tab_to("#q10-2")
    kb.press("Space")
    assert [checked(page, f"#q9-{n}") for n in range(1, 8)] == [True, False, True, False, True, False, False]
    assert checked(page, "#q10-2")
    kb.activate(NEXT)
    assert path_of(page) == page_path(4)

    # Page 4: ranking with selects (arrow keys change a closed select), matrix rows (radios).
    no_errors(page)
    kb.tab_to("#q11_place1-1")
    kb.press("ArrowDown")  # Telefon
    kb.tab_to("#q11_place2-1")
    kb.press("ArrowDown", "ArrowDown")  # E-Mail
    first_place = page.locator("#q11_place1-1 option:checked").inner_text()
    second_place = page.locator("#q11_place2-1 option:checked").inner_text()
    assert (first_place, second_place) == ("Telefon", "E-Mail")
    rows = page.locator(".matrix fieldset.row")
    first_row = rows.nth(0).locator("input").first.get_attribute("name")
    second_row = rows.nth(1).locator("input").first.get_attribute("name")
    kb.tab_to(f'input[name="{first_row}"]')
    kb.press("Space")  # 1
    kb.press("ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight")  # 5
    kb.tab_to(f'input[name="{second_row}"]')
    kb.press("ArrowLeft")  # wraps round to "k. A."
    assert page.locator(f'input[name="{first_row}"]:checked').get_attribute("value") == "5"
    assert page.locator(f'input[name="{second_row}"]:checked').get_attribute("value") == "na"
    kb.tab_to("#q13_place1-1")
    kb.press("ArrowDown")
    assert page.locator("#q13_place1-1").input_value() != ""
    kb.activate(NEXT)
    assert path_of(page) == page_path(5)

    # Page 5: long text first, then Shift+Tab back to the short text; an age group.
    no_errors(page)
    kb.tab_to("#q15-1")
    kb.type("Schnelles Internet in allen Ortschaften.")
    kb.press("Enter")  # a new line inside the text area, not a submission
    kb.type("Termine online buchen.")
    assert path_of(page) == page_path(5)
    kb.tab_to("#q14-1", backwards=True)
    kb.type("Termin im Bürgerbüro")
    kb.tab_to('input[name="q16"]')
    kb.press("ArrowDown", "ArrowDown")  # "30 bis 44 Jahre"
    assert checked(page, "#q16-3")
    form = {
        name: page.locator(f'#questions input[name="{name}"]').input_value()
        for name in ("csrf_token", "submission_key")
    }
    kb.activate(SUBMIT)

    # The thank-you page says the answers arrived; exactly one response is stored.
    assert path_of(page) == f"{SURVEY_INTRO}/danke"
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Teilnahme!"
    assert "gespeichert" in page.locator("main").inner_text()
    assert count_responses() == before + 1

    # Reloading, going back, or sending the same form again never shows an error nor counts twice.
    response = page.reload()
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Teilnahme!"
    response = page.go_back()
    assert response is None or response.status < 400
    no_errors(page)
    assert not page.title().startswith("Fehler")
    # The same form sent again (a reload of the POST, a double click): the thank-you page again.
    again = page.request.post(
        page_path(5), form={**form, "action": "submit", "q14": "Termin im Bürgerbüro", "q16": "3"}
    )
    assert again.ok, again.status
    assert path_of(again) == f"{SURVEY_INTRO}/danke"
    assert "Vielen Dank für Ihre Teilnahme!" in again.text()
    assert count_responses() == before + 1


def test_errors_on_page_one_are_summarised_and_linked_to_their_fields(page, keyboard_user):
    kb = keyboard_user(page)
    open_survey(page, kb)
    kb.activate(NEXT)  # nothing answered

    assert path_of(page) == page_path(1)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # At the top: before the form, first thing after the page heading and progress.
    assert page.evaluate(
        "() => !!(document.querySelector('.error-summary').compareDocumentPosition("
        "document.querySelector('#questions')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#q1-1", "#q2-1"]
    for number, question in ((1, "q1"), (2, "q2")):
        assert f"Frage {number}" in links.nth(number - 1).inner_text()
        group = page.locator(f"fieldset:has(#{question}-1)")
        assert f"{question}-error" in group.get_attribute("aria-describedby").split()
        assert page.locator(f"#{question}-error").inner_text().endswith("Bitte beantworten Sie diese Frage.")

    kb.tab_to('.error-summary a[href="#q2-1"]')
    kb.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q2-1'")
    # From the field, the resident answers at once and goes on.
    kb.press("Space")
    kb.tab_to('input[name="q1"]', backwards=True)
    kb.press("Space")
    kb.activate(NEXT)
    assert path_of(page) == page_path(2)


def test_going_back_and_forward_keeps_the_answers(page, keyboard_user):
    kb = keyboard_user(page)
    open_survey(page, kb)
    kb.tab_to('input[name="q1"]')
    kb.press("ArrowDown", "ArrowDown")  # Farsleben
    kb.tab_to('input[name="q2"]')
    kb.press("Space")  # DSL
    kb.activate(NEXT)
    kb.tab_to('input[name="q5"]')
    kb.press("ArrowDown")  # 2
    kb.tab_to("#q6-1")
    kb.type("4")

    # The form's own "Zurück" button keeps this page's answers and those of the page before.
    kb.activate(BACK)
    assert path_of(page) == page_path(1)
    assert checked(page, "#q1-3") and checked(page, "#q2-1")
    kb.activate(NEXT)
    assert path_of(page) == page_path(2)
    assert checked(page, "#q5-2") and value_of(page, "#q6-1") == "4"

    # The browser's back and forward buttons show the same answers.
    page.go_back()
    assert path_of(page) == page_path(1)
    assert checked(page, "#q1-3") and checked(page, "#q2-1")
    page.go_forward()
    assert path_of(page) == page_path(2)
    assert checked(page, "#q5-2") and value_of(page, "#q6-1") == "4"

    # Back from page 1 leads to the intro, which offers to continue where the resident left off.
    kb.activate(BACK)
    kb.activate(BACK)
    assert path_of(page) == SURVEY_INTRO
    kb.activate(CONTINUE)
    assert path_of(page) == page_path(1)
    assert checked(page, "#q1-3")

    # Without an internet connection the satisfaction and outage questions are not asked.
    kb.tab_to("#q2-1")
    kb.press("ArrowUp")  # wraps round to "Ich habe keinen Internetanschluss"
    assert checked(page, "#q2-5")
    kb.activate(NEXT)
    assert path_of(page) == page_path(2)
    assert page.locator('input[name="q3"]').count() == 0
    assert page.locator('input[name="q4"]').count() == 0
    assert checked(page, "#q5-2") and value_of(page, "#q6-1") == "4"


def test_language_switch_works_without_javascript(new_context, keyboard_user):
    page = new_context(java_script_enabled=False).new_page()
    kb = keyboard_user(page)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    kb.activate('header a[hreflang="en"]')
    assert path_of(page) == "/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(SURVEY_LINK).inner_text() == "How digital is Wolmirstedt? Your opinion counts"

    kb.activate(SURVEY_LINK)
    assert page.locator("h1").inner_text() == "How digital is Wolmirstedt? Your opinion counts"
    kb.activate(START)
    assert path_of(page) == page_path(1)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Where you live and your connection"
    kb.tab_to('input[name="q1"]')
    kb.press("Space")
    kb.tab_to('input[name="q2"]')
    kb.press("ArrowDown")  # Cable
    assert page.locator('label[for="q2-2"]').inner_text() == "Cable (TV cable)"
    kb.activate(NEXT)
    assert path_of(page) == page_path(2)
    assert page.locator("h1").inner_text() == "Internet and mobile reception"

    # Back to German on the same page, answers still there.
    kb.activate('header a[hreflang="de"]')
    assert path_of(page) == page_path(2)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Internet und Mobilfunk"
    kb.activate(BACK)
    assert checked(page, "#q1-1") and checked(page, "#q2-2")


def test_going_back_after_sending_leads_to_the_thanks_not_a_second_form(page, fill_survey_page, count_responses):
    before = count_responses()
    page.goto(SURVEY_INTRO)
    with page.expect_navigation():
        page.locator(START).click()
    for number in range(1, 6):
        fill_survey_page(page, number)
        with page.expect_navigation():
            page.locator(SUBMIT if number == 5 else NEXT).click()
    assert path_of(page) == f"{SURVEY_INTRO}/danke"
    assert count_responses() == before + 1

    page.go_back()
    assert path_of(page) == f"{SURVEY_INTRO}/danke"
    no_errors(page)
    assert count_responses() == before + 1
