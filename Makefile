# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_HOME := .demo-home

.PHONY: install demo test lint eval bench clean corpus crash-test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_HOME)
	@echo "== ingest corpus/ (two files are expected to fail: a scanned letter and a garbled PDF)"
	-MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook ingest corpus/
	@echo; echo "== failures"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook failures
	@echo; echo "== stats"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook stats
	@echo; echo "== search: 'strategic alliance' in minutes"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook search 'strategic alliance' --type minutes --limit 3
	@echo; echo "== search: 'RESOLVED' from Kent County Council, newest first"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook search 'resolved AND budget' --council kent --sort date --limit 3
	@echo; echo "== search: phrase with a field filter"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook search '"parish council" AND title:minutes' --limit 3
	@echo; echo "== a second ingest of the same folder: everything unchanged"
	MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook ingest corpus/ || true

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Score extraction against the hand-annotated gold in tests/gold (precision, recall, F1 per kind).
eval: $(STAMP)
	$(BIN)/python -m extract.evaluate --gold tests/gold --corpus corpus

# Ingest and search benchmark (BENCH_SIZE=small|large, BENCH_CORPUS=DIR for a folder of real papers).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Kill a bulk ingest at 20 random moments and check the catalog and index after each (a few minutes).
crash-test: $(STAMP)
	$(BIN)/python tests/crash_trials.py --trials $(or $(TRIALS),20)

# Re-render the seed papers to PDF and HTML (needs the dev extra: reportlab).
corpus: $(STAMP)
	$(BIN)/python corpus/render.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .ruff_cache .hypothesis *.egg-info
