# Threadline tasks. `make app` and `make test` create the virtual environment on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: install app test lint bench build clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

app: $(STAMP)
	$(VENV)/bin/threadline app --host $(HOST) --port $(PORT)

build: $(STAMP)
	$(VENV)/bin/threadline build

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/build.py
	$(PY) bench/queries.py
	$(PY) bench/app.py
	$(PY) bench/stores.py
	$(PY) bench/app_scale.py
	$(PY) bench/cli.py

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
