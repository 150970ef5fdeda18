"""Duplicating a survey: a new draft with its own pages, questions, options and conditions. Flush only."""

from participation.builder.services import unique_slug
from participation.builder.structure import ordered_pages, ordered_questions
from participation.extensions import db
from participation.staff import audit
from participation.surveys.models import Option, Question, Survey, SurveyPage

COPY_SUFFIX = (" (Kopie)", " (copy)")


def duplicate_survey(survey: Survey) -> Survey:
    """A new draft with copies of all pages, questions, options, life areas and show-if conditions."""
    german, english = COPY_SUFFIX
    translations = _copy_translations(survey)
    if translations.get("en", {}).get("title"):
        translations["en"]["title"] = translations["en"]["title"][: 200 - len(english)] + english
    copy = Survey(
        slug=unique_slug(f"{survey.slug[:70]}-kopie"),
        title=survey.title[: 200 - len(german)] + german,
        intro=survey.intro,
        status="draft",
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        access_mode=survey.access_mode,
        locality_id=survey.locality_id,
        demographics_enabled=survey.demographics_enabled,
        translations=translations,
    )
    questions: dict[int, Question] = {}
    options: dict[int, Option] = {}
    for page in ordered_pages(survey):
        new_page = SurveyPage(position=page.position, title=page.title, translations=_copy_translations(page))
        copy.pages.append(new_page)
        for question in ordered_questions(page):
            new_question = _copy_question(question)
            new_page.questions.append(new_question)
            questions[question.id] = new_question
            for option, new_option in zip(question.options, new_question.options, strict=True):
                options[option.id] = new_option
    for page in survey.pages:
        for question in page.questions:
            if question.show_if_question_id is not None:
                questions[question.id].show_if_question = questions[question.show_if_question_id]
                questions[question.id].show_if_options = [options[option.id] for option in question.show_if_options]
    db.session.add(copy)
    db.session.flush()
    audit.record("survey.duplicate", copy, survey_id=copy.id, source_id=survey.id, slug=copy.slug)
    return copy


def _copy_translations(obj) -> dict:
    return {language: dict(texts) for language, texts in (obj.translations or {}).items()}


def _copy_question(question: Question) -> Question:
    columns = (
        "kind", "position", "prompt", "help_text", "required", "min_value", "max_value", "label_min",
        "label_max", "max_choices", "allow_no_answer", "max_length", "unit",
    )
    copy = Question(**{name: getattr(question, name) for name in columns}, translations=_copy_translations(question))
    copy.life_areas = list(question.life_areas)
    copy.options = [
        Option(position=option.position, label=option.label, translations=_copy_translations(option), life_areas=list(option.life_areas))
        for option in question.options
    ]
    return copy
