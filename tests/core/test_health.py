"""`/healthz` for load balancers: the app and its database, in JSON, cheap, without personal data.
(A database that stops answering: test_hanging_database.py.)"""

from participation.extensions import limiter


def test_a_healthy_site_says_so_and_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    # Nothing that helps an attacker: no versions, no host or database names.
    assert response.get_data(as_text=True).replace(" ", "") == '{"database":"ok","status":"ok"}\n'


def test_a_load_balancer_may_ask_every_second_without_being_limited(database_url, migrated_app, other_app):
    app = other_app(database_url, RATELIMIT_ENABLED=True)
    try:
        client = app.test_client()
        assert {client.get("/healthz").status_code for _ in range(120)} == {200}
        assert client.head("/healthz").status_code == 200
    finally:
        limiter.reset()
        limiter.enabled = False


def test_an_unreachable_database_is_a_503(tmp_path, other_app):
    app = other_app("sqlite:///" + str(tmp_path / "missing" / "folder" / "db.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable"}
    assert response.headers["Cache-Control"] == "no-store"
