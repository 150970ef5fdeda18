"""Steps of a resident on the idea boards, acting like a browser on the test client."""

import re

from sqlalchemy import select

from participation.demo.ideas import TOWN_BOARD
from participation.extensions import db
from participation.ideas.models import Idea
from tests.helpers import form_fields

VALID = {
    "title": "Freies WLAN am Bahnhof",
    "body": "Am Bahnhof Wolmirstedt wartet man oft lange. Ein freies WLAN würde Pendlerinnen und Pendlern helfen.",
    "life_area": "digitale-infrastruktur",
    "locality": "",
    "display_name": "",
}


def open_form(client, board: str = TOWN_BOARD) -> dict:
    """The hidden fields of the posting form (CSRF token, submission key), as a browser has them."""
    response = client.get(f"/ideen/{board}/neu")
    assert response.status_code == 200, response.status_code
    return form_fields(response.get_data(as_text=True))


def post_idea(client, board: str = TOWN_BOARD, hidden: dict | None = None, headers: dict | None = None, **fields):
    """Fill in and send the posting form; returns the response."""
    data = {**(hidden if hidden is not None else open_form(client, board)), **VALID, **fields}
    return client.post(f"/ideen/{board}/neu", data=data, headers=headers or {})


def follow_link(client, response) -> str:
    """Follow the redirect after posting and return the private follow link's path and query."""
    assert response.status_code == 302, response.status_code
    html = client.get(response.location).get_data(as_text=True)
    match = re.search(r'href="http://localhost(/ideen/verfolgen\?schluessel=[^"]+)"', html)
    assert match, html
    return match.group(1)


def newest_idea() -> Idea:
    db.session.expire_all()
    return db.session.scalars(select(Idea).order_by(Idea.id.desc())).first()


def csrf_token(client, url: str) -> str:
    return form_fields(client.get(url).get_data(as_text=True))["csrf_token"]



def idea_by_title(title: str) -> Idea:
    db.session.expire_all()
    return db.session.scalars(select(Idea).where(Idea.title == title)).one()


def support(client, idea_id: int):
    token = csrf_token(client, f"/ideen/idee/{idea_id}")
    return client.post(f"/ideen/idee/{idea_id}/unterstuetzen", data={"csrf_token": token})


def report(client, path: str, reason: str = "offensive"):
    """Report via the report page at `path` (…/melden)."""
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "reason": reason})
