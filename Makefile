# Two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv, install orgdiag into it, and make sure Graphviz's `dot` is present.

VENV    := .venv
BIN     := $(VENV)/bin
# durable-rules builds on CPython 3.11 and 3.12 only: the first of these that runs and is one of them.
PYTHON  ?= $(shell for p in python3.11 python3.12 python3; do \
             $$p -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null \
             && command -v $$p && break; done)
STAMP   := $(VENV)/.installed
DEMO_ORG := fixtures/demo/nordvik-sport.yaml

.PHONY: demo test bench bench-import precision setup graphviz chromium docs clean

demo: setup
	$(BIN)/orgdiag demo --out orgdiag-demo
	$(BIN)/orgdiag restructure $(DEMO_ORG) --out orgdiag-demo/restructure

test: setup chromium
	$(BIN)/lint-imports
	$(BIN)/ruff check orgdiag tests benchmarks
	$(BIN)/ruff format --check orgdiag tests benchmarks
	$(BIN)/mypy orgdiag
	$(BIN)/python -m pytest

# Time and memory per stage from 10^3 to 10^6 positions; writes benchmarks/results/ (see README, Performance).
bench: setup $(VENV)/.bench
	$(BIN)/python benchmarks/bench.py $(if $(SIZES),--sizes $(SIZES))

# A generated HR export of 10^5 and 10^6 rows through `orgdiag import`: time, peak memory, rows balanced.
bench-import: setup
	$(BIN)/python benchmarks/bench_import.py $(if $(SIZES),--sizes $(SIZES))

# How many findings on the real exports of fixtures/real/ a consultant keeps (fixtures/real/precision/); writes
# docs/precision.md, which README quotes.
precision: setup
	$(BIN)/python benchmarks/precision.py --write docs/precision.md

$(VENV)/.bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@

setup: $(STAMP) graphviz

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "orgdiag needs Python 3.11 or 3.12 (durable-rules does not build on 3.13); install one and run make again."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

docs: setup
	$(BIN)/orgdiag rules docs --out docs/rules

clean:
	rm -rf $(VENV) orgdiag-demo build dist *.egg-info
