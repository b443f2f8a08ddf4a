# Two commands for a newcomer: `make run` and `make test`. See README.md.

PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
SHARED_DATA_DIR ?= ../shared/data
# Demo data replaces a missing data folder only when the folder is the default one, so that
# a mistyped SHARED_DATA_DIR fails instead of serving made-up hobbies.
DEMO_IF_MISSING := $(if $(filter file,$(origin SHARED_DATA_DIR)),--demo-if-missing)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/harrastuspassi_ci
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve import test test-postgres test-browser lint messages clean-venv

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

## run: install, migrate, import the data, create an administrator and serve on http://$(HOST):$(PORT)/
run: $(INSTALLED)
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) import_all --shift-dates $(DEMO_IF_MISSING) --data-dir "$(SHARED_DATA_DIR)"
	DEBUG=1 $(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## serve: serve without importing again
serve: $(INSTALLED)
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## import: import (or update) the data without serving
import: $(INSTALLED)
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) import_all --shift-dates $(DEMO_IF_MISSING) --data-dir "$(SHARED_DATA_DIR)"

# The test targets name their database, so that a DATABASE_URL exported for `make run`
# (see README) does not move `make test` onto another database.
SQLITE_TEST_URL := sqlite:///$(CURDIR)/var/db.sqlite3

## test: the whole suite on SQLite (browser tests skip without Chromium unless CI=true)
test: $(INSTALLED)
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/python -m pytest -n 2 -q

## test-postgres: the whole suite on PostgreSQL ($(PG_TEST_URL))
test-postgres: $(INSTALLED)
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -n 2 -q

## test-browser: only the Playwright tests
test-browser: $(INSTALLED)
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/python -m pytest -q -m browser

lint: $(INSTALLED)
	$(BIN)/ruff check .

# Each app keeps its own locale/ folder, so that apps can be translated independently.
APPS_WITH_LOCALE := $(patsubst %/locale,%,$(wildcard */locale))

## messages: extract and compile the fi/sv/en translations of every app and of templates/
messages: $(INSTALLED)
	for app in $(APPS_WITH_LOCALE); do \
		(cd $$app && DEBUG=1 ../$(BIN)/python ../manage.py makemessages --no-obsolete --no-location -l fi -l sv -l en) || exit 1; \
		if [ -d $$app/static ]; then (cd $$app && DEBUG=1 ../$(BIN)/python ../manage.py makemessages --no-obsolete --no-location -d djangojs -l fi -l sv -l en --ignore 'static/vendor/*') || exit 1; fi; \
	done
	DEBUG=1 $(MANAGE) compilemessages --ignore '.venv/*'

clean-venv:
	rm -rf $(VENV)
