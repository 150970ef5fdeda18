"""One code sent by 20 residents at the same moment stores exactly one response (SQLite and PostgreSQL)."""

import threading

from sqlalchemy import func, select

from participation.access.models import AccessCode, AccessCodeCount
from participation.extensions import db
from participation.surveys.records import ParticipationCount, Response, SubmissionKey
from tests.helpers import DEMO_PATH

RESIDENTS = 20


def send_all_at_once(posts) -> list:
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(index, client, data):
        barrier.wait()
        response = client.post(DEMO_PATH + "/seite/5", data=data)
        results[index] = (response.status_code, response.location)

    threads = [threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_one_code_sent_by_twenty_residents_at_once_is_used_once(app, make_codes, resident_with_code):
    [code] = make_codes(1)
    posts = []
    for _ in range(RESIDENTS):
        client = app.test_client()  # each with its own session: its own draft, key and cookie
        resident, last_page = resident_with_code(client, code)
        posts.append((client, last_page))
    assert len({data["submission_key"] for _, data in posts}) == RESIDENTS

    results = send_all_at_once(posts)

    assert all(status == 302 for status, _ in results), results
    thanked = [location for _, location in results if location.endswith("/danke")]
    refused = [location for _, location in results if location.endswith(DEMO_PATH)]
    assert (len(thanked), len(refused)) == (1, RESIDENTS - 1), results
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(AccessCode)) == 0  # used up: deleted
    assert db.session.execute(select(AccessCodeCount.made, AccessCodeCount.used)).one() == (1, 1)
    assert db.session.scalar(select(func.sum(ParticipationCount.count))) == 1
    # The refused submissions were rolled back whole: not even their idempotency keys remain.
    assert db.session.scalar(select(func.count()).select_from(SubmissionKey)) == 1
