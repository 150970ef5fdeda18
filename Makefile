# Two commands for a new user: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

.PHONY: run test bench install translations clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations -l $* --statistics

translations: $(MO_FILES)

# `make run` serves on plain http://127.0.0.1, so the session cookie cannot be marked Secure there.
# gunicorn.conf.py prints where it serves (PARTICIPATION_BIND) once it listens; `demo load` the login.
run: install translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	PARTICIPATION_SESSION_COOKIE_SECURE=false $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis translations/*/LC_MESSAGES/*.mo

bench: install translations
	$(BIN)/python -m benchmarks.run
