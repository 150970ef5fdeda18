"""A Zukunftswerkstatt in the browser: the facilitator starts a workshop and shows its code;
phones (with and without JavaScript, German and English, 320 px, one by keyboard alone) join,
post cards and give dots; the projector (1280 × 720) refreshes by itself and can be paused; the
facilitator groups the cards into topics and hands them to the idea board. axe-core finds
nothing on any of these pages."""

import re

from tests.browser.staff import create_staff, log_in
from tests.browser.test_accessibility import Checker

DESK = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}


def press(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def no_horizontal_scrolling(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (label, width)


def _join(page, code: str) -> None:
    page.goto("/mitmachen")
    page.fill("#code", f"{code[:4]} {code[4:]}")
    press(page, "form button.primary")
    assert re.search(r"/werkstatt/\d+$", page.url), page.url


def _control(page, action: str) -> None:
    press(page, f'form[action$="/{action}"] button')


def test_a_workshop_room_posts_cards_and_votes_while_the_projector_follows(new_context, axe, live_server_database):
    email = create_staff(live_server_database, "moderatorin@werkstatt.example", "organiser")
    facilitator = new_context(viewport=DESK).new_page()
    checker = Checker(facilitator, axe, "de")
    log_in(facilitator, email)
    facilitator.goto("/verwaltung/gruppen/neu")
    facilitator.fill("#name", "Zukunftswerkstatt Mose")
    facilitator.check('input[name="kind"][value="workshop"]')
    facilitator.select_option("#locality", label="Mose")
    press(facilitator, "form button.primary")
    facilitator.fill("#werkstatt-title", "Digitales Mose")
    facilitator.fill("#werkstatt-max_dots_per_card", "2")
    press(facilitator, 'form[action$="/werkstatt/neu"] button.primary')
    checker.check("a new workshop")
    workshop_url = facilitator.url
    code = re.sub(r"\s", "", facilitator.locator(".join-code").first.inner_text())
    _control(facilitator, "sammeln")
    checker.check("collecting")

    projector = new_context(viewport=DESK).new_page()
    projector_checker = Checker(projector, axe, "de")
    log_in(projector, email)
    projector.goto(workshop_url + "/projektor")
    projector_checker.check("the projector, collecting")
    toggle = projector.locator("[data-refresh-toggle]")
    assert toggle.is_visible() and toggle.inner_text() == "Aktualisieren anhalten"
    no_horizontal_scrolling(projector, "projector")
    assert projector.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 24

    # Without JavaScript nothing can be evaluated in the page (axe, widths): that phone only acts.
    phones = [
        (new_context(), "de", True, "Das Internet in Mose ist abends zu langsam"),
        (new_context(java_script_enabled=False), "de", False, "Der Bus nach Wolmirstedt fährt zu selten"),
        (new_context(viewport=NARROW), "en", True, "Kein WLAN im Dorfgemeinschaftshaus"),
    ]
    pages = []
    for context, language, inspect, text in phones:
        phone = context.new_page()
        phone_checker = Checker(phone, axe, "de")
        phone.goto("/mitmachen")
        if language == "en":
            press(phone, 'header a[hreflang="en"]')
            phone_checker.language = "en"
        _join(phone, code)
        if inspect:
            phone_checker.check("the phone's page, collecting")
            no_horizontal_scrolling(phone, "phone collecting")
        phone.fill("#text", text)
        press(phone, 'form[action*="/karte"] button.primary')
        assert phone.url.endswith("#karte-schreiben") and phone.locator(".flash .field-error").count() == 0
        assert phone.locator(".flash").count() == 1, "the card arrived (in either language)"
        if inspect:
            phone_checker.check("the phone after posting a card")
        pages.append((phone, phone_checker, inspect))
    # The projector shows the new cards by itself.
    projector.locator(".sticky-text", has_text="Kein WLAN im Dorfgemeinschaftshaus").wait_for(timeout=15_000)
    toggle.click()
    assert toggle.inner_text() == "Aktualisieren fortsetzen"
    assert "Angehalten" in projector.locator("[data-refresh-status]").inner_text()
    projector_checker.check("the projector, paused")

    # A fourth phone, by keyboard alone.
    keyboard = new_context().new_page()
    _join(keyboard, code)
    keyboard.focus("#text")
    keyboard.keyboard.type("Formulare der Stadt nur auf Papier")
    keyboard.keyboard.press("Tab")
    with keyboard.expect_navigation():
        keyboard.keyboard.press("Enter")
    assert "Ihre Karte hängt an der Wand" in keyboard.content()
    projector.wait_for_timeout(6_000)
    assert projector.locator(".sticky-text", has_text="Formulare der Stadt").count() == 0, "paused means paused"
    toggle.click()
    projector.locator(".sticky-text", has_text="Formulare der Stadt").wait_for(timeout=15_000)

    facilitator.reload()
    _control(facilitator, "sammeln")
    _control(facilitator, "punktabfrage")
    checker.check("dot voting on the facilitator's page")
    for phone, phone_checker, inspect in pages:
        phone.reload()
        if inspect:
            phone_checker.check("the phone, voting")
            no_horizontal_scrolling(phone, "phone voting")
        press(phone, 'form[action$="/punkt"] button')
        press(phone, 'form[action$="/punkt"] button')
        if inspect:
            phone_checker.check("the phone after two dots")
        assert phone.locator('form[action$="/punkt/zurueck"]').count() >= 1
        assert not phone_checker.reports, "\n".join(phone_checker.reports)
    _control(facilitator, "punktabfrage")
    projector.reload()
    projector_checker.check("the projector with the dots")
    assert projector.locator(".sticky-dots").first.inner_text() == "6 Punkte"

    facilitator.goto(workshop_url)
    press(facilitator, 'a[href$="/themen"]')
    checker.check("topics")
    facilitator.fill("#title", "Internet und WLAN")
    press(facilitator, 'form[action$="/themen/neu"] button')
    checker.check("topics with one topic")
    press(facilitator, 'a[href*="/themen/"]:has-text("Bearbeiten")')
    checker.check("a topic")
    facilitator.locator('input[name="life_areas"]').nth(1).check()
    press(facilitator, "form button.primary")
    facilitator.goto(workshop_url + "/ideen")
    checker.check("hand-over")
    facilitator.locator('input[name="cards"]').first.check()
    facilitator.select_option("#life_area", index=2)
    press(facilitator, "form button.primary")
    assert "jetzt eine Idee" in facilitator.content()
    facilitator.goto(workshop_url + "/einstellungen")
    checker.check("settings")
    assert not checker.reports, "\n".join(checker.reports)
    assert not projector_checker.reports, "\n".join(projector_checker.reports)
