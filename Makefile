VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: one per CPU (each with its own server, Chromium and Redis); a test file stays in one process.
TEST_WORKERS ?= auto

.PHONY: run test bench screenshots lint clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -e '.[test]'
	touch $@ $(VENV)/.installed

# One BLAS thread a process: many small requests at once gain nothing from threaded matrix products.
run: $(VENV)/.installed
	OPENBLAS_NUM_THREADS=1 $(PY) -m uvicorn app.main:app --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check app nnlib tests benchmarks
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run_all.py

# Projector (1024x768) and phone (390 px) views of every page in both languages, as PNG files in screenshots/.
screenshots: $(VENV)/.installed-test
	$(PY) -m tests.screenshots screenshots

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
