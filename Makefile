# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_HOME := .demo-home
MB     := MINUTEBOOK_HOME=$(DEMO_HOME) $(BIN)/minutebook

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
	-$(MB) ingest corpus/
	@echo; echo "== minutebook failures"
	$(MB) failures
	@echo; echo "== minutebook stats"
	$(MB) stats
	@echo; echo "== search: 'strategic alliance' in minutes"
	$(MB) search 'strategic alliance' --type minutes --limit 2
	@echo; echo "== search: Kent papers mentioning RESOLVED and budget, newest first"
	$(MB) search 'resolved AND budget' --council kent --sort date --limit 3
	@echo; echo "== search: a phrase and a field, parish minutes only"
	$(MB) search '"parish council" AND title:minutes' --from 2014 --limit 2
	@echo; echo "== recommendation table of the Bolsover scrutiny report (text version)"
	$(MB) recommendations --council bolsover --type report --limit 4
	@echo; echo "== savings of at least £10m in Kent papers"
	$(MB) findings --kind money --savings --min-amount 10000000 --council kent --limit 8
	@echo; echo "== resolutions about the budget"
	$(MB) findings budget --kind resolution --limit 4
	@echo; echo "== exports"
	$(MB) recommendations --format xlsx --output $(DEMO_HOME)/recommendations.xlsx
	$(MB) findings --kind money --format csv --output $(DEMO_HOME)/money.csv
	@echo; echo "== a second ingest of the same folder: everything unchanged"
	$(MB) ingest corpus/

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
