# make build: set up and build the latest year's plan (YEAR=2025 for another).  make test: set up and run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The latest year folder under content/ (four digits).
YEAR ?= $(lastword $(sort $(notdir $(wildcard content/[0-9][0-9][0-9][0-9]))))

.PHONY: build test check preview bench clean

$(VENV)/.installed: pyproject.toml
	scripts/system-deps.sh build
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

build: $(VENV)/.installed
	$(PY) build.py --year $(YEAR)

check: $(VENV)/.installed
	$(PY) build.py --year $(YEAR) --check

# Live preview on http://127.0.0.1:8000/ (ADRESS=0.0.0.0 to be reachable from other machines).
ADRESS ?= 127.0.0.1
preview: $(VENV)/.installed
	$(PY) build.py --year $(YEAR) --forhandsgranska --adress $(ADRESS)

test: $(VENV)/.installed
	scripts/system-deps.sh test
	@# axe-core for tests/test_html_accessibility.py, pinned by tests/axe/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the axe-core test will be skipped"; fi
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) scripts/benchmark.py

clean:
	rm -rf output/[0-9]* output/.bygge-* $(VENV)
