"""Surveys and responses for the attacker, made through the project's own models and services,
published through the real code path and read back through the public JSON API.

Answers are given in plain keys (the snapshot's own: option "o12", locality slug, "na"), turned
into ids here and stored with `answer_rows` + `store_response` exactly as a submission would. The
generated answers are kept as the ground truth (truth.py counts them itself).

Answer values by kind, by option *index* when given to `Survey.respond`:
single/demographic 0 | "na"; multiple [0, 2]; ranking [2, 0] (place 1 first); matrix [3, "na"]
(one per item; None leaves an item out); scale 4 | "na"; number 3.5; short/long text "…";
locality "mose" | None.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.answering import NO_ANSWER, answer_rows, is_visible
from participation.surveys.models import Option, Question, Survey, SurveyPage
from participation.surveys.queries import get_plan
from participation.surveys.services import store_response

LOCALITIES = ("wolmirstedt", "elbeu", "farsleben", "glindenberg", "mose")
DAY = dt.date(2026, 11, 2)
PUBLISHED = dt.date(2026, 11, 20)


@dataclass
class Ask:
    """A question to build: `name` is how tests refer to it."""

    name: str
    kind: str
    required: bool = False
    options: int = 0  # options, or matrix items
    min_value: int | None = None
    max_value: int | None = None
    max_choices: int | None = None
    allow_no_answer: bool = False
    show_if: tuple[str, tuple[int, ...]] | None = None  # (earlier question's name, option indexes)


@dataclass
class Respondent:
    """One response as truth: plain keys, and the version it was added for (1: before closing)."""

    locality: str | None
    answers: dict[int, object]
    version: int = 1
    channel: str = "web"

    def as_insider(self) -> dict:
        return {"locality": self.locality, "answers": dict(self.answers), "version": self.version}


@dataclass
class GeneratedSurvey:
    survey_id: int
    slug: str
    questions: dict[str, Question]
    access: str = "open"
    respondents: list[Respondent] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    paper_versions: set[int] = field(default_factory=set)

    @property
    def survey(self) -> Survey:
        return db.session.get(Survey, self.survey_id)

    def qid(self, name: str) -> int:
        return self.questions[name].id

    def keys(self, name: str) -> list[str]:
        return [f"o{option.id}" for option in self.questions[name].options]

    # ---------------------------------------------------------------------- answering

    def respond(self, answers: Mapping[str, object], locality: str | None = None, *, version: int = 1,
                channel: str = "web") -> Respondent:
        """Store one response; `answers` by question name, options by index (module docstring)."""
        plain: dict[int, object] = {}
        by_id: dict[int, object] = {}
        if locality is not None and "locality" in self.questions:
            answers = {"locality": locality, **answers}
        localities = _locality_ids()
        for name, value in answers.items():
            if value is None:
                continue
            question = self.questions[name]
            ids = [option.id for option in question.options]
            kind = question.kind
            if kind == "locality":
                plain[question.id], by_id[question.id] = value, (NO_ANSWER if value == "na" else localities[value])
            elif kind in ("single", "demographic"):
                plain[question.id] = "na" if value == "na" else f"o{ids[value]}"
                by_id[question.id] = NO_ANSWER if value == "na" else ids[value]
            elif kind in ("multiple", "ranking"):
                if not value:
                    continue
                plain[question.id] = [f"o{ids[i]}" for i in value]
                by_id[question.id] = [ids[i] for i in value]
            elif kind == "matrix":
                rows = {ids[i]: v for i, v in enumerate(value) if v is not None}
                if not rows:
                    continue
                plain[question.id] = {f"o{item}": ("na" if v == "na" else v) for item, v in rows.items()}
                by_id[question.id] = {item: (NO_ANSWER if v == "na" else v) for item, v in rows.items()}
            elif kind == "scale":
                plain[question.id] = value
                by_id[question.id] = NO_ANSWER if value == "na" else value
            else:
                plain[question.id] = by_id[question.id] = value
        plan = get_plan(self.survey)
        # What the form would never store: answers to questions that were not shown.
        visible: dict[int, object] = {}
        for spec in plan.specs:
            if spec.id in by_id and is_visible(spec, visible):
                visible[spec.id] = by_id[spec.id]
            elif spec.required and channel == "web" and is_visible(spec, visible):
                raise ValueError(f"question {spec.id} is required")
        plain = {qid: value for qid, value in plain.items() if qid in visible}
        locality_id = plan.locality_answer(visible)
        store_response(self.survey_id, answer_rows(plan.specs, visible), locality_id, channel, DAY)
        slug = next((s for s, i in localities.items() if i == locality_id), None)
        respondent = Respondent(slug, plain, version, channel)
        self.respondents.append(respondent)
        if channel == "paper":
            self.paper_versions.add(version)
        return respondent

    def respond_many(self, count: int, answers: Mapping[str, object], locality: str | None = None, **kw) -> None:
        for _ in range(count):
            self.respond(answers, locality, **kw)

    # --------------------------------------------------------------------- publishing

    def close(self) -> None:
        from participation.results.services import close_survey

        close_survey(self.survey)
        db.session.commit()

    def publish(self, reason: str = "", **settings: int) -> int:
        """Publish the next version through the real service, with these thresholds (e.g.
        MIN_CELL=7) set as the installation's configuration for the moment."""
        from participation.results.services import publish_results

        survey = self.survey
        if survey.status == "open":
            self.close()
            survey = self.survey
        saved = {key: current_app.config.get(key) for key in settings}
        current_app.config.update(settings)
        try:
            with current_app.test_request_context():
                snapshot = publish_results(survey, reason=reason or ("" if not self.versions else "Nachträge"), today=PUBLISHED)
                version = snapshot.version
                db.session.commit()
        finally:
            for key, value in saved.items():
                if value is None:
                    current_app.config.pop(key, None)
                else:
                    current_app.config[key] = value
        self.versions.append(version)
        return version

    def read(self, client) -> list[dict]:
        """Every version the API serves, as the public reads it."""
        return read_api(client, self.slug)

    def questionnaire(self, counter: bool = False) -> dict:
        return describe(self.survey, paper_versions=self.paper_versions,
                        counter=self.counter() if counter else None)

    def counter(self) -> dict[str, int]:
        """What the participation counter showed at closing time (rounded down to tens)."""
        first = [r for r in self.respondents if r.version == 1]
        counts = {"town": len(first)}
        for slug in LOCALITIES:
            counts[f"locality:{slug}"] = sum(1 for r in first if r.locality == slug)
        return {key: value // 10 * 10 for key, value in counts.items()}


def _locality_ids() -> dict[str, int]:
    return {locality.slug: locality.id for locality in db.session.scalars(select(Locality))}


def build_survey(slug: str, asks: Sequence[Ask], *, access: str = "open", demographics: bool = True) -> GeneratedSurvey:
    """A survey with one question per page (so any question may be a later one's condition)."""
    survey = Survey(slug=slug, title=f"Angriff {slug}", intro="", status="open", access_mode=access,
                    demographics_enabled=demographics, translations={})
    db.session.add(survey)
    questions: dict[str, Question] = {}
    for position, ask in enumerate(asks):
        page = SurveyPage(position=position, title="")
        survey.pages.append(page)
        question = Question(
            position=0, kind=ask.kind, prompt=f"{ask.name}?", required=ask.required, min_value=ask.min_value,
            max_value=ask.max_value, max_choices=ask.max_choices, allow_no_answer=ask.allow_no_answer,
            translations={},
        )
        question.options = [Option(position=i, label=f"{ask.name} {i + 1}", translations={}) for i in range(ask.options)]
        page.questions.append(question)
        questions[ask.name] = question
    db.session.flush()
    for ask in asks:
        if ask.show_if:
            condition = questions[ask.show_if[0]]
            questions[ask.name].show_if_question_id = condition.id
            questions[ask.name].show_if_options = [condition.options[i] for i in ask.show_if[1]]
    db.session.commit()
    return GeneratedSurvey(survey.id, slug, questions, access)


def describe(survey: Survey, paper_versions=(), counter: Mapping[str, int] | None = None) -> dict:
    """The questionnaire as a resident reads it on the survey pages: kinds, required marks, show-if
    instructions, choices allowed, the options, the scale ends and ranges, which question asks for
    the locality and which are about the person (the demographic questions)."""
    questions = db.session.scalars(
        select(Question).join(SurveyPage).where(SurveyPage.survey_id == survey.id)
        .order_by(SurveyPage.position, Question.position)
    ).all()
    localities = [locality.slug for locality in db.session.scalars(select(Locality).order_by(Locality.position))]
    described = []
    for question in questions:
        options = localities if question.kind == "locality" else [f"o{option.id}" for option in question.options]
        show_if = None
        if question.show_if_question_id is not None:
            show_if = {"question": question.show_if_question_id,
                       "options": [f"o{option.id}" for option in question.show_if_options]}
        described.append({
            "id": question.id, "kind": question.kind, "required": question.required, "show_if": show_if,
            "max_choices": question.max_choices, "options": options, "min": question.min_value,
            "max": question.max_value, "allow_no_answer": question.allow_no_answer,
        })
    locality = db.session.get(Locality, survey.locality_id).slug if survey.locality_id else None
    return {"questions": described, "access": survey.access_mode, "survey_locality": locality,
            "paper_versions": sorted(paper_versions), "counter": counter}


def read_api(client, slug: str) -> list[dict]:
    """Every published version of a survey from the JSON API, oldest first (the public's view).
    A version the API no longer serves (withdrawn, 410) is left out: issue 10's model, where a
    version that cannot stand beside a later one is withdrawn. A reader who saved it before is
    not covered; README ("Versions and withdrawal") says so."""
    latest = client.get(f"/api/v1/surveys/{slug}/results")
    assert latest.status_code == 200, latest.status_code
    snapshots = []
    for entry in sorted(latest.get_json()["versions"], key=lambda e: e["version"]):
        answer = client.get(f"/api/v1/surveys/{slug}/results?version={entry['version']}")
        if answer.status_code == 200:
            snapshots.append(answer.get_json())
    return snapshots


def respondents_from_database(survey: Survey) -> list[Respondent]:
    """The stored responses of a survey as plain answers (for data made elsewhere, e.g. the demo)."""
    from participation.surveys.records import Answer, Response

    localities = {i: s for s, i in _locality_ids().items()}
    kinds = {q.id: q.kind for q in db.session.scalars(
        select(Question).join(SurveyPage).where(SurveyPage.survey_id == survey.id))}
    people: dict = {}
    for response in db.session.scalars(select(Response).where(Response.survey_id == survey.id)):
        people[response.id] = Respondent(localities.get(response.locality_id), {}, 1, response.channel)
    rows = db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.option_id, Answer.locality_id, Answer.number_value,
               Answer.text_value, Answer.abstained)
        .join(Response, Response.id == Answer.response_id).where(Response.survey_id == survey.id)
    ).all()
    ranked: dict = {}
    for response_id, qid, option, locality, number, text, abstained in rows:
        answers = people[response_id].answers
        kind = kinds[qid]
        if kind == "matrix":
            answers.setdefault(qid, {})[f"o{option}"] = "na" if abstained else int(number)
        elif abstained:
            answers[qid] = "na"
        elif kind == "locality":
            answers[qid] = localities[locality]
        elif kind in ("single", "demographic"):
            answers[qid] = f"o{option}"
        elif kind == "multiple":
            answers.setdefault(qid, []).append(f"o{option}")
        elif kind == "ranking":
            ranked.setdefault((response_id, qid), []).append((number, f"o{option}"))
        elif kind == "scale":
            answers[qid] = int(number)
        elif kind == "number":
            answers[qid] = number
        else:
            answers[qid] = text
    for (response_id, qid), places in ranked.items():
        people[response_id].answers[qid] = [key for _, key in sorted(places)]
    return list(people.values())


