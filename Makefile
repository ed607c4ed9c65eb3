# Wicara: `make app` runs the app, `make test` runs every test, `make bench` runs the benchmarks.
# Each target creates .venv and installs what it needs (system packages through apt when missing).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
PORT ?= 8501
HOST ?= localhost
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := espeak-ng chromium fonts-dejavu-core

.PHONY: app i18n test test-fast screenshots bench system-deps clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.stamp-app: pyproject.toml | $(PY)
	$(PIP) install -q -e .
	$(PY) -m coach.i18n
	touch $@

# Compiles the interface catalogs (coach/i18n/locale/*/LC_MESSAGES/wicara.po -> .mo); the app also does it
# on first use when a .mo is missing or older than its .po.
i18n: $(VENV)/.stamp-app
	$(PY) -m coach.i18n

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-app
	$(PIP) install -q -e '.[test]'
	bash scripts/install_openai_whisper.sh $(PY)
	touch $@

# HOST=0.0.0.0 serves the local network (a workshop); the app runs one analysis worker itself
# (WICARA_APP_WORKERS), more run as `wicara worker` (README: Running a workshop).
app: $(VENV)/.stamp-app
	$(VENV)/bin/streamlit run serve.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

# One test process per core, at most 4 (pytest-xdist; a container may show more cores than it may use);
# each file's tests run in one process, so a module's model or server starts once.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 4 ] && n=4; echo $$n)
PYTEST_PARALLEL ?= -n $(TEST_WORKERS) --dist loadfile

test: system-deps $(VENV)/.stamp-test
	$(PY) -m pytest $(PYTEST_PARALLEL)

# Development loop: everything but the real Whisper model and the browser (a few minutes less).
test-fast: system-deps $(VENV)/.stamp-test
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not model and not browser"

# Rewrites the README's docs/screenshots/*.png from the browser test (tests never do otherwise).
screenshots: system-deps $(VENV)/.stamp-test
	WICARA_SCREENSHOTS=1 $(PY) -m pytest tests/test_browser.py tests/test_browser_report_glance.py

bench: system-deps $(VENV)/.stamp-test
	$(PY) benchmarks/transcribe.py
	$(PY) benchmarks/analysis.py
	$(PY) benchmarks/cohort.py --postgres "$${WICARA_TEST_DATABASE_URL:-}"

clean:
	rm -rf $(VENV) .pytest_cache
