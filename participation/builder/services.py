"""Changes to surveys, their pages, questions and options. Flush, never commit; every change is audited.

While a survey is a draft everything may change. Once it has opened, only wording may change
(titles, intro, prompts, help texts, scale labels, units, option labels and their English
versions), and each such fix is logged with its text before and after. Every change of pages,
questions or options gives the survey a new `structure_version`, so cached plans are rebuilt.
"""

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Mapping

from participation.builder import queries
from participation.builder.structure import (
    CONDITION_KINDS,
    MAX_OPTIONS_PER_SURVEY,
    MAX_PAGES,
    MAX_QUESTIONS,
    MAX_QUESTIONS_PER_PAGE,
    Problem,
    broken_conditions,
    dependents,
    max_options,
    option_count,
    opening_problems,
    ordered_pages,
    ordered_questions,
    question_numbers,
    renumber,
)
from participation.extensions import db
from participation.staff import audit
from participation.surveys import storage_order
from participation.surveys.models import Option, Question, Survey, SurveyPage

#: Columns that hold wording; they (and their English versions, "<name>_en") stay editable after opening.
WORDING = {"title", "intro", "prompt", "help_text", "label_min", "label_max", "unit", "label"}
TRANSITIONS = {"draft": ("open",), "open": ("closed",)}


class BuilderError(Exception):
    """A change that must not happen; `field` names the form field it belongs to, if any."""

    def __init__(self, code: str, field: str | None = None, problems: list[Problem] | None = None, **params):
        super().__init__(code)
        self.code = code
        self.field = field
        self.problems = problems or []
        self.params = params


def require_draft(survey: Survey) -> None:
    if survey.status != "draft":
        raise BuilderError("frozen")


def _touch(survey: Survey) -> None:
    survey.structure_version = uuid.uuid4().hex


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_wording(key: str) -> bool:
    return key.removesuffix("_en") in WORDING


def _apply(obj, values: Mapping[str, object]) -> tuple[dict, dict]:
    """Set columns and English texts ("<name>_en") and life areas; return (before, after) of what changed."""
    before, after = {}, {}
    english = dict((obj.translations or {}).get("en", {}))
    english_changed = False
    for key, value in values.items():
        if key == "life_areas":
            old = [area.slug for area in obj.life_areas]
            if {area.id for area in obj.life_areas} != {area.id for area in value}:
                obj.life_areas = list(value)
                before[key], after[key] = old, [area.slug for area in value]
        elif key.endswith("_en"):
            name, new = key[:-3], value or ""
            old = english.get(name, "")
            if old != new:
                if new:
                    english[name] = new
                else:
                    english.pop(name, None)
                english_changed = True
                before[key], after[key] = old, new
        else:
            old = getattr(obj, key)
            if old != value:
                setattr(obj, key, value)
                before[key], after[key] = _jsonable(old), _jsonable(value)
    if english_changed:
        translations = {language: texts for language, texts in (obj.translations or {}).items() if language != "en"}
        if english:
            translations["en"] = english
        obj.translations = translations  # a new dict, so the JSON column is written
    return before, after


def _update(survey: Survey, obj, values: Mapping[str, object], action: str) -> bool:
    """Apply `values` to `obj` of `survey`; after opening only wording, logged as a wording fix."""
    if survey.status != "draft" and not all(_is_wording(key) for key in values):
        raise BuilderError("frozen")
    before, after = _apply(obj, values)
    if not after:
        return False
    if survey.status != "draft":
        action = "survey.wording_fix"
    if obj is not survey:
        _touch(survey)
    audit.record(action, obj, survey_id=survey.id, before=before, after=after)
    db.session.flush()
    return True


def _life_areas(ids) -> list:
    ids = list(ids or [])
    areas = queries.get_life_areas(ids)
    if len(areas) != len(set(ids)):
        raise BuilderError("unknown_life_area", field="life_areas")
    return areas


def _slugify(title: str) -> str:
    text = title.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].rstrip("-") or "umfrage"


