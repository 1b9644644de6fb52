# Two commands: `make run` (set up and start the app) and `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
DB := $(or $(TILLVAXT_DB),data/tillvaxt.duckdb)

.PHONY: run test lint store browser bench bench-nginx clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# Builds the store where there is none; an existing one is only brought up to date (its data kept).
store: $(VENV)/.installed
	@if [ -f "$(DB)" ]; then $(PY) -m kpis migrate --db "$(DB)"; else $(PY) -m kpis init; fi

run: store
	$(PY) -m streamlit run app.py --server.port $(PORT)

browser: $(VENV)/.dev-installed
	scripts/ensure-chromium.sh $(PY)

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .

test: lint browser
	$(PY) -m pytest

# Not part of `make test`: speed figures, printed (see README, "Performance").
bench: browser
	$(PY) -m benchmarks.refresh_bench
	$(PY) -m benchmarks.model_bench
	$(PY) -m benchmarks.import_bench
	$(PY) -m benchmarks.pages_bench

bench-nginx: browser
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
		{ [ "$$(id -u)" = 0 ] && apt-get install -y -q nginx-light >/dev/null; } || \
		{ echo "nginx is missing: apt-get install nginx-light"; exit 1; }
	$(PY) -m benchmarks.pages_bench --nginx

clean:
	rm -rf $(VENV) $(DB)
