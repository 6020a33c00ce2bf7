# Two commands on a fresh machine: `make run` (server on the demo data) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO   ?= data/demo.duckdb

.PHONY: run test install browser demo bench bench-wide bench-values eval clean

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

# The web page's tests drive Debian's chromium (never a browser build downloaded by Playwright). Installed when
# missing and we may (root, or CI); otherwise those tests skip locally with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium is not installed: the web page tests will skip (apt-get install chromium)"; fi; }

test: install browser
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
