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
