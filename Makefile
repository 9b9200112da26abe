# Jämlik stad — two commands: `make run` and `make test`. Both install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The data package is read where it lies, never copied into the repository.
JAMLIK_DATA ?= $(abspath ../shared/data)
export JAMLIK_DATA
# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMP := $(VENV)/.installed

.PHONY: run test lint style bench chromium postgres npm clean lock

# Exactly the versions in requirements.lock, each checked against its sha256 there, so every
# machine runs the code that was tested; then the project itself, with no further downloads
# (setuptools comes from the lock too). The venv is rebuilt when the lock changes.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing the dependencies in pyproject.toml: pin them again (kept versions stay
# unless `make lock UPGRADE=--upgrade`). Needs the package index.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --all-extras --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links $(UPGRADE) \
	  --output-file requirements.lock pyproject.toml

run: $(STAMP)
	$(BIN)/jamlik serve

# Browser tests and figure export use Debian's chromium; Playwright never downloads a browser.
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-liberation; }

# The accessibility tests inject axe-core, installed from the npm registry by the lock file
# (never from a CDN); npm ci reuses npm's cache, so it also runs without network once filled.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	cd tests/browser && npm ci --prefer-offline --no-audit --no-fund
	touch $(AXE)

npm: $(AXE)

# The store's tests run against SQLite and PostgreSQL. They start their own throwaway server
# (initdb + pg_ctl on 127.0.0.1, a free port, a temporary folder) from Debian's binaries, so
# only the package is needed, not a running service. JAMLIK_TEST_POSTGRES_URL points the
# tests at an existing server instead.
postgres:
	@test -x "$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | head -1)" || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

style: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The audit says plainly when no vulnerability database can be reached, and does not fail
# the build for that; it fails only for a known vulnerability in a locked package. It asks
# an advisory database on the internet, so `make test` (which reaches nothing but the
# package registries it installs from) runs only the style checks.
lint: style
	$(BIN)/jamlik audit

test: $(STAMP) chromium postgres npm style
	$(BIN)/python -m pytest

bench: $(STAMP) chromium
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache tests/browser/node_modules
