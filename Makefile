# One command per gate. Each target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_RUN := var/malmo_utsatthet_2025.csv

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,geo]"
	touch $(STAMP)

install: $(STAMP)

# Demo data, the default index with 1,000 Monte Carlo draws, then the web application.
run: $(STAMP)
	bash scripts/ensure-pdf-libs.sh
	$(BIN)/kraftsamling demo load
	mkdir -p var
	$(BIN)/kraftsamling index run src/kraftsamling/index/specs/malmo_utsatthet.toml \
		--data examples/data/malmo_demo_2025.csv --out $(DEMO_RUN) --mc 1000 --top-k 10
	$(BIN)/kraftsamling serve

test: $(STAMP)
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-pdf-libs.sh
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	bash scripts/ensure-postgres.sh
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
