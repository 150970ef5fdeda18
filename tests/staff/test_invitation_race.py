"""One invitation link redeemed by ten browsers at the same moment sets exactly one password."""

import threading

from sqlalchemy import func, select

from participation.extensions import db
from participation.staff import services
from participation.staff.models import AuditEvent, StaffToken, StaffUser
from participation.staff.passwords import verify_password
from tests.helpers import form_fields

BROWSERS = 10


def post_all_at_once(posts) -> list[int]:
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, data):
        barrier.wait()
        statuses[index] = client.post("/verwaltung/passwort", data=data).status_code

    threads = [threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_an_invitation_is_accepted_exactly_once_under_ten_simultaneous_redemptions(app):
    user = services.create_user("neu@example.org", {"editor"})
    token = services.issue_token(app.config["SECRET_KEY"], user, "invite")
    db.session.commit()

    posts = []
    for number in range(BROWSERS):
        client = app.test_client()  # each browser with its own session and CSRF token
        form = form_fields(client.get(f"/verwaltung/passwort?token={token}").get_data(as_text=True))
        password = f"Passwort Nummer {number:02d}!"
        posts.append((client, {**form, "password": password, "confirm": password}))

    statuses = post_all_at_once(posts)

    assert sorted(statuses) == [302] + [400] * (BROWSERS - 1), statuses
    winner = statuses.index(302)
    db.session.expire_all()
    account = db.session.get(StaffUser, user.id)
    assert verify_password(account.password_hash, posts[winner][1]["password"])
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "staff.password_set")) == 1
    assert db.session.scalars(select(StaffToken.used)).all() == [True]
    # Only the winner is logged in.
    logged_in = [client.get("/verwaltung/").status_code == 200 for client, _ in posts]
    assert logged_in == [index == winner for index in range(BROWSERS)]
