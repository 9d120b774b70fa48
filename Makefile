# SmåKom CMS — run `make help` for the list of targets.
# Python 3.11: python3.11 if it is on the PATH, else python3 (checked when the venv is created).
PYTHON_BIN ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000


# Absolute links (admin e-mails, canonical URLs) point at the address the site is served on.
run setup demo admin serve: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install run serve setup migrate demo admin test coverage lint format \
	migrations-check check deploy-check lock clean openapi fuzz messages worker browser-tests screenshots \
	checkers \
	bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON_BIN) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || \
		{ echo "Python 3.11 is required (set PYTHON_BIN=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

setup: install migrate demo admin ## Install, migrate, load the demo content, create an admin

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

demo: install ## Load (or refresh) the demo content; safe to run again
	$(PY) manage.py load_demo_content

admin: install ## Create the admin user (ADMIN_USERNAME / ADMIN_PASSWORD, else printed)
	$(PY) manage.py ensure_admin

run: setup serve ## Set everything up and serve the site at http://$(HOST):$(PORT)/

# The worker runs beside the server (scheduled publishing, Wagtail's background tasks) and stops
# with it.
serve: install ## Serve the site, with a background worker, without setting anything up
	@$(PY) manage.py worker --no-reload --verbosity 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install ## Run the background worker alone (scheduled publishing; see docs/deploy.md)
	$(PY) manage.py worker

# pytest's exit status 5 means it collected no tests: for this project that is a failure.
PYTEST_ARGS ?= -n auto
test: install ## Run the whole test suite (PostgreSQL when DATABASE_URL is set)
	@DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

# axe-core and the Nu HTML Checker (vnu-jar, run on Java) for the browser tests' page checks; npm
# runs no install script (vnu-jar's would fetch a Java of its own).
checkers: ## Install the browser tests' page checkers from package-lock.json (needs npm and Java)
	npm ci --ignore-scripts --no-audit --no-fund

browser-tests: install checkers ## Run only the browser tests (Playwright and Debian's chromium)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest tests/browser $(PYTEST_ARGS)

# The editor's guide shows the screenshots the browser tests take (build/screenshots/, ignored
# by git); this copies them where docs/editors.md finds them.
screenshots: browser-tests ## Take the browser tests' screenshots and copy them into docs/img/editors/
	mkdir -p docs/img/editors && cp build/screenshots/*.png docs/img/editors/

coverage: install ## Run the tests with a coverage report
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m coverage run -m pytest && $(PY) -m coverage report

# The catalogues' msgids are the Swedish source strings; the compiled .mo files are committed so
# that a fresh clone shows English without GNU gettext. Both steps need gettext installed.
MESSAGES_ARGS := --locale sv --locale en --ignore .venv --ignore static --ignore tests --add-location file \
	--no-obsolete
messages: install ## Update locale/*/django.po from the code and templates, then compile them
	$(PY) manage.py makemessages $(MESSAGES_ARGS)
	$(PY) manage.py compilemessages --ignore .venv

openapi: install ## Regenerate docs/openapi.json, the committed v3 API contract
	$(PY) manage.py export_openapi docs/openapi.json

# Fuzzing API v3 with schemathesis: every check, on every operation of the served schema that can
# be called on the fuzzed site, anonymously; with FUZZ_TOKEN (a bearer token, e.g. from
# `manage.py api_tokens create`), the reads that need a token are fuzzed again as its user.
# Left out, each for a reason:
# - The positive_data_acceptance check (a request the schema allows must succeed). Some refusals
#   can't be stated per parameter in OpenAPI: Wagtail's listings refuse order=random with an
#   offset and child_of with descendant_of, and without a token rich_text_format may only be
#   html. Each is a documented 400 or 422 (tests/core/api/test_v3_contract.py checks the
#   constraints that can be stated: locale, lan, limit, offset, ids).
# - Writes (POST, PUT, PATCH, DELETE): they are off on the fuzzed site, as in production
#   (API_WRITE_ENABLED), and answer a documented 405 before reading a token or a body.
#   tests/core/api/test_v3_contract.py and test_v3_writes.py cover them, off and on.
# - Snippet revision and publishing routes: no snippet here has revisions or drafts, so those
#   routes accept no type at all and nothing can be generated for them.
FUZZ_URL ?= http://$(HOST):$(PORT)
FUZZ_TOKEN ?=
FUZZ_RUN = $(VENV)/bin/schemathesis run $(FUZZ_URL)/api/v3/openapi.json --url $(FUZZ_URL) \
	--checks all --exclude-checks positive_data_acceptance \
	--exclude-path-regex "/snippets/.*/(revisions|actions)/" \
	--max-examples $${FUZZ_EXAMPLES:-20} --seed 2026 --generation-database none --no-color
FUZZ_TOKEN_READS = ^GET /api/v3/(sites|schema|snippets|whoami|pages/\{page_id\}/revisions)
fuzz: install ## Fuzz API v3 from its OpenAPI schema against a running site (FUZZ_URL, FUZZ_TOKEN)
	$(FUZZ_RUN) --include-name-regex '^GET '
	@if [ -n "$(FUZZ_TOKEN)" ]; then \
		echo "Again with FUZZ_TOKEN, the reads that need a token:"; \
		$(FUZZ_RUN) --include-name-regex '$(FUZZ_TOKEN_READS)' \
			-H "Authorization: Bearer $(FUZZ_TOKEN)"; \
	fi

# The benchmark (bench/, docs/performance.md): the site under gunicorn with production settings on
# PostgreSQL (database smakom_bench, made and filled on first use) beside a bare Django view, driven
# by wrk (Debian's package, installed here when missing); a table in build/bench/. SCALE=N measures
# a database of N news items too (smakom_bench_N, made once by generate_scale_content) and compares.
# Never run in CI: it times things.
BENCH_SECONDS ?= 5
SCALE ?=
bench: install ## Benchmark the site against a bare Django view (BENCH_SECONDS, SCALE, BENCH_ONLY; docs/performance.md)
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (Debian's package)…"; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench --seconds $(BENCH_SECONDS) $(if $(SCALE),--scale $(SCALE)) \
		$(if $(BENCH_ONLY),--only '$(BENCH_ONLY)')

lint: install ## Check code style with ruff, and the layers' imports with import-linter
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Format and fix the code with ruff
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install ## Fail if a model change lacks a migration
	$(PY) manage.py makemigrations --check --dry-run

check: install ## Django's system checks
	$(PY) manage.py check

deploy-check: install ## Production settings' deployment checks (with sample values)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$${SECRET_KEY:-deploy-check-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-www.smakom.se} \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///deploy-check.sqlite3} \
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-https://www.smakom.se} \
	$(PY) manage.py check --deploy --fail-level WARNING

lock: ## Re-resolve pyproject.toml's dependencies into requirements/*.txt
	rm -rf .venv-lock && $(PYTHON_BIN) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet .
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^smakom-cms' > requirements/base.txt
	.venv-lock/bin/pip install --quiet '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^smakom-cms' > requirements/dev.txt
	rm -rf .venv-lock

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 static node_modules .pytest_cache .ruff_cache
