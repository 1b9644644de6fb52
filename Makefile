# Two commands: `make run` (set up and start the app) and `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
DB := $(or $(TILLVAXT_DB),data/tillvaxt.duckdb)

.PHONY: run test lint store browser bench bench-nginx clean lock

# Installs from the lock files: every package pinned with its hashes (`make lock` writes them from requirements*.txt).
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# After a change to requirements.txt or requirements-dev.txt (tests/test_lock_files.py checks they agree).
lock:
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q pip-tools
	.lock-venv/bin/pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		requirements.txt -o requirements.lock
	.lock-venv/bin/pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		requirements.txt requirements-dev.txt -o requirements-dev.lock
	rm -rf .lock-venv

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
