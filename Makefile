# govhall — see README.md. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH ?=

.PHONY: run test test-browser lint typecheck bench messages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("govhall needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/govhall serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/pytest

test-browser: $(VENV)/.installed-dev
	$(BIN)/pytest -m browser

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	PYTHONPATH=src $(BIN)/lint-imports

bench: $(VENV)/.installed-dev
	@if [ -n "$(BENCH)" ]; then $(BIN)/python bench/$(BENCH).py; \
	else status=0; for script in bench/*.py; do [ "$$(basename $$script)" = "_harness.py" ] && continue; \
	  $(BIN)/python $$script || status=1; done; exit $$status; fi

messages: $(VENV)/.installed-dev
	cd src/govhall && GOVHALL_DATA_DIR=../../var ../../$(BIN)/govhall makemessages --locale en --ignore 'migrations/*' && GOVHALL_DATA_DIR=../../var ../../$(BIN)/govhall compilemessages --locale en

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
