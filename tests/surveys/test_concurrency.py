"""Concurrent submissions: N residents store N responses; one idempotency key stores one."""

import threading

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.records import ParticipationCount, Response
from tests.helpers import Resident, demo_answers, form_fields

THREADS = 8


def prepare_final_page(client) -> tuple[Resident, dict]:
    resident = Resident(client)
    resident.start()
    pages = demo_answers()
    for number, answers in enumerate(pages[:4], 1):
        resident.post_page(number, answers)
    return resident, {**form_fields(resident.html), **pages[4], "action": "submit"}


def post_all_at_once(posts) -> list[int]:
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, data):
        barrier.wait()
        statuses[index] = client.post("/umfragen/digitales-wolmirstedt/seite/5", data=data).status_code

    threads = [threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_residents_all_get_stored(app, demo):
    posts = []
    for _ in range(THREADS):
        client = app.test_client()
        _, data = prepare_final_page(client)
        posts.append((client, data))
    statuses = post_all_at_once(posts)
    assert statuses == [302] * THREADS
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Response)) == THREADS
    assert db.session.scalar(select(func.sum(ParticipationCount.count))) == THREADS
    assert db.session.scalar(select(func.count()).select_from(ParticipationCount)) == 1


def test_same_form_sent_many_times_at_once_is_stored_once(app, demo):
    client = app.test_client()
    _, data = prepare_final_page(client)
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
    posts = []
    for _ in range(THREADS):
        twin = app.test_client()
        for key, value in cookies.items():
            twin.set_cookie(key, value)
        posts.append((twin, data))
    statuses = post_all_at_once(posts)
    assert statuses == [302] * THREADS
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.sum(ParticipationCount.count))) == 1
