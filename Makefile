# Fulcrum: `make run` serves a populated site, `make test` runs the suite.
# Each target bootstraps what it needs: the virtualenv, packages, database.
# `make help` lists the targets.

PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The fast lane: no browser, no real servers, no corpus, nothing marked slow,
# on two processes.
CHECK_MARKERS := not browser and not system and not corpus and not slow

.PHONY: help run test check install install-dev system-packages migrate demo \
	lint format coverage browser bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk -F':.*## ' '{ printf "  make %-16s %s\n", $$1, $$2 }'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What running the site needs; reinstalled whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test and lint tools (the dev dependency group), on top.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --group dev
	touch $@

install: $(VENV)/.installed ## Create .venv and install what running needs

install-dev: $(VENV)/.installed-dev ## Also install the test and lint tools

system-packages: ## Check (as root: install) Chromium, CJK fonts, PostgreSQL, Redis
	@.ci/system-packages

migrate: install ## Create or update the database (SQLite in var/ by default)
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo content and accounts (idempotent)
	$(BIN)/python manage.py load_demo_content --site-url http://$(HOST):$(PORT)

# The demo accounts (a new password is shown once) are printed last, just
# before the server starts, so they stay on screen.
run: migrate ## Serve the demo site, printing the demo accounts (PORT=8101: another port)
	@accounts=$$($(BIN)/python manage.py load_demo_content --site-url http://$(HOST):$(PORT)) \
		|| { printf '%s\n' "$$accounts"; exit 1; }; \
	echo; printf '%s\n' "$$accounts"; echo; \
	echo "Serving Fulcrum at http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"; \
	exec $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The apps' layers (import-linter contracts in pyproject.toml) come first.
test: install-dev system-packages ## The whole suite: lint-imports, migrations, every test
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install-dev ## The fast lane: unit and integration tests on SQLite (no browser, system, corpus or slow tests)
	DATABASE_URL= CACHE_URL= REDIS_URL= $(BIN)/python -m pytest -n 2 -m "$(CHECK_MARKERS)" $(PYTEST_ARGS)

coverage: install-dev ## The suite under coverage, with a report
	$(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage report

lint: install-dev ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## ruff: fix and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove .venv, var/, staticfiles/
	rm -rf $(VENV) var staticfiles .pytest_cache

# Lighthouse scores, page weight and LCP of the public pages on a throwaway
# site, against a static copy of the home page; needs node and /usr/bin/chromium.
.PHONY: bench-pages
bench-pages: install-dev ## Lighthouse scores and weight of the public pages
	$(BIN)/python bench/page_quality.py

# Import rate and peak memory of import_commentaries against loaddata of the
# same 100,000 commentaries (COUNT=5000 for a quick run).
.PHONY: bench-import
COUNT ?= 100000
bench-import: install-dev ## Import rate and memory of import_commentaries (COUNT=)
	$(BIN)/python bench/import_bench.py --count $(COUNT)

# import_wordpress of a generated 10,000-post export (50 MB or more): time and
# peak memory, first import and no-op re-import.
.PHONY: bench-wordpress
bench-wordpress: install-dev ## import_wordpress of a 10,000-post export
	$(BIN)/python bench/wordpress_bench.py

# The site as production runs it, on this machine: FULCRUM_ENV=production,
# static files collected (fingerprinted, compressed), gunicorn with
# fulcrum/gunicorn.conf.py. Plain HTTP here, so no HTTPS redirect; media are
# served by Django as on a single server. The secret key is made once and kept.
.PHONY: serve
SERVE_ENV = FULCRUM_ENV=production SECRET_KEY="$$(cat var/serve-secret-key)" \
	ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
serve: demo ## The site with production settings under gunicorn
	@test -s var/serve-secret-key || (umask 077 && $(BIN)/python -c \
		'import secrets; print(secrets.token_urlsafe(64))' > var/serve-secret-key)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Serving Fulcrum (production settings) at http://$(HOST):$(PORT)/"
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(BIN)/gunicorn fulcrum.wsgi -c fulcrum/gunicorn.conf.py

# Requests/s and p50/p99 of the public pages under gunicorn + wrk, cold and
# cached, beside a static file of the same size; 100 and 100,000 commentaries;
# a 60-second soak. About 10 minutes (BENCH_ARGS=--quick: about 3).
.PHONY: bench-serve
bench-serve: install-dev ## Requests/s of the public pages under gunicorn + wrk
	$(BIN)/python bench/serve_bench.py $(BENCH_ARGS)

# Full-page PNGs of every public page of a throwaway demo site, at 390 and
# 1280 px, into var/screenshots/ (Playwright with /usr/bin/chromium).
.PHONY: screenshots
screenshots: install-dev ## PNGs of every public page at 390 and 1280 px (var/screenshots/)
	$(BIN)/python bench/screenshots.py
