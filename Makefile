# graphkam task runner. Quick start: `make demo` (set up + run on the embedded store),
# `make test` (install what the tests need, including Debian packages, and run the suite).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk openjdk-17-jdk-headless maven

.PHONY: demo serve test test-fast lint fmt install install-test system-deps neo4j-server bench load lock clean help

help:
	@echo "make demo   - set up .venv, load the sample portfolio into demo.db, show what it finds, serve the pages"
	@echo "              (make demo DEMO_SERVE=0 stops after the report)"
	@echo "make test   - install test dependencies (pip, apt, Maven) and run lint + the whole suite"
	@echo "make lint / fmt / bench / load / lock (refresh requirements/*.lock) / clean"

LOCK      := requirements/runtime.lock
TEST_LOCK := requirements/test.lock
# Exact versions with hashes; then graphkam itself, editable, with nothing else resolved.
PIP_LOCKED = $(BIN)/pip install -q --disable-pip-version-check --require-hashes -r
PIP_SELF   = $(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (graphkam needs Python 3.11+)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) $(LOCK)
	$(PIP_SELF)
	@touch $@

$(VENV)/.test-installed: $(TEST_LOCK) pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) $(TEST_LOCK)
	$(PIP_SELF)
	@touch $(VENV)/.installed $@

## Refresh both lock files from pyproject.toml (newest versions allowed by its ranges).
UV_COMPILE = $(BIN)/uv pip compile -q --universal --generate-hashes --python-version 3.11
lock: | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check uv
	$(UV_COMPILE) pyproject.toml requirements/build.in -o $(LOCK)
	$(UV_COMPILE) --extra test pyproject.toml requirements/build.in -o $(TEST_LOCK)

install: $(VENV)/.installed

install-test: $(VENV)/.test-installed system-deps neo4j-server

## Debian packages the tests need: Chromium (browser tests), CJK fonts, a JDK and Maven (Neo4j).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

## The Neo4j 5 test server: a tiny Java launcher built with Maven (jars cached in ~/.m2).
neo4j-server:
	@if [ -x tests/neo4j_server/build.sh ]; then tests/neo4j_server/build.sh; fi

DEMO_SERVE ?= 1
demo: install
	$(BIN)/graphkam demo --store sqlite:///$(CURDIR)/demo.db $(if $(filter 1,$(DEMO_SERVE)),--serve,--no-serve)

serve: install
	$(BIN)/graphkam serve --store sqlite:///$(CURDIR)/demo.db

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-fast: $(VENV)/.test-installed
	$(BIN)/pytest -x -q -m "not bolt and not browser"

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.test-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/graphkam bench --size small

## The load test: 16 clients, mixed reads and writes, 30 s against `graphkam serve` on loopback.
load: $(VENV)/.test-installed
	$(BIN)/python scripts/loadtest.py

clean:
	rm -rf $(VENV) build *.egg-info demo.db demo.db-wal demo.db-shm test-output tests/neo4j_server/target
