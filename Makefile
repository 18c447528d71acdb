# allywatch: two commands do all the set-up on a fresh machine (Python 3.11, make, git).
#   make demo   - virtualenv, install, ingest the bundled examples into SQLite, print what was stored
#   make test   - install what tests need (incl. system packages when root), ruff, mypy, pytest

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo-out/allywatch.sqlite

.PHONY: install demo test lint typecheck system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

DEMO_REPORT ?= demo-out/report.html

demo: install
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/allywatch ingest examples/ --db sqlite:///$(DEMO_DB)
	$(BIN)/allywatch documents --db sqlite:///$(DEMO_DB)
	$(BIN)/allywatch events --actor RUS --negated --db sqlite:///$(DEMO_DB)
	$(BIN)/allywatch report RUS --html $(DEMO_REPORT) --db sqlite:///$(DEMO_DB)
	@echo "Stored in $(DEMO_DB); report on RUS written to $(DEMO_REPORT) (opens offline)."
	@echo "Next: $(BIN)/allywatch reliability RUS --db sqlite:///$(DEMO_DB)"
	@echo "      $(BIN)/allywatch serve --db sqlite:///$(DEMO_DB)"

system-deps:
	bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

test: install system-deps lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache
