# cnnviz: two commands do all the set-up on a fresh machine.
#   make run   builds .venv and opens the app on the bundled sample image
#   make test  builds .venv (and, as root with apt, the X server for the
#              window smoke test) and runs the tests

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch goes in first, pinned, so pip takes the CPU wheel where one is
# offered instead of a multi-GB CUDA build. GPU users: see README.
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
STAMP := $(VENV)/.cnnviz-installed
IMAGE ?= assets/cat.jpg

.PHONY: run test venv system-deps lint bench screenshots clean

run: $(STAMP)
	$(BIN)/cnnviz $(IMAGE)

test: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[test,bench]"
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

# ruff (lint and format) over everything, mypy over the core (numpy, torch,
# Pillow: no Qt), with the project's config in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check cnnviz tests scripts benchmarks
	$(BIN)/ruff format --check cnnviz tests scripts benchmarks
	$(BIN)/mypy cnnviz/core

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/cnnviz bench

screenshots: $(STAMP) system-deps
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
