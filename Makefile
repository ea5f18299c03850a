# Two commands set everything up on a fresh machine:
#   make briefing   build the default briefing from the shipped data into reports/
#   make test       run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KERNEL := export-controls-toolkit
STAMP := $(VENV)/.setup-stamp

.PHONY: setup briefing briefings test test-fast lint check-install lab docs screenshot benchmark clean help

help:
	@echo "make briefing   build the default briefing (reports/state-of-play.html and .pdf)"
	@echo "make briefings  build every briefing in reports.toml"
	@echo "make test       lint, then run every test (with a coverage report)"
	@echo "make test-fast  lint, then the tests that need no browser, PDF or notebook run"
	@echo "make lint       ruff, the import layering (lint-imports) and the type checker (mypy)"
	@echo "make check-install  pip install . into a fresh venv and build from a copied project"
	@echo "make lab        open JupyterLab on notebooks/ with the project's kernel"
	@echo "make docs       regenerate docs/data.md from data/datapackage.json"
	@echo "make screenshot regenerate docs/briefing.png"
	@echo "make benchmark  print the analysis, build, loader and scale benchmarks"
	@echo "make setup      create .venv, install the project and its kernel"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing the project (editable, with test extras) into $(VENV)"
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test]'
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python 3 (export-controls toolkit)" >/dev/null
	@echo "registered Jupyter kernel '$(KERNEL)' -> $(abspath $(PY))"
	@touch $(STAMP)
	@echo "setup done: $(VENV) ready ($$($(PY) --version))"

briefing: setup
	@scripts/system-deps.sh briefing
	$(PY) -m toolkit validate data
	$(PY) -m toolkit build

briefings: setup
	@scripts/system-deps.sh briefing
	$(PY) -m toolkit validate data
	$(PY) -m toolkit build state-of-play servicing-gap-2024-04-26 by-jurisdiction

lint: setup
	$(PY) -m ruff check toolkit tests benchmarks scripts
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

test: lint
	@scripts/system-deps.sh test
	$(PY) -m pytest --cov=toolkit --cov-report=term:skip-covered $(PYTEST_ARGS)

test-fast: lint
	$(PY) -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

check-install:
	scripts/check-install.sh

lab: setup
	@$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

docs: setup
	$(PY) -m toolkit docs

screenshot: setup
	$(PY) scripts/screenshot.py

benchmark: setup
	$(PY) benchmarks/bench_analysis.py
	$(PY) benchmarks/bench_build.py
	$(PY) benchmarks/bench_loaders.py
	$(PY) benchmarks/bench_scale.py

clean:
	rm -rf reports/.cache reports/.failed reports/_lab
