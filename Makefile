# Hangzhou MICE destination CMS. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# pyenv picks the interpreter named in .python-version; python3.13 elsewhere.
PYTHON ?= $(shell command -v python3.13 || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn workers for `make serve`; empty: twice the cores (nproc).
WORKERS ?=

# Shell prefixes that point Django at a project-local PostgreSQL cluster,
# unless DATABASE_URL (run) or TEST_DATABASE_URL (test) names another one.
DEV_DB := DATABASE_URL="$${DATABASE_URL:-$$(scripts/postgres.sh dev)}" && \
	export DATABASE_URL DEBUG="$${DEBUG:-1}"
TEST_DB := DATABASE_URL="$${TEST_DATABASE_URL:-$$(scripts/postgres.sh test)}" && \
	export DATABASE_URL SECRET_KEY="$${SECRET_KEY:-test-only-not-secret}" DEBUG=0
# The tests of several app servers share a project-local Redis; without one
# (not root, and no redis-server) they are skipped, or fail the run with CI=true.
TEST_REDIS := REDIS_TEST_URL="$${REDIS_TEST_URL:-$$(scripts/redis.sh test || true)}" && \
	export REDIS_TEST_URL
# The tests through a connection pooler: PgBouncer in transaction mode in front
# of the test cluster (none when TEST_DATABASE_URL names another database).
TEST_POOLER := PGBOUNCER_TEST_URL="$${PGBOUNCER_TEST_URL:-$$([ -n "$${TEST_DATABASE_URL:-}" ] || \
	scripts/pgbouncer.sh test || true)}" && export PGBOUNCER_TEST_URL
# The object-storage tests: moto's S3 API (requirements-dev.txt) on loopback.
TEST_OBJECTSTORE := S3_TEST_URL="$${S3_TEST_URL:-$$(VENV=$(VENV) scripts/objectstore.sh test || true)}" && \
	export S3_TEST_URL

# pytest-xdist workers for `make test`, each with a test database of its own:
# one a core, at most 4 (each migrates its database, and may start a Chromium).
# TEST_WORKERS=0 runs the tests in make's own pytest process (for --pdb).
TEST_WORKERS ?= auto

BENCH_SCALE ?= 1.0

# The pinned requirements go in with uv (pip only installs uv itself): some
# 40 s on a fresh machine where pip took 80, most of it resolving and
# compiling. Compiled to bytecode at install, as pip does, so that no process
# compiles a library again (PYTHONDONTWRITEBYTECODE or not). uv reads
# UV_INDEX_URL, not pip's configuration, for a mirror of PyPI.
UV_VERSION := 0.13.10
REQUIREMENTS_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check \
	uv==$(UV_VERSION) && $(VENV)/bin/uv pip install --quiet --compile-bytecode \
	--python $(PY)

.PHONY: help venv messages browser run serve test lint format migrations-check db-stop db-reset bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13) and \
		"Python 3.13 is required (.python-version); set PYTHON=/path/to/python3.13")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(REQUIREMENTS_INSTALL) -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Our catalogues: .po committed, .mo built here (gettext's msgfmt).
PO := $(wildcard locale/*/LC_MESSAGES/*.po locale_overrides/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)
%.mo: %.po
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } || \
		{ echo "msgfmt not found: install gettext (Debian: apt-get install gettext)"; exit 1; }
	msgfmt --check -o $@ $<

messages: $(MO) ## Compile the translation catalogues

# The browser tests (tests/browser/) drive Debian's headless Chromium, with a
# Chinese font; never a downloaded browser build (`playwright install`).
browser: ## Install headless Chromium and a Chinese font for the browser tests
	@{ command -v chromium && fc-list :lang=zh family | grep -q .; } >/dev/null 2>&1 || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-zenhei >/dev/null; } || \
		{ echo "chromium or a Chinese font not found: install them" \
		"(Debian: apt-get install chromium fonts-wqy-zenhei)"; exit 1; }

run: venv messages ## Serve the site with demo content at http://127.0.0.1:8000 (HOST, PORT), with a task worker
	@$(DEV_DB) && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_demo --site-url http://$(HOST):$(PORT) && \
	{ scripts/supervise.sh $(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT); }

serve: venv messages ## Serve as in production (gunicorn, DEBUG=0, a supervised task worker) with demo content at http://127.0.0.1:8000 (HOST, PORT, WORKERS)
	@HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) scripts/serve.sh

test: lint messages browser ## Lint, check migrations and run the tests on PostgreSQL (with Redis, PgBouncer and an S3 API)
	@$(TEST_DB) && $(TEST_REDIS) && $(TEST_POOLER) && $(TEST_OBJECTSTORE) && \
	$(PY) manage.py makemigrations --check --dry-run && \
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal $(PYTEST_ARGS)

lint: venv ## Ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv ## Fail when models and migrations disagree
	@$(TEST_DB) && $(PY) manage.py makemigrations --check --dry-run

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(REQUIREMENTS_INSTALL) -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-installed messages ## Benchmarks (BENCH_SCALE=0.1 for a quick run)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq wrk >/dev/null); } || \
		echo "wrk not found: the page benchmarks will be skipped"
	@DATABASE_URL=$$(PG_DATABASE=hangzhou_mice_bench_$$(echo $(BENCH_SCALE) | tr . _) \
		scripts/postgres.sh dev) && export DATABASE_URL && \
	BENCH_REDIS_URL=$$(scripts/redis.sh dev || true) && export BENCH_REDIS_URL && \
	BENCH_SCALE=$(BENCH_SCALE) $(PY) bench/run.py

db-stop: ## Stop the project-local PostgreSQL clusters, Redis servers, pooler and S3 API
	scripts/postgres.sh dev stop
	scripts/postgres.sh test stop
	scripts/redis.sh dev stop
	scripts/redis.sh test stop
	scripts/pgbouncer.sh test stop
	scripts/objectstore.sh test stop

db-reset: ## Delete the development database cluster (demo content comes back on make run)
	scripts/postgres.sh dev destroy
