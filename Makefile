# SkillCert — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PO := locale/zh_Hans/LC_MESSAGES/django.po
MO := locale/zh_Hans/LC_MESSAGES/django.mo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: messages messages-check run test install serve worker seed lint typecheck schema schema-check docs docs-check browsers bench ci clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) $(MO)

# The Simplified Chinese catalogue: django.po is committed (make messages writes it from the code), the
# compiled django.mo is built here.
$(MO): $(PO) $(STAMP)
	$(PY) manage.py messages --compile

messages: $(STAMP)
	$(PY) manage.py messages

messages-check: $(STAMP)
	$(PY) manage.py messages --check

# The demo's certificates carry the address it is served at, unless SKILLCERT_PUBLIC_URL says otherwise.
run: export SKILLCERT_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) $(MO)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "SkillCert: http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@if [ "$${DJANGO_DEBUG:-1}" = "0" ]; then \
	  echo "Mode: production-like (DJANGO_DEBUG=0): the platform's own 404/500 pages, secure cookies unless SKILLCERT_SECURE=0"; \
	else \
	  echo "Mode: development (DJANGO_DEBUG unset or 1): Django's technical error pages; set DJANGO_DEBUG=0 to see the production pages"; \
	fi
	@echo "Certificate QR codes and verification links: $(SKILLCERT_PUBLIC_URL)"
	@trap 'trap - INT TERM EXIT; kill 0 2>/dev/null' INT TERM EXIT; \
	  $(PY) manage.py run_huey --workers 2 --worker-type thread & \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: $(STAMP) $(MO)
	$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy skillcert config

schema: $(STAMP)
	$(PY) manage.py spectacular --file openapi.yaml --validate --fail-on-warn

schema-check: $(STAMP)
	$(PY) manage.py spectacular --file var/openapi.generated.yaml --validate --fail-on-warn
	diff -u openapi.yaml var/openapi.generated.yaml

# docs/requirements.md: each requirement id, where its code and tests are (generated from the code).
docs: $(STAMP)
	$(PY) manage.py requirements_map

docs-check: $(STAMP)
	$(PY) manage.py requirements_map --check

# Debian's Chromium for the browser tests (Playwright's own download does not work here).
browsers:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
	@command -v pdftoppm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

bench: $(STAMP)
	$(PY) -m bench

# Load test: gunicorn on loopback + locust headless (LOAD_MINUTES, default 10; LOAD_USERS, default 40)
# against DATABASE_URL (generate_scale_data first); see README "Region scale".
LOAD_MINUTES ?= 10
load: $(STAMP)
	LOAD_MINUTES=$(LOAD_MINUTES) nice -n 10 $(PY) -m bench.load.run

# Exam-day load test of the computer-based exam's saves (R-BANK-4): LOAD_EXAM_USERS candidates (500) saving every
# 2-4 s for LOAD_EXAM_SECONDS (300), at most LOAD_EXAM_MAX_SAVES (200) each, gunicorn and locust on loopback;
# prints p50/p95 save latency and lost/reordered answers. Use a fresh PostgreSQL DATABASE_URL (it is migrated).
load-exam: $(STAMP)
	nice -n 10 $(PY) -m bench.itembank_load.run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
