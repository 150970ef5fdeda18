"""An editor's browser for the survey builder: posts its forms with the session's CSRF token."""

import re

from participation.extensions import db
from participation.surveys.models import Question, Survey
from tests.helpers import form_fields

BASE = "/verwaltung/umfragen"


class Editor:
    """A logged-in editor posting forms as a browser would (with the session's CSRF token)."""

    def __init__(self, client):
        self.client = client
        self.html = ""
        self.token = form_fields(client.get("/verwaltung/").get_data(as_text=True))["csrf_token"]

    def get(self, path: str):
        response = self.client.get(path)
        self.html = response.get_data(as_text=True)
        return response

    def post(self, path: str, data: dict | None = None):
        response = self.client.post(path, data={"csrf_token": self.token, **(data or {})})
        self.html = response.get_data(as_text=True)
        return response

    def create_survey(self, title: str = "Radwege in Wolmirstedt", **fields) -> Survey:
        data = {"title": title, "access_mode": "open", "locality": "", "demographics_enabled": "y", **fields}
        response = self.post(f"{BASE}/neu", data)
        assert response.status_code == 302, (response.status_code, errors(self.html))
        survey_id = int(re.search(r"/umfragen/(\d+)$", response.location).group(1))
        db.session.expire_all()
        return db.session.get(Survey, survey_id)

    def add_page(self, survey: Survey, title: str = "", title_en: str = ""):
        response = self.post(f"{BASE}/{survey.id}/seiten", {"title": title, "title_en": title_en})
        assert response.status_code == 302, (response.status_code, errors(self.html))
        db.session.expire_all()
        return sorted(db.session.get(Survey, survey.id).pages, key=lambda page: page.position)[-1]

    def add_question(self, survey: Survey, page, kind: str, prompt: str, **fields) -> Question:
        data = {"prompt": prompt, **fields}
        for key in ("option_lines", "option_lines_en"):
            if isinstance(data.get(key), list):
                data[key] = "\n".join(data[key])
        response = self.post(f"{BASE}/{survey.id}/seiten/{page.id}/fragen/neu?art={kind}", data)
        assert response.status_code == 302, (response.status_code, errors(self.html))
        question_id = int(response.location.rsplit("frage-", 1)[1])
        db.session.expire_all()
        return db.session.get(Question, question_id)


def errors(html: str) -> list[str]:
    """The messages in a page's error summary and at its fields."""
    return re.findall(r'class="field-error"[^>]*>([^<]+)<', html) + re.findall(
        r'<div class="error-summary".*?</div>', html, re.S
    )


def field_error(html: str, field_id: str) -> str:
    """The message tied to one field (the element with id "<field>-error")."""
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]+)<', html)
    return match.group(1) if match else ""
