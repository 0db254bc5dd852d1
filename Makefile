# Fulcrum: `make run` serves a populated site, `make test` runs the suite.
# Each target bootstraps what it needs: the virtualenv, packages, database.

PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format coverage browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_content

run: demo
	@echo "Serving Fulcrum at http://$(HOST):$(PORT)/ (admin at /admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests need Debian's Chromium; see .ci/run.
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

coverage: install
	$(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage report

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

# Lighthouse scores, page weight and LCP of the public pages on a throwaway
# site, against a static copy of the home page; needs node and /usr/bin/chromium.
.PHONY: bench-pages
bench-pages: install
	$(BIN)/python bench/page_quality.py

# Import rate and peak memory of import_commentaries against loaddata of the
# same 100,000 commentaries (COUNT=5000 for a quick run).
.PHONY: bench-import
COUNT ?= 100000
bench-import: install
	$(BIN)/python bench/import_bench.py --count $(COUNT)

# import_wordpress of a generated 10,000-post export (50 MB or more): time and
# peak memory, first import and no-op re-import.
.PHONY: bench-wordpress
bench-wordpress: install
	$(BIN)/python bench/wordpress_bench.py

# The site as production runs it, on this machine: FULCRUM_ENV=production,
# static files collected (fingerprinted, compressed), gunicorn with
# fulcrum/gunicorn.conf.py. Plain HTTP here, so no HTTPS redirect; media are
# served by Django as on a single server. The secret key is made once and kept.
.PHONY: serve
SERVE_ENV = FULCRUM_ENV=production SECRET_KEY="$$(cat var/serve-secret-key)" \
	ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
serve: demo
	@test -s var/serve-secret-key || (umask 077 && $(BIN)/python -c \
		'import secrets; print(secrets.token_urlsafe(64))' > var/serve-secret-key)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Serving Fulcrum (production settings) at http://$(HOST):$(PORT)/"
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(BIN)/gunicorn fulcrum.wsgi -c fulcrum/gunicorn.conf.py

# Requests/s and p50/p99 of the public pages under gunicorn + wrk, cold and
# cached, beside a static file of the same size; 100 and 100,000 commentaries;
# a 60-second soak. About 10 minutes (BENCH_ARGS=--quick: about 3).
.PHONY: bench-serve
bench-serve: install
	$(BIN)/python bench/serve_bench.py $(BENCH_ARGS)