# -------------------------------------------------------------------------- random surveys


def random_asks(rng: random.Random, size: int) -> list[Ask]:
    """A random questionnaire of about `size` questions: a locality question, maybe an age band,
    and a mix of every kind, some required, some shown only after an earlier answer."""
    asks = [Ask("locality", "locality", required=rng.random() < 0.6)]
    kinds = ["single", "multiple", "scale", "matrix", "ranking", "number", "short_text"]
    choice_names: list[tuple[str, int]] = []
    for index in range(size):
        kind = rng.choice(kinds)
        name = f"{kind}{index}"
        ask = Ask(name, kind, required=rng.random() < 0.35)
        if kind in ("single", "multiple", "ranking"):
            ask.options = rng.randint(2, 4)
        if kind == "multiple":
            ask.max_choices = rng.choice([None, 1, 2])
        if kind == "ranking":
            ask.max_choices = rng.choice([None, 2])
        if kind in ("scale", "matrix"):
            ask.min_value, ask.max_value = 1, rng.choice([3, 5])
            ask.allow_no_answer = rng.random() < 0.4
        if kind == "matrix":
            ask.options = rng.randint(2, 3)
        if kind == "number":
            ask.min_value, ask.max_value = 0, rng.choice([4, 20])
        if choice_names and rng.random() < 0.3:
            condition, options = rng.choice(choice_names)
            ask.show_if = (condition, tuple(sorted(rng.sample(range(options), rng.randint(1, options - 1)))))
            ask.required = False  # the builder refuses required follow-ups
        if kind in ("single", "multiple"):
            choice_names.append((name, ask.options))
        asks.append(ask)
    if rng.random() < 0.7:
        asks.append(Ask("age", "demographic", required=rng.random() < 0.3, options=rng.randint(2, 4),
                        allow_no_answer=rng.random() < 0.5))
    return asks


