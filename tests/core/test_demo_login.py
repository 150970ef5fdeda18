"""The demo login that `make run` prints: e-mail and password in a file per database, always working."""

from sqlalchemy import select

from participation.demo.load import DEMO_STAFF_EMAIL, demo_login_file, load_demo_staff
from participation.extensions import db
from participation.staff.models import StaffUser
from participation.staff.passwords import verify_password
from tests.conftest import _migrate_fresh


def _opens(email: str, password: str) -> bool:
    user = db.session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
    return user.is_active_account and verify_password(user.password_hash, password)


def _load(app, instance) -> tuple[str, str]:
    login = load_demo_staff(str(instance), app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.commit()
    return login


def test_a_second_load_prints_the_same_working_login_and_the_file_holds_both(app, tmp_path):
    first = _load(app, tmp_path)
    second = _load(app, tmp_path)
    assert first == second and first[0] == DEMO_STAFF_EMAIL and _opens(*first)
    path = demo_login_file(str(tmp_path), app.config["SQLALCHEMY_DATABASE_URI"])
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines == list(first)
    assert path.stat().st_mode & 0o077 == 0  # only the owner may read it


def test_each_database_has_its_own_file_and_loading_another_leaves_the_first_working(app, other_app, tmp_path):
    first = _load(app, tmp_path)
    other = other_app("sqlite:///" + str(tmp_path / "other.sqlite"))
    _migrate_fresh(other)
    with other.app_context():
        second = _load(other, tmp_path)
        assert _opens(*second)
        assert demo_login_file(str(tmp_path), other.config["SQLALCHEMY_DATABASE_URI"]) == tmp_path / "other.sqlite.demo-login.txt"
    assert second[1] != first[1]
    assert demo_login_file(str(tmp_path), app.config["SQLALCHEMY_DATABASE_URI"]) != tmp_path / "other.sqlite.demo-login.txt"
    assert _load(app, tmp_path) == first and _opens(*first)


def test_a_file_that_no_longer_opens_the_account_is_replaced(app, tmp_path):
    email, password = _load(app, tmp_path)
    path = demo_login_file(str(tmp_path), app.config["SQLALCHEMY_DATABASE_URI"])
    path.write_text(f"{email}\nein altes Passwort\n")  # e.g. written for a database that was recreated since
    renewed = _load(app, tmp_path)
    assert renewed[1] not in (password, "ein altes Passwort") and _opens(*renewed)
    user = db.session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
    user.is_active_account = False  # someone deactivated the demo account while trying the staff pages
    db.session.commit()
    assert _opens(*_load(app, tmp_path))


def test_the_old_shared_file_is_removed(app, tmp_path):
    (tmp_path / "demo-login.txt").write_text("ein Passwort irgendeiner Datenbank")
    _load(app, tmp_path)
    assert not (tmp_path / "demo-login.txt").exists()


def test_a_postgresql_file_is_named_after_the_database_without_its_password(tmp_path):
    path = demo_login_file(str(tmp_path), "postgresql+psycopg://wolmir:geheim@db.example/beteiligung")
    assert path.parent == tmp_path and path.name.startswith("demo-login-beteiligung-") and "geheim" not in path.name
    assert path != demo_login_file(str(tmp_path), "postgresql+psycopg://wolmir:geheim@db.example/beteiligung_test")
