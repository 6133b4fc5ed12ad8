# Two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv, install orgdiag into it, and make sure Graphviz's `dot` is present.
# Another Python: `make test PYTHON=python3.13` (VENV=.venv-3.13 keeps it apart from .venv).

VENV    ?= .venv
BIN     := $(VENV)/bin
# The interpreter: PYTHON if given, else the first of these that is CPython 3.11 or newer.
PYTHON  ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
             $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v $$p && break; done)
# PYTHON as a path: itself, or, for a version pyenv holds but has not activated (its shim refuses to run), that
# version's interpreter.
PYTHON_EXE := $(if $(PYTHON),$(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
                ls $$(pyenv root 2>/dev/null)/versions/*/bin/$(PYTHON) 2>/dev/null | sort -V | tail -1))
PYVER   := $(if $(PYTHON_EXE),$(shell $(PYTHON_EXE) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null))
STAMP   := $(VENV)/.installed-$(PYVER)
DEMO_ORG := fixtures/demo/nordvik-sport.yaml
# The rules engine (durable-rules 2.0.28, vendored and patched: orgdiag/_vendor/README.md) is compiled by pip as
# part of orgdiag, in place for this editable install: a change to its sources or to the build installs anew.
ENGINE_SOURCES := setup.py $(wildcard orgdiag/_vendor/durable/src/*/*.[ch])

.PHONY: demo test test-fast bench bench-import bench-shapes precision fuzz setup graphviz chromium docs clean python-version

demo: setup
	@$(BIN)/orgdiag demo --out orgdiag-demo

test: setup chromium
	$(BIN)/lint-imports
	$(BIN)/ruff check orgdiag tests benchmarks docs/examples
	$(BIN)/ruff format --check orgdiag tests benchmarks docs/examples
	$(BIN)/mypy orgdiag
	$(BIN)/python -m pytest -n auto --dist loadfile

# The tests but the slow ones (pytest -m "not slow": no browser, no large organisation, no process per case), in
# about a minute on one core: for the edit-test loop. `make test` runs them all.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -q

# More than 10,000 hostile and broken inputs of every kind through the command line (tests/fuzz/); writes the
# summary to benchmarks/results/fuzz.md. `make test` runs a few of each kind.
fuzz: setup
	ORGDIAG_FUZZ_EXAMPLES=$(or $(EXAMPLES),700) ORGDIAG_FUZZ_SUMMARY=benchmarks/results/fuzz.md \
		$(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider

# Time and memory per stage from 10^3 to 10^6 positions; writes benchmarks/results/ (see README, Performance).
bench: setup
	$(BIN)/python benchmarks/bench.py $(if $(SIZES),--sizes $(SIZES))

# A generated HR export of 10^5 and 10^6 rows through `orgdiag import`: time, peak memory, rows balanced.
bench-import: setup
	$(BIN)/python benchmarks/bench_import.py $(if $(SIZES),--sizes $(SIZES))

# Awkward shapes (a 50,000-deep chain, 10,000 channels of one owner, 100,000 top units, names of 975 characters)
# through `orgdiag diagnose/restructure --out`: time and peak memory against targets (benchmarks/results/shapes.md).
bench-shapes: setup
	$(BIN)/python benchmarks/bench_shapes.py

# How many findings on the real exports of fixtures/real/ a consultant keeps (fixtures/real/precision/); writes
# docs/precision.md, which README quotes.
precision: setup
	$(BIN)/python benchmarks/precision.py --write docs/precision.md

setup: $(STAMP) graphviz

$(STAMP): pyproject.toml $(ENGINE_SOURCES)
	@test -n "$(PYVER)" || { echo "orgdiag needs Python 3.11 or newer (PYTHON=$(PYTHON) does not run); install one and run make again."; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)" ]; then \
		echo "$(VENV) holds another Python: making it anew with Python $(PYVER)"; rm -rf $(VENV); fi
	$(PYTHON_EXE) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	@echo "Installing orgdiag into $(VENV) with Python $(PYVER), its rules engine compiled (a C compiler and Python's headers are needed: README, Installing)"
	$(BIN)/python -m pip install -qq -e '.[dev]'
	@touch $(STAMP)

# $(call needs,COMMAND,DEBIAN PACKAGE,WHAT IT IS FOR,HOMEBREW PACKAGE): nothing if COMMAND runs; else, as root with
# apt-get, the package installed; else how to install it, and stop.
define needs
	@if command -v $(1) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing $(2) ($(3)) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else \
		echo "$(3) needs $(1), which is not installed."; \
		echo "Install it, then run make again:  sudo apt-get install $(2)  |  brew install $(4)"; \
		exit 1; \
	fi
endef

graphviz:
	$(call needs,dot,graphviz,orgdiag's diagrams,graphviz)

# report.html is tested in a real headless Chromium (tests/render/test_browser.py), driven by Playwright.
chromium:
	$(call needs,chromium,chromium,the browser test of report.html,--cask chromium)

# The Python version `make` would use (empty if PYTHON does not run): .ci/run asks it.
python-version:
	@echo $(PYVER)

docs: setup
	$(BIN)/orgdiag rules docs --out docs/rules

clean:
	rm -rf $(VENV) orgdiag-demo build dist *.egg-info
	rm -f orgdiag/_vendor/durable/*.so