def random_answer(rng: random.Random, ask: Ask, *, lean: int | None = None) -> object:
    """A valid answer; `lean` makes a group answer alike (homogeneous small groups)."""
    def pick(count: int) -> int:
        return lean % count if lean is not None and rng.random() < 0.85 else rng.randrange(count)

    kind = ask.kind
    if kind in ("single", "demographic"):
        return "na" if ask.allow_no_answer and rng.random() < 0.1 else pick(ask.options)
    if kind == "multiple":
        limit = min(ask.max_choices or ask.options, ask.options)
        return sorted(rng.sample(range(ask.options), rng.randint(1, limit)))
    if kind == "ranking":
        places = min(ask.max_choices or ask.options, ask.options)
        order = rng.sample(range(ask.options), ask.options)
        return order[: places if ask.required else rng.randint(1, places)]
    if kind in ("scale", "matrix"):
        def value():
            if ask.allow_no_answer and rng.random() < 0.1:
                return "na"
            return ask.min_value + pick(ask.max_value - ask.min_value + 1)
        if kind == "scale":
            return value()
        return [value() if ask.required or rng.random() < 0.85 else None for _ in range(ask.options)]
    if kind == "number":
        return rng.choice([ask.min_value, ask.min_value + 1, ask.max_value, rng.randint(ask.min_value, ask.max_value)])
    if kind == "short_text":
        return "Ein Gedanke" if ask.required or rng.random() < 0.6 else None
    raise ValueError(kind)


