"""Steps of a resident on the idea boards, acting like a browser on the test client."""

import re
import threading

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


def twins_of(app, client, count: int) -> list:
    """`count` test clients carrying a copy of `client`'s cookies: one browser sending at once."""
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
    twins = []
    for _ in range(count):
        twin = app.test_client()
        for key, value in cookies.items():
            twin.set_cookie(key, value)
        twins.append(twin)
    return twins


def post_all_at_once(posts) -> list[int]:
    """Send (client, url, data) posts from threads released together; returns the status codes."""
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, url, data):
        barrier.wait()
        statuses[index] = client.post(url, data=data).status_code

    threads = [threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
