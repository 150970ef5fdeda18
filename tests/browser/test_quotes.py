"""Free-text moderation in the browser: axe-core finds no WCAG 2.1 A/AA violation, in German and
English; the pages reflow on a phone; a quote can be chosen with the keyboard alone."""

import pytest

from tests.browser.staff import create_staff, log_in, run_in_server_database
from tests.browser.test_accessibility import AXE_OPTIONS, Checker, press

SLUG = "freitext-im-browser"
#: Runs inside the live server's database: a closed survey with text answers from two localities.
SETUP = f"""
from sqlalchemy import select
from wsgi import app
from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.models import Question, Survey, SurveyPage
from participation.surveys.records import Answer, Response

with app.app_context():
    if db.session.scalars(select(Survey).where(Survey.slug == "{SLUG}")).first() is None:
        localities = {{item.slug: item.id for item in db.session.scalars(select(Locality))}}
        survey = Survey(slug="{SLUG}", title="Freitext im Browser", status="closed")
        page = SurveyPage(position=0, title="")
        page.questions.append(Question(position=0, kind="long_text", prompt="Was wünschen Sie sich?"))
        survey.pages.append(page)
        db.session.add(survey)
        db.session.flush()
        question = page.questions[0]
        texts = [("elbeu", f"Mehr Busse am Abend, Wunsch {{number}}. Schreiben Sie an a.b@web.de") for number in range(12)]
        texts += [("mose", f"Schnelles Internet auch in Mose ({{number}}), ruft an: 0171 1234567") for number in range(10)]
        for slug, text in texts:
            response = Response(survey_id=survey.id, locality_id=localities[slug], channel="web")
            response.answers.append(Answer(question_id=question.id, text_value=text))
            db.session.add(response)
        db.session.commit()
    print(db.session.scalars(select(Survey.id).where(Survey.slug == "{SLUG}")).one())
"""


@pytest.fixture(scope="module")
def moderation(_live_server):
    """(e-mail, survey id) of a moderator and a closed survey with text answers."""
    email = create_staff(_live_server.database_path, "moderation@example.org", "moderator")
    output = run_in_server_database(_live_server.database_path, SETUP)
    return email, int(output.strip().splitlines()[-1])


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_axe_violations_on_the_moderation_pages(new_context, axe, moderation, language):
    email, survey_id = moderation
    page = new_context().new_page()
    checker = Checker(page, axe, language)
    if language == "en":
        page.goto("/")
        press(page, 'header a[hreflang="en"]')
    log_in(page, email)
    checker.check("dashboard")
    press(page, 'a[href="/verwaltung/freitext/"]')
    checker.check("free-text index")
    press(page, f'a[href^="/verwaltung/freitext/{survey_id}/fragen/"]')
    assert page.locator("blockquote").count() == 20  # the first page of 22
    assert "a.b@web.de" not in page.content() and "1234567" not in page.content()
    checker.check("answers")
    press(page, "li.quote:first-child a[href*='/zitat?antwort=']")
    checker.check("choose a quote")
    page.fill("#text", "")
    press(page, "form button.primary")
    assert page.locator(".error-summary").count() == 1
    checker.check("choose a quote with an error")
    page.fill("#text", "Mehr Busse am Abend.")
    press(page, "form button.primary")
    assert page.locator(".card.quote blockquote").first.inner_text() == "Mehr Busse am Abend."
    checker.check("answers with a chosen quote")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scrolling on a phone: {width}"
    press(page, "form[action$='/zitate/entfernen'] button")
    assert page.locator(".card.quote blockquote").first.inner_text() != "Mehr Busse am Abend."
    assert not checker.reports, "\n".join(checker.reports)


def test_a_quote_is_chosen_with_the_keyboard_alone(new_context, keyboard_user, moderation):
    email, survey_id = moderation
    page = new_context().new_page()
    log_in(page, email)
    page.goto(f"/verwaltung/freitext/")
    user = keyboard_user(page)
    user.activate(f'a[href^="/verwaltung/freitext/{survey_id}/fragen/"]')
    href = page.locator("li.quote", has_text="Wunsch").first.locator("a").get_attribute("href")
    user.activate(f'a[href="{href}"]')
    user.tab_to("#text")
    user.press("Control+a")
    user.type("Busse auch am Sonntag")
    user.tab_to("input[name=scope]:checked")
    user.press("ArrowDown")  # from the whole town to Elbeu
    user.activate("form button.primary")
    quote = page.locator(".card.quote").first
    assert quote.locator("blockquote").inner_text() == "Busse auch am Sonntag"
    assert "Elbeu" in quote.inner_text()
    user.activate("form[action$='/zitate/entfernen'] button")
    assert "Busse auch am Sonntag" not in page.content()
