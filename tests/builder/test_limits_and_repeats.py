"""Limits of a survey's size, each with a clear message at its field and the input kept; and create
forms carried out once: a double click on "Umfrage kopieren" (or a reload, or a retry of any other
"anlegen") makes one copy, page, question or option."""

import re
import threading

from sqlalchemy import func, select

from participation.builder import services
from participation.builder.structure import MAX_OPTIONS, MAX_OPTIONS_PER_SURVEY, MAX_QUESTIONS_PER_PAGE, option_count
from participation.builder.view_helpers import create_once
from participation.extensions import db
from participation.surveys.models import Option, Question, Survey, SurveyPage
from tests.builder.editing import BASE, field_error

OTHER_ANSWERS = "\n".join(f"Antwort {number}" for number in range(2))


def count(model, *where) -> int:
    db.session.commit()  # a fresh transaction sees what requests and threads committed meanwhile
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def form_key(html: str, action: str) -> str:
    """The form key of the form posting to `action`, as a browser would send it."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)
    assert form, f"no form for {action}"
    return re.search(r'name="form_key" value="([^"]+)"', form.group(0)).group(1)


def own_form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def fill_with_questions(survey: Survey, page: SurveyPage, number: int, options: int = 0, kind: str = "single") -> None:
    """Questions straight through the services (quicker than forms, same rules)."""
    labels = [(f"Antwort {index}", "") for index in range(options)]
    for index in range(number):
        services.add_question(survey, page, kind, {"prompt": f"Frage {index}"}, labels, [])
    db.session.commit()


# Create forms carried out once


def test_a_double_click_on_copy_makes_one_copy(editor):
    survey = editor.create_survey("Radwege")
    action = f"{BASE}/{survey.id}/kopieren"
    key = form_key(editor.get(f"{BASE}/{survey.id}").get_data(as_text=True), action)
    first = editor.post(action, {"form_key": key})
    second = editor.post(action, {"form_key": key})
    assert first.status_code == second.status_code == 302
    assert first.location == second.location  # the second click shows the copy the first one made
    assert count(Survey, Survey.title == "Radwege (Kopie)") == 1
    # The copy's page offers a new key: copying it again is a new, deliberate copy.
    page = editor.get(first.location).get_data(as_text=True)
    assert form_key(page, first.location + "/kopieren") != key


def test_every_create_form_of_the_builder_makes_one_thing_however_often_it_is_sent(editor):
    html = editor.get(f"{BASE}/neu").get_data(as_text=True)
    data = {"title": "Spielplätze", "access_mode": "open", "locality": "", "form_key": own_form_key(html)}
    surveys = {editor.post(f"{BASE}/neu", data).location for _ in range(2)}
    assert len(surveys) == 1 and count(Survey, Survey.title == "Spielplätze") == 1
    survey_id = int(surveys.pop().rsplit("/", 1)[1])

    action = f"{BASE}/{survey_id}/seiten"
    key = form_key(editor.get(f"{BASE}/{survey_id}").get_data(as_text=True), action)
    pages = {editor.post(action, {"title": "Zweite Seite", "form_key": key}).location for _ in range(3)}
    assert len(pages) == 1 and count(SurveyPage, SurveyPage.survey_id == survey_id) == 2

    page = db.session.scalars(select(SurveyPage).where(SurveyPage.survey_id == survey_id, SurveyPage.position == 0)).one()
    action = f"{BASE}/{survey_id}/seiten/{page.id}/fragen/neu?art=single"
    key = own_form_key(editor.get(action).get_data(as_text=True))
    data = {"prompt": "Welcher Spielplatz?", "option_lines": "Am Schloss\nAn der Elbe", "form_key": key}
    questions = {editor.post(action, data).location for _ in range(2)}
    assert len(questions) == 1 and count(Question, Question.page_id == page.id) == 1

    question = db.session.scalars(select(Question).where(Question.page_id == page.id)).one()
    action = f"{BASE}/{survey_id}/fragen/{question.id}/optionen"
    key = form_key(editor.get(f"{BASE}/{survey_id}/fragen/{question.id}").get_data(as_text=True), action)
    options = {editor.post(action, {"option-label": "Im Park", "form_key": key}).location for _ in range(2)}
    assert len(options) == 1 and count(Option, Option.question_id == question.id) == 3


def test_a_form_that_comes_back_with_a_message_keeps_its_key_and_then_makes_one(editor):
    survey = editor.create_survey()
    page = survey.pages[0]
    action = f"{BASE}/{survey.id}/seiten/{page.id}/fragen/neu?art=single"
    key = own_form_key(editor.get(action).get_data(as_text=True))
    response = editor.post(action, {"prompt": "", "option_lines": "a\nb", "form_key": key})
    assert response.status_code == 422 and own_form_key(editor.html) == key
    for _ in range(2):
        editor.post(action, {"prompt": "Jetzt richtig?", "option_lines": "a\nb", "form_key": key})
    assert count(Question, Question.page_id == page.id) == 1


def test_a_post_without_a_form_key_still_works(editor):
    survey = editor.create_survey()
    for _ in range(2):
        assert editor.post(f"{BASE}/{survey.id}/seiten", {"title": "Ohne Schlüssel"}).status_code == 302
    assert count(SurveyPage, SurveyPage.survey_id == survey.id) == 3


def test_two_posts_of_one_form_at_the_same_moment_make_one_page(app, editor):
    """On PostgreSQL both requests run at once and the key's primary key decides; on SQLite the
    second waits for the first's write lock and finds its result."""
    survey = editor.create_survey()
    barrier, results, errors = threading.Barrier(4), [], []

    def post_once():
        try:
            with app.test_request_context(f"{BASE}/{survey.id}/seiten", method="POST", data={"form_key": "k" * 24}):
                barrier.wait(timeout=10)
                loaded = db.session.get(Survey, survey.id)
                results.append(create_once(f"page:{survey.id}", lambda: services.add_page(loaded, {"title": "Neu"}),
                                           lambda _page: survey.id))
                db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below, with the thread's own traceback lost otherwise
            errors.append(error)

    threads = [threading.Thread(target=post_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(results) == 4 and len(set(results)) == 1
    assert count(SurveyPage, SurveyPage.survey_id == survey.id) == 2


# Limits


def test_options_added_one_by_one_stop_at_the_limit_with_a_message_and_the_input_kept(editor):
    survey = editor.create_survey()
    limit = MAX_OPTIONS["single"]
    fill_with_questions(db.session.get(Survey, survey.id), db.session.get(Survey, survey.id).pages[0], 1, limit - 1)
    question = db.session.scalars(select(Question).where(Question.page_id == survey.pages[0].id)).one()
    action = f"{BASE}/{survey.id}/fragen/{question.id}/optionen"
    assert editor.post(action, {"option-label": "Die letzte"}).status_code == 302
    assert count(Option, Option.question_id == question.id) == limit
    page = editor.get(f"{BASE}/{survey.id}/fragen/{question.id}").get_data(as_text=True)
    assert f"Diese Frage kann höchstens {limit} Antwortmöglichkeiten haben." in page
    assert f'action="{action}"' not in page  # the form that can no longer succeed is not offered
    response = editor.post(action, {"option-label": "Eine zu viel"})
    assert response.status_code == 422
    assert field_error(editor.html, "option-label") == f"Diese Frage kann höchstens {limit} Antwortmöglichkeiten haben."
    assert "Eine zu viel" in editor.html
    assert count(Option, Option.question_id == question.id) == limit


def test_a_matrix_has_at_most_its_rows_and_says_so_in_english_too(editor):
    survey = editor.create_survey()
    rows = "\n".join(f"Zeile {number}" for number in range(MAX_OPTIONS["matrix"] + 1))
    action = f"{BASE}/{survey.id}/seiten/{survey.pages[0].id}/fragen/neu?art=matrix"
    data = {"prompt": "Wie wichtig?", "min_value": "1", "max_value": "5", "option_lines": rows}
    assert editor.post(action, data).status_code == 422
    assert field_error(editor.html, "option_lines") == f"Eine Matrix kann höchstens {MAX_OPTIONS['matrix']} Zeilen haben."
    assert "Zeile 20" in editor.html
    response = editor.client.post(action, data={"csrf_token": editor.token, **data}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert f"A matrix can have no more than {MAX_OPTIONS['matrix']} rows." in response.get_data(as_text=True)


def test_a_full_page_takes_no_further_question(editor):
    survey = editor.create_survey()
    page_id = survey.pages[0].id
    loaded = db.session.get(Survey, survey.id)
    fill_with_questions(loaded, loaded.pages[0], MAX_QUESTIONS_PER_PAGE, kind="short_text")
    action = f"{BASE}/{survey.id}/seiten/{page_id}/fragen/neu?art=short_text"
    message = f"Auf einer Seite können höchstens {MAX_QUESTIONS_PER_PAGE} Fragen stehen. Bitte legen Sie eine weitere Seite an."
    response = editor.get(action)
    assert response.status_code == 409 and message in editor.html
    response = editor.post(action, {"prompt": "Noch eine Frage, die ich nicht verlieren will"})
    assert response.status_code == 422 and field_error(editor.html, "prompt") == message
    assert "Noch eine Frage, die ich nicht verlieren will" in editor.html
    # Moving a question from the next page onto the full one is refused the same way.
    second = editor.add_page(survey)
    moved = editor.add_question(survey, second, "short_text", "Von Seite 2")
    response = editor.post(f"{BASE}/{survey.id}/fragen/{moved.id}/verschieben", {"direction": "up"})
    assert response.status_code == 409 and message in editor.html
    assert count(Question, Question.page_id == page_id) == MAX_QUESTIONS_PER_PAGE


def test_the_whole_survey_has_a_limit_of_options(editor):
    survey = editor.create_survey()
    loaded = db.session.get(Survey, survey.id)
    per_question = MAX_OPTIONS["single"]
    pages = MAX_OPTIONS_PER_SURVEY // per_question // MAX_QUESTIONS_PER_PAGE + 1
    for _ in range(pages):
        services.add_page(loaded, {"title": ""})
    for page in sorted(loaded.pages, key=lambda page: page.position):
        room = MAX_OPTIONS_PER_SURVEY // per_question - sum(len(p.questions) for p in loaded.pages)
        fill_with_questions(loaded, page, min(room, MAX_QUESTIONS_PER_PAGE), per_question)
    assert option_count(loaded) == MAX_OPTIONS_PER_SURVEY
    last_page = sorted(loaded.pages, key=lambda page: page.position)[-1]
    action = f"{BASE}/{survey.id}/seiten/{last_page.id}/fragen/neu?art=single"
    assert editor.post(action, {"prompt": "Eine mehr?", "option_lines": OTHER_ANSWERS}).status_code == 422
    assert field_error(editor.html, "option_lines") == (
        f"Eine Umfrage kann insgesamt höchstens {MAX_OPTIONS_PER_SURVEY} Antwortmöglichkeiten und Matrixzeilen haben."
    )


def test_pages_stop_at_their_limit_with_the_message_at_the_heading(editor):
    survey = editor.create_survey()
    loaded = db.session.get(Survey, survey.id)
    while len(loaded.pages) < services.MAX_PAGES:
        services.add_page(loaded, {"title": ""})
    db.session.commit()
    response = editor.post(f"{BASE}/{survey.id}/seiten", {"title": "Seite zu viel"})
    assert response.status_code == 422
    assert field_error(editor.html, "title") == f"Eine Umfrage kann höchstens {services.MAX_PAGES} Seiten haben."
    assert 'value="Seite zu viel"' in editor.html