def random_population(rng: random.Random, asks: Sequence[Ask], count: int) -> list[tuple[str | None, dict]]:
    """(locality, answers by name) for `count` people: small and empty localities, a few without a
    locality, small age bands, homogeneous small groups, optional questions some skip."""
    weights = {"wolmirstedt": rng.randint(5, 12), "elbeu": rng.randint(0, 4), "farsleben": rng.randint(1, 4),
               "glindenberg": rng.randint(0, 3), "mose": rng.choice([0, 1, 1, 2])}
    homogeneous = rng.choice(LOCALITIES[1:])
    people = []
    by_name = {ask.name: ask for ask in asks}
    for _ in range(count):
        locality = rng.choices(list(weights), weights=list(weights.values()))[0] if sum(weights.values()) else None
        answers: dict[str, object] = {}
        if not by_name["locality"].required and rng.random() < 0.08:
            locality = None
        lean = 0 if locality == homogeneous else None
        for ask in asks:
            if ask.kind == "locality":
                continue
            if not ask.required and rng.random() < 0.15:
                continue
            answers[ask.name] = random_answer(rng, ask, lean=lean)
        if "age" in by_name and isinstance(answers.get("age"), int) and rng.random() < 0.7:
            answers["age"] = 0  # most in the first band: the others stay small
        people.append((locality, answers))
    return people
