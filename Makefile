# Verkstad: `make demo` runs the site, `make test` runs the whole suite (GNU make).
# Every target is idempotent and quick when everything is already in place.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
VERKSTAD := $(BIN)/verkstad
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
LINT_PATHS := src tests bench

# What the tests need from Debian: the browser Playwright drives, PDF and gettext
# tools, WeasyPrint's text stack and the fonts the PDFs embed.
TEST_APT_PACKAGES := chromium poppler-utils gettext fonts-dejavu-core \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b

# apt-get as root, through sudo when it needs no password, or not at all.
SUDO := $(shell if [ "$$(id -u)" = 0 ]; then echo; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then echo sudo; \
	else echo none; fi)

# Stamps: reinstall only when pyproject.toml changes.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help demo test serve bench lint migrations-check messages clean \
	system-packages-test venv-check

help:
	@echo "make demo              install, migrate, seed and serve on http://$(HOST):$(PORT)"
	@echo "make test              install test dependencies and run the whole suite"
	@echo "make serve             the production server and task worker (no install, no seed)"
	@echo "make bench             every benchmark under bench/ (figures: docs/benchmarks.md)"
	@echo "make lint              ruff check and ruff format --check"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make messages          update and compile the Swedish catalogue"
	@echo "make clean             remove caches and build output (keeps .venv and var/)"

# --- the virtual environment ------------------------------------------------------------

venv-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "Verkstad needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1)."; \
		exit 1; }

$(BIN)/python: | venv-check
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
		if [ "$(SUDO)" = none ]; then \
			echo "python3 -m venv needs Debian's python3-venv: apt-get install python3-venv"; \
			exit 1; \
		fi; \
		$(SUDO) apt-get install -y --no-install-recommends python3-venv; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo needs only the project; the tests need the dev extras too (Playwright and
# friends, ~200 MB), so `make demo` does not pull them in.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@if [ -f $(DEV_STAMP) ] && [ $(DEV_STAMP) -nt pyproject.toml ]; then \
		echo "$(VENV) already has the project (with the dev extras)."; \
	else \
		$(BIN)/pip install --quiet -e .; \
	fi
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(RUN_STAMP)

# --- running the site -----------------------------------------------------------------

# Compile the catalogue only where msgfmt exists: the .mo files are committed.
define compile_messages
	@if command -v msgfmt >/dev/null; then \
		$(VERKSTAD) compilemessages --ignore '$(VENV)' --ignore var --ignore node_modules -v0; \
	else \
		echo "msgfmt not found: using the committed .mo files."; \
	fi
endef

demo: $(RUN_STAMP)
	$(VERKSTAD) migrate --noinput
	$(compile_messages)
	$(VERKSTAD) collectstatic --noinput -v0
	$(VERKSTAD) seed
	$(VERKSTAD) serve --host $(HOST) --port $(PORT)

serve: $(RUN_STAMP)
	$(VERKSTAD) serve --host $(HOST) --port $(PORT)

# --- tests and checks -----------------------------------------------------------------

system-packages-test:
	@missing=""; \
	for package in $(TEST_APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$(SUDO)" = none ]; then \
		echo "Missing Debian packages:$$missing (run as root or with sudo to install them)."; \
		exit 0; \
	fi; \
	echo "Installing Debian packages:$$missing"; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

test: export OMP_NUM_THREADS := 1
test: system-packages-test $(DEV_STAMP)
	$(BIN)/pytest -q -ra $(PYTEST_ARGS) tests

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

migrations-check: $(RUN_STAMP)
	$(VERKSTAD) makemigrations --check --dry-run

# Run from the package, as tests/core/test_translations.py does, so the catalogue
# holds exactly the strings of src/verkstad (no locations: smaller diffs).
messages: $(RUN_STAMP)
	cd src/verkstad && VERKSTAD_VAR_DIR='$(CURDIR)/var' '$(abspath $(VERKSTAD))' makemessages \
		-l sv --no-location --ignore migrations --ignore static --ignore __pycache__
	$(VERKSTAD) compilemessages --ignore '$(VENV)' --ignore var --ignore node_modules

# Every benchmark, one after the other (about 15 minutes); each prints its own figures, and
# those that check a target (HTTP, votes, brief) exit non-zero when they miss it; all run,
# and make fails if any missed. The vote and live-session benchmarks need PostgreSQL on
# 127.0.0.1:5432 (and live_load Redis on 127.0.0.1:6379: 1,000 phones for 60 s, production
# and demo set-ups); red-dwarf and aiohttp come from the bench extra.
BENCHES := bench/bench_http.py bench/bench_opinion_map.py bench/search.py \
	bench/bench_insight_import.py bench/bench_votes.py bench/bench_brief.py \
	bench/live_load.py

bench: $(RUN_STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@failed=""; for script in $(BENCHES); do \
		echo "== $$script"; \
		OMP_NUM_THREADS=1 $(BIN)/python $$script || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "missed a target:$$failed"; exit 1; fi

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache bench/out
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} +
