"""Load the demo installation; every function may run again without changing anything twice."""

import datetime as dt
import hashlib
import re
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from participation.demo import reference, survey as demo
from participation.extensions import db
from participation.localities.models import LifeArea, Locality
from participation.pages.models import ProcessStep
from participation.staff import queries as staff_queries
from participation.staff import services as staff_services
from participation.staff.models import ROLES
from participation.staff.passwords import hash_password, verify_password
from participation.surveys.models import Option, Question, Survey, SurveyPage


def load_reference_data() -> None:
    """Add the localities, life areas and process steps that are missing (by slug or number)."""
    known = set(db.session.scalars(select(Locality.slug)))
    for position, (slug, name, population) in enumerate(reference.LOCALITIES):
        if slug not in known:
            db.session.add(Locality(slug=slug, name=name, population=population, position=position))
    known = set(db.session.scalars(select(LifeArea.slug)))
    for position, (slug, name, description, name_en, description_en) in enumerate(reference.LIFE_AREAS):
        if slug not in known:
            db.session.add(
                LifeArea(
                    slug=slug,
                    name=name,
                    description=description,
                    position=position,
                    translations={"en": {"name": name_en, "description": description_en}},
                )
            )
    known = set(db.session.scalars(select(ProcessStep.number)))
    for number, state, title, description, title_en, description_en in reference.PROCESS_STEPS:
        if number not in known:
            db.session.add(
                ProcessStep(
                    number=number,
                    state=state,
                    title=title,
                    description=description,
                    translations={"en": {"title": title_en, "description": description_en}},
                )
            )
    db.session.flush()


def load_demo_survey(today: dt.date) -> Survey | None:
    """Create the open demo survey unless it exists; return it when it was created."""
    return create_demo_survey(
        demo.SLUG, demo.TITLE, demo.INTRO, "open", today, today + dt.timedelta(weeks=demo.WEEKS_OPEN)
    )


def create_demo_survey(
    slug: str, title: tuple[str, str], intro: tuple[str, str], status: str, opens_on: dt.date, closes_on: dt.date
) -> Survey | None:
    """A survey with the demo questions under `slug`, unless one exists; return it when created."""
    if db.session.scalars(select(Survey).where(Survey.slug == slug)).first():
        return None
    areas = {area.slug: area for area in db.session.scalars(select(LifeArea))}
    survey = Survey(
        slug=slug,
        title=title[0],
        intro=intro[0],
        translations={"en": {"title": title[1], "intro": intro[1]}},
        status=status,
        opens_on=opens_on,
        closes_on=closes_on,
        access_mode="open",
        demographics_enabled=True,
    )
    db.session.add(survey)
    by_key: dict[str, Question] = {}
    for page_position, page_data in enumerate(demo.PAGES):
        page = SurveyPage(
            position=page_position,
            title=page_data["title"][0],
            translations={"en": {"title": page_data["title"][1]}},
        )
        survey.pages.append(page)
        for position, data in enumerate(page_data["questions"]):
            question = _question(data, position, areas)
            page.questions.append(question)
            by_key[data["key"]] = question
    db.session.flush()
    for page_data in demo.PAGES:
        for data in page_data["questions"]:
            if "show_if" in data:
                key, indexes = data["show_if"]
                condition = by_key[key]
                question = by_key[data["key"]]
                question.show_if_question_id = condition.id
                question.show_if_options = [condition.options[index] for index in indexes]
    db.session.flush()
    return survey


def _question(data: dict, position: int, areas: dict[str, LifeArea]) -> Question:
    english = {"prompt": data["prompt"][1]}
    for field, key in (("help_text", "help"), ("label_min", "label_min"), ("label_max", "label_max"), ("unit", "unit")):
        if key in data:
            english[field] = data[key][1]
    question = Question(
        position=position,
        kind=data["kind"],
        prompt=data["prompt"][0],
        help_text=data.get("help", ("", ""))[0],
        required=data.get("required", False),
        min_value=data.get("min"),
        max_value=data.get("max"),
        label_min=data.get("label_min", ("", ""))[0],
        label_max=data.get("label_max", ("", ""))[0],
        unit=data.get("unit", ("", ""))[0],
        max_choices=data.get("max_choices"),
        max_length=data.get("max_length"),
        allow_no_answer=data.get("allow_no_answer", False),
        translations={"en": english},
        life_areas=[areas[slug] for slug in data.get("life_areas", []) if slug in areas],
    )
    if data.get("items_from_life_areas"):
        options = [
            (area.name, area.translations.get("en", {}).get("name", area.name), [area.slug])
            for area in sorted(areas.values(), key=lambda area: area.position)
        ]
    else:
        options = data.get("options", [])
    question.options = [
        Option(
            position=index,
            label=label,
            translations={"en": {"label": label_en}},
            life_areas=[areas[slug] for slug in slugs if slug in areas],
        )
        for index, (label, label_en, slugs) in enumerate(options)
    ]
    return question


DEMO_STAFF_EMAIL = "demo@wolmirstedt.example"
#: The file of earlier versions: one password for whichever database had been loaded last.
SHARED_LOGIN_FILE = "demo-login.txt"


def demo_login_file(instance_path: str, database_uri: str) -> Path:
    """The file with the demo login of this database: one per database, so switching between
    databases never shows another one's password.

    Next to a SQLite file (`participation.sqlite` → `participation.sqlite.demo-login.txt`), since
    it belongs to that file and goes with it; for other databases in the instance folder, named
    after the database and a hash of its URL without password (`demo-login-beteiligung-3f9c01ab.txt`).
    """
    url = make_url(database_uri)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.name + ".demo-login.txt")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:8]
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", url.database or url.get_backend_name())[:40]
    return Path(instance_path) / f"demo-login-{name}-{digest}.txt"


def _read_login(path: Path) -> tuple[str, str] | None:
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return (lines[0], lines[1]) if len(lines) == 2 else None


def load_demo_staff(instance_path: str, database_uri: str) -> tuple[str, str]:
    """A demo staff account with every role; its e-mail and random password are kept in a file of
    the instance folder for this database (`demo_login_file`).

    The file is trusted only while its password opens this database's account: otherwise (no
    file, an old or hand-edited one, an account changed meanwhile) the account gets a new random
    password and the file is written again, so the login printed always works.
    Demo data only: the account and the file are for trying the platform out on one's own machine.
    """
    legacy = Path(instance_path) / SHARED_LOGIN_FILE
    if legacy.exists():
        legacy.unlink()  # it belonged to whichever database was loaded last, and misled for every other one
    login_file = demo_login_file(instance_path, database_uri)
    user = staff_queries.get_user_by_email(DEMO_STAFF_EMAIL)
    kept = _read_login(login_file) if login_file.exists() else None
    if (
        user is not None
        and user.is_active_account
        and kept is not None
        and kept[0] == DEMO_STAFF_EMAIL
        and verify_password(user.password_hash, kept[1])
    ):
        return kept
    password = secrets.token_urlsafe(12)
    if user is None:
        staff_services.create_user(DEMO_STAFF_EMAIL, set(ROLES), "Demo", password)
    else:
        user.password_hash = hash_password(password)
        user.is_active_account = True
    safe_url = make_url(database_uri).render_as_string(hide_password=True)
    login_file.write_text(f"# Demo-Zugang (nur Demodaten) für {safe_url}\n{DEMO_STAFF_EMAIL}\n{password}\n")
    login_file.chmod(0o600)
    return DEMO_STAFF_EMAIL, password
