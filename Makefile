# Two commands on a fresh machine: `make run` (server on the demo data) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO   ?= data/demo.duckdb

.PHONY: run test install demo bench bench-wide bench-values eval clean

$(BIN)/conversql: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/conversql

demo: install
	$(BIN)/conversql demo --out $(DEMO)

run: install
	$(BIN)/conversql serve --demo --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

bench-wide: install
	$(BIN)/python bench/wide.py

bench-values: install
	$(BIN)/python bench/value_index.py

eval: install
	$(BIN)/python ../shared/eval/score.py set ../shared/eval/chinook.json ../shared/eval/chinook.sqlite --cmd $(BIN)/conversql
	$(BIN)/python ../shared/eval/score.py spider ../shared/data/spider-train/train.json ../shared/data/spider-train/database --cmd $(BIN)/conversql

clean:
	rm -rf $(VENV) data/*.duckdb .pytest_cache
