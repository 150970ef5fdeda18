"""Test helpers that act like a resident's browser on the test client."""

import re
from html import unescape

DEMO_PATH = "/umfragen/digitales-wolmirstedt"


def form_fields(html: str) -> dict[str, str]:
    """Hidden inputs of the page's form (CSRF token, idempotency key)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag)
            fields[name] = unescape(value.group(1)) if value else ""
    return fields


def summary_links(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', block.group(0)) if block else []


def option_values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{re.escape(name)}" value="([^"]*)"', html)


def select_values(html: str, name: str) -> list[str]:
    block = re.search(rf'<select[^>]*name="{re.escape(name)}".*?</select>', html, re.S)
    return [value for value in re.findall(r'<option value="([^"]*)"', block.group(0)) if value]


class Resident:
    """Walks through a survey with the test client, posting forms as a browser would."""

    def __init__(self, client, path: str = DEMO_PATH):
        self.client = client
        self.path = path
        self.html = ""

    def open(self, url: str):
        response = self.client.get(url)
        self.html = response.get_data(as_text=True)
        return response

    def start(self):
        self.open(self.path)
        response = self.client.post(self.path + "/beginnen", data=form_fields(self.html))
        assert response.status_code == 302, response.status_code
        self.open(response.location)
        return response

    def post_page(self, number: int, answers: dict, action: str = "next", hidden: dict | None = None):
        data = {**(hidden if hidden is not None else form_fields(self.html)), **answers, "action": action}
        response = self.client.post(f"{self.path}/seite/{number}", data=data)
        if response.status_code == 302:
            if "/seite/" in response.location or response.location.endswith("/danke"):
                self.open(response.location)
        else:
            self.html = response.get_data(as_text=True)
        return response


def demo_questions() -> dict:
    """The demo survey's questions by their key in participation/demo/survey.py (ids differ per database)."""
    from sqlalchemy import select

    from participation.demo import survey as demo
    from participation.extensions import db
    from participation.surveys.models import Question

    questions = {question.prompt: question for question in db.session.scalars(select(Question))}
    return {
        data["key"]: questions[data["prompt"][0]] for page in demo.PAGES for data in page["questions"]
    }


def demo_answers(locality_slug: str = "mose") -> list[dict]:
    """Valid answers for each of the demo survey's five pages, as form fields."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.localities.models import Locality

    q = demo_questions()
    locality = db.session.scalars(select(Locality).where(Locality.slug == locality_slug)).one()

    def opt(key, index):
        return str(q[key].options[index].id)

    importance = {f"q{q['importance'].id}_{option.id}": str(1 + index % 5) for index, option in enumerate(q["importance"].options)}
    importance[f"q{q['importance'].id}_{q['importance'].options[-1].id}"] = "na"
    return [
        {f"q{q['locality'].id}": str(locality.id), f"q{q['connection'].id}": opt("connection", 2)},
        {
            f"q{q['satisfaction'].id}": "4",
            f"q{q['outages'].id}": opt("outages", 1),
            f"q{q['reception'].id}": "na",
            f"q{q['household'].id}": "3",
        },
        {
            f"q{q['frequency'].id}": opt("frequency", 0),
            f"q{q['skills'].id}": "5",
            f"q{q['services'].id}": [opt("services", 0), opt("services", 4)],
            f"q{q['barriers'].id}": [opt("barriers", 1)],
        },
        {
            f"q{q['contact'].id}_place1": opt("contact", 1),
            f"q{q['contact'].id}_place2": opt("contact", 4),
            **importance,
            f"q{q['top3'].id}_place1": opt("top3", 1),
            f"q{q['top3'].id}_place2": opt("top3", 0),
            f"q{q['top3'].id}_place3": opt("top3", 11),
        },
        {
            f"q{q['first_service'].id}": "Termine online buchen",
            f"q{q['vision'].id}": "Schnelles Internet in Mose und ein Bürgerbüro, das auch online erreichbar ist.",
            f"q{q['age'].id}": opt("age", 4),
        },
    ]


def complete_demo_survey(client, locality_slug: str = "mose") -> Resident:
    resident = Resident(client)
    resident.start()
    pages = demo_answers(locality_slug)
    for number, answers in enumerate(pages, 1):
        action = "submit" if number == len(pages) else "next"
        response = resident.post_page(number, answers, action)
        assert response.status_code == 302, (number, response.status_code, summary_links(resident.html))
    assert response.location.endswith("/danke")
    return resident
