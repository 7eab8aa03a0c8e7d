# graphkam task runner. Quick start: `make demo` (set up + run on the embedded store),
# `make test` (install what the tests need, including Debian packages, and run the suite).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk openjdk-17-jdk-headless maven

.PHONY: demo serve test test-fast lint fmt install install-test system-deps neo4j-server bench load clean help

help:
	@echo "make demo   - set up .venv, load the sample portfolio into demo.db, show what it finds, serve the pages"
	@echo "              (make demo DEMO_SERVE=0 stops after the report)"
	@echo "make test   - install test dependencies (pip, apt, Maven) and run lint + the whole suite"
	@echo "make lint / fmt / bench / load / clean"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (graphkam needs Python 3.11+)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $(VENV)/.installed $@

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
	$(BIN)/graphkam demo --store sqlite:///demo.db $(if $(filter 1,$(DEMO_SERVE)),--serve,--no-serve)

serve: install
	$(BIN)/graphkam serve --store sqlite:///demo.db

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
