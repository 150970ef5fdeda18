"""Generated junk never causes a server error; posting is rate-limited; one form sent many times at
once stores one idea."""

import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from participation.extensions import db, limiter
from participation.ideas.models import Idea
from tests.ideas.steps import VALID, csrf_token, idea_by_title, open_form

junk_text = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", " ", "\x00", "<script>", "'; DROP TABLE ideas;--", "y", "x" * 5000, "١٢", "https://a.de " * 5]),
)
FIELDS = ["title", "body", "life_area", "locality", "display_name", "homepage", "submission_key",
          "confirm_personal", "confirm_different", "reason", "junk"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_junk_posted_to_the_idea_forms_never_causes_a_server_error(client, boards, data):
    idea = idea_by_title("Termine im Bürgerbüro online buchen")
    targets = ["/ideen/ganze-stadt/neu", "/ideen/mose/neu", f"/ideen/idee/{idea.id}/kommentieren",
               f"/ideen/idee/{idea.id}/melden", f"/ideen/idee/{idea.id}/unterstuetzen"]
    url = data.draw(st.sampled_from(targets))
    fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), junk_text, max_size=8))
    token = csrf_token(client, "/ideen/ganze-stadt/neu")
    response = client.post(url, data={**fields, "csrf_token": token})
    assert response.status_code in (302, 400, 413, 422), (url, response.status_code)


def test_posting_is_rate_limited(database_url, migrated_app, other_app):
    from participation.core.clock import town_today
    from participation.demo.ideas import load_demo_ideas
    from participation.demo.load import load_reference_data

    app = other_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_IDEA="2 per minute")
    try:
        with app.app_context():
            with app.test_request_context():
                load_reference_data()
                load_demo_ideas(town_today())
                db.session.commit()
            client = app.test_client()
            statuses = []
            for number in range(3):
                hidden = open_form(client)
                data = {**hidden, **VALID, "title": f"Idee Nummer {number} zum Testen"}
                data["body"] = f"{number} " + " ".join(["Wort%d" % (number * 50 + k) for k in range(30)])
                statuses.append(client.post("/ideen/ganze-stadt/neu", data=data).status_code)
            assert statuses == [302, 302, 429]
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()


def test_the_same_form_sent_many_times_at_once_stores_one_idea(app, client, boards):
    hidden = open_form(client)
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
    before = db.session.scalar(select(func.count()).select_from(Idea))
    clients = []
    for _ in range(6):
        twin = app.test_client()
        for key, value in cookies.items():
            twin.set_cookie(key, value)
        clients.append(twin)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def send(twin):
        barrier.wait()
        statuses.append(twin.post("/ideen/ganze-stadt/neu", data={**hidden, **VALID}).status_code)

    threads = [threading.Thread(target=send, args=(twin,)) for twin in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    db.session.commit()  # end the test's read transaction, which still sees the rows before
    assert db.session.scalar(select(func.count()).select_from(Idea)) == before + 1
