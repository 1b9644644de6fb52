# Two commands: `make run` (set up and start the app) and `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
DB := $(or $(TILLVAXT_DB),data/tillvaxt.duckdb)

.PHONY: run test lint store browser clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

store: $(VENV)/.installed
	@test -f "$(DB)" || $(PY) -m kpis init

run: store
	$(PY) -m streamlit run app.py --server.port $(PORT)

browser: $(VENV)/.dev-installed
	scripts/ensure-chromium.sh $(PY)

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .

test: lint browser
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(DB)
