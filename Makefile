# Two commands on a fresh clone:
#   make demo   - set up .venv and score the bundled example unit (WBK/WBBM verdict)
#   make test   - set up .venv with the test tools and run ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck bench clean schema catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# the example plugin is installed as a wheel (as users get it): reinstall when it changes
PLUGIN_FILES := $(shell find examples/plugin-kalsel -type f -not -path '*/__pycache__/*')

$(VENV)/.dev: pyproject.toml $(PLUGIN_FILES) | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]" ./examples/plugin-kalsel
	touch $@ $(VENV)/.runtime

demo: $(VENV)/.runtime
	$(BIN)/zi-engine score examples/dinkes-banjarbaru-wbk.yaml
	$(BIN)/zi-engine plan examples/rsud-idaman-area-minimum.yaml --target WBK

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks examples scripts
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev
	$(BIN)/mypy --strict src

test: lint typecheck
	$(BIN)/pytest

bench: $(VENV)/.runtime
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

schema: $(VENV)/.runtime
	$(BIN)/python -c "from zi_engine.render._schema import write_all; print(*write_all('schema'))"

# extract every t("code", "text") message, update the .po catalogs, compile the .mo files
catalogs: $(VENV)/.dev
	$(BIN)/python scripts/catalogs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