def unique_slug(base: str, except_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever no other survey has."""
    slug, number = base, 2
    while queries.slug_taken(slug, except_id):
        slug = f"{base[:70]}-{number}"
        number += 1
    return slug


def _survey_values(values: Mapping[str, object]) -> dict:
    values = dict(values)
    if "locality" in values:
        locality = values.pop("locality")
        values["locality_id"] = int(locality) if locality else None
    return values


# Surveys


def create_survey(values: Mapping[str, object]) -> Survey:
    """A new draft with one empty page to put questions on."""
    values = _survey_values(values)
    slug = values.pop("slug", None)
    if slug and queries.slug_taken(slug):
        raise BuilderError("slug_taken", field="slug")
    survey = Survey(slug=slug or unique_slug(_slugify(str(values["title"]))), status="draft", translations={})
    survey.pages.append(SurveyPage(position=0, title="", translations={}))
    db.session.add(survey)
    _apply(survey, values)
    db.session.flush()
    audit.record("survey.create", survey, survey_id=survey.id, slug=survey.slug, title=survey.title)
    return survey


def update_survey(survey: Survey, values: Mapping[str, object]) -> bool:
    values = _survey_values(values)
    if survey.status == "draft":
        slug = values.get("slug")
        if not slug:
            values.pop("slug", None)
        elif queries.slug_taken(slug, except_id=survey.id):
            raise BuilderError("slug_taken", field="slug")
        if values.get("demographics_enabled") is False and any(
            question.kind == "demographic" for page in survey.pages for question in page.questions
        ):
            raise BuilderError("demographics_in_use", field="demographics_enabled")
    return _update(survey, survey, values, "survey.update")


def change_status(survey: Survey, target: str, today: dt.date) -> None:
    """draft → open (with at least one question and a valid schedule), open → closed."""
    if target not in TRANSITIONS.get(survey.status, ()):
        raise BuilderError("transition", status=survey.status, target=target)
    if target == "open":
        problems = opening_problems(survey, today)
        if problems:
            raise BuilderError("cannot_open", problems=problems)
    before = survey.status
    survey.status = target
    audit.record("survey.status", survey, survey_id=survey.id, before=before, after=target)
    db.session.flush()
    if target == "closed":
        storage_order.shuffle_survey_later(survey.id)  # the final state keeps no order of arrival


def delete_survey(survey: Survey) -> None:
    if survey.status != "draft":
        raise BuilderError("delete_only_drafts")
    audit.record("survey.delete", survey, survey_id=survey.id, slug=survey.slug, title=survey.title)
    db.session.delete(survey)
    db.session.flush()


# Pages


def add_page(survey: Survey, values: Mapping[str, object]) -> SurveyPage:
    require_draft(survey)
    if len(survey.pages) >= MAX_PAGES:
        raise BuilderError("too_many_pages", field="title", max=MAX_PAGES)
    page = SurveyPage(position=len(survey.pages), title="", translations={})
    _apply(page, values)
    survey.pages.append(page)
    _touch(survey)
    db.session.flush()
    audit.record("survey.page_create", page, survey_id=survey.id, title=page.title)
    return page


def update_page(survey: Survey, page: SurveyPage, values: Mapping[str, object]) -> bool:
    return _update(survey, page, values, "survey.page_update")


def move_page(survey: Survey, page: SurveyPage, step: int) -> bool:
    """Swap the page with its neighbour before (step -1) or after (+1); False at either end."""
    require_draft(survey)
    pages = ordered_pages(survey)
    index = pages.index(page)
    other = index + step
    if not 0 <= other < len(pages):
        return False
    pages[index].position, pages[other].position = pages[other].position, pages[index].position
    _check_conditions(survey)
    _touch(survey)
    audit.record("survey.page_move", page, survey_id=survey.id, before=index + 1, after=other + 1)
    db.session.flush()
    return True


def delete_page(survey: Survey, page: SurveyPage) -> None:
    require_draft(survey)
    _refuse_if_used(survey, list(page.questions))
    audit.record("survey.page_delete", page, survey_id=survey.id, title=page.title, questions=len(page.questions))
    survey.pages.remove(page)
    renumber(survey.pages)
    _touch(survey)
    db.session.flush()


# Questions


def add_question(survey: Survey, page: SurveyPage, kind: str, values: Mapping[str, object],
                 options: list[tuple[str, str]], life_area_ids) -> Question:
    """A new question at the end of `page`, with its options ((German, English) labels)."""
    require_draft(survey)
    full = room_for_question(survey, page)
    if full:
        raise BuilderError(full.code, field="prompt", **dict(full.params))
    if option_count(survey) + len(options) > MAX_OPTIONS_PER_SURVEY:
        raise BuilderError("too_many_options_in_survey", field="option_lines", max=MAX_OPTIONS_PER_SURVEY)
    problem = kind_problem(survey, kind)
    if problem:
        raise BuilderError(problem)
    question = Question(kind=kind, position=len(page.questions), prompt="", translations={})
    values = {**values, "life_areas": _life_areas(life_area_ids)}
    _apply(question, values)
    question.options = [
        Option(position=index, label=label, translations={"en": {"label": label_en}} if label_en else {})
        for index, (label, label_en) in enumerate(options)
    ]
    page.questions.append(question)
    _touch(survey)
    db.session.flush()
    audit.record("survey.question_create", question, survey_id=survey.id, kind=kind, prompt=question.prompt,
                 options=[label for label, _ in options] or None)
    return question


def room_for_question(survey: Survey, page: SurveyPage) -> Problem | None:
    """Why no further question fits on `page` of the survey, or None."""
    if sum(len(each.questions) for each in survey.pages) >= MAX_QUESTIONS:
        return Problem.of("too_many_questions", max=MAX_QUESTIONS)
    if len(page.questions) >= MAX_QUESTIONS_PER_PAGE:
        return Problem.of("too_many_questions_on_page", max=MAX_QUESTIONS_PER_PAGE)
    return None


def room_for_option(survey: Survey, question: Question) -> Problem | None:
    """Why the question can take no further option (matrix: row), or None."""
    if len(question.options) >= max_options(question.kind):
        return Problem.of("too_many_options", kind=question.kind, max=max_options(question.kind))
    if option_count(survey) >= MAX_OPTIONS_PER_SURVEY:
        return Problem.of("too_many_options_in_survey", max=MAX_OPTIONS_PER_SURVEY)
    return None


def kind_problem(survey: Survey, kind: str) -> str | None:
    """Why a question of this kind cannot be added to the survey, or None."""
    questions = [question for page in survey.pages for question in page.questions]
    if kind in ("demographic", "locality") and survey.audience == "group":
        return "not_in_group_polls"  # the group is the group: its place is the group's locality
    if kind == "demographic" and not survey.demographics_enabled:
        return "demographics_disabled"
    if kind == "locality" and any(question.kind == "locality" for question in questions):
        return "one_locality_question"
    return None


def update_question(survey: Survey, question: Question, values: Mapping[str, object], life_area_ids=None) -> bool:
    values = dict(values)
    if values.get("required") and question.show_if_question is not None:
        raise BuilderError("required_follow_up", field="required")
    if life_area_ids is not None:
        values["life_areas"] = _life_areas(life_area_ids)
    return _update(survey, question, values, "survey.question_update")


def move_question(survey: Survey, question: Question, step: int) -> bool:
    """Move up (-1) or down (+1) within its page; from the top or bottom of a page onto the neighbouring page."""
    require_draft(survey)
    page = question.page
    siblings = ordered_questions(page)
    index = siblings.index(question)
    before = (page.position + 1, index + 1)
    if 0 <= index + step < len(siblings):
        other = siblings[index + step]
        question.position, other.position = other.position, question.position
    else:
        pages = ordered_pages(survey)
        target_index = pages.index(page) + step
        if not 0 <= target_index < len(pages):
            return False
        target = pages[target_index]
        if len(target.questions) >= MAX_QUESTIONS_PER_PAGE:
            raise BuilderError("too_many_questions_on_page", max=MAX_QUESTIONS_PER_PAGE)
        question.position = len(target.questions) if step < 0 else -1
        question.page = target
        renumber(target.questions)
        renumber(page.questions)
    _check_conditions(survey)
    _touch(survey)
    audit.record("survey.question_move", question, survey_id=survey.id, before=list(before),
                 after=[question.page.position + 1, question.position + 1])
    db.session.flush()
    return True


def delete_question(survey: Survey, question: Question) -> None:
    require_draft(survey)
    _refuse_if_used(survey, [question])
    page = question.page
    audit.record("survey.question_delete", question, survey_id=survey.id, kind=question.kind, prompt=question.prompt)
    page.questions.remove(question)
    renumber(page.questions)
    _touch(survey)
    db.session.flush()


def set_condition(survey: Survey, question: Question, option_ids: list[int]) -> bool:
    """Show `question` only when one of these options (of one earlier choice question) was chosen; [] removes it."""
    require_draft(survey)
    chosen = set(option_ids)
    target = None
    if chosen:
        owners = {
            option.id: candidate
            for page in survey.pages
            for candidate in page.questions
            for option in candidate.options
            if option.id in chosen
        }
        targets = {candidate.id: candidate for candidate in owners.values()}
        if len(owners) != len(chosen) or len(targets) != 1:
            raise BuilderError("condition_options", field="option_ids")
        target = next(iter(targets.values()))
        if target.kind not in CONDITION_KINDS or target.page.position >= question.page.position:
            raise BuilderError("condition_target", field="option_ids")
    if target is not None and question.required:
        # A required follow-up is answered by exactly those who chose these options: its n would
        # publish their sum next to the condition question's (possibly protected) counts.
        raise BuilderError("required_follow_up", field="option_ids")
    numbers = question_numbers(survey)
    before = _describe_condition(question, numbers)
    new_options = [option for option in (target.options if target else []) if option.id in chosen]
    if question.show_if_question is target and {o.id for o in question.show_if_options} == chosen:
        return False
    question.show_if_question = target
    question.show_if_options = new_options
    _touch(survey)
    audit.record("survey.condition_update", question, survey_id=survey.id, before=before,
                 after=_describe_condition(question, numbers))
    db.session.flush()
    return True


def _describe_condition(question: Question, numbers: dict[int, int]) -> str:
    if question.show_if_question is None:
        return ""
    labels = " | ".join(option.label for option in question.show_if_options)
    return f"Frage {numbers.get(question.show_if_question.id, '?')}: {labels}"


def _check_conditions(survey: Survey) -> None:
    broken = broken_conditions(survey)
    if broken:
        numbers = question_numbers(survey)
        question, target = broken[0]
        raise BuilderError("move_breaks_condition", number=numbers[question.id], target=numbers[target.id])


def _refuse_if_used(survey: Survey, questions: list[Question]) -> None:
    """Questions that later questions depend on cannot go away before those conditions do."""
    ids = {question.id for question in questions}
    users = [user for user in dependents(survey, questions) if user.id not in ids]
    if users:
        numbers = question_numbers(survey)
        target = next(question for question in questions if question.id == users[0].show_if_question_id)
        raise BuilderError("question_in_condition", number=numbers[users[0].id], target=numbers[target.id])


# Options


def add_option(survey: Survey, question: Question, values: Mapping[str, object], life_area_ids) -> Option:
    require_draft(survey)
    full = room_for_option(survey, question)
    if full:
        raise BuilderError(full.code, field="label", **dict(full.params))
    option = Option(position=len(question.options), label="", translations={})
    _apply(option, {**values, "life_areas": _life_areas(life_area_ids)})
    question.options.append(option)
    _touch(survey)
    db.session.flush()
    audit.record("survey.option_create", option, survey_id=survey.id, question_id=question.id, label=option.label)
    return option


def update_option(survey: Survey, option: Option, values: Mapping[str, object], life_area_ids=None) -> bool:
    values = dict(values)
    if life_area_ids is not None:
        values["life_areas"] = _life_areas(life_area_ids)
    return _update(survey, option, values, "survey.option_update")


def move_option(survey: Survey, option: Option, step: int) -> bool:
    require_draft(survey)
    siblings = sorted(option.question.options, key=lambda each: each.position)
    index = siblings.index(option)
    if not 0 <= index + step < len(siblings):
        return False
    other = siblings[index + step]
    option.position, other.position = other.position, option.position
    _touch(survey)
    audit.record("survey.option_move", option, survey_id=survey.id, before=index + 1, after=index + step + 1)
    db.session.flush()
    return True


def delete_option(survey: Survey, option: Option) -> None:
    require_draft(survey)
    users = [
        question
        for page in survey.pages
        for question in page.questions
        if any(chosen.id == option.id for chosen in question.show_if_options)
    ]
    if users:
        raise BuilderError("option_in_condition", number=question_numbers(survey)[users[0].id])
    question = option.question
    audit.record("survey.option_delete", option, survey_id=survey.id, question_id=question.id, label=option.label)
    question.options.remove(option)
    renumber(question.options)
    _touch(survey)
    db.session.flush()
