# Hulpwijzer — `make help` lists the targets. Everything runs from the repository root.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
SPACY_MODEL := build/spacy/nl_hulpwijzer/hulpwijzer_recipe.json
WEB_DEPS := web/static/vendor/socket.io.min.js
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export WEB_PORT ?= 8080
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTIONS_PORT)/webhook
export TF_CPP_MIN_LOG_LEVEL ?= 2
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: help install deps run train shell validate lint test unit scenarios report bench load knowledge lock audit clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements/rasa.txt requirements/actions.txt requirements/dev.txt requirements/constraints.txt
	@python_bin=$$(scripts/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "creating $(VENV) with $$python_bin"; $$python_bin -m venv $(VENV); fi
	$(PY) -m pip install --disable-pip-version-check -q -r requirements/dev.txt -c requirements/constraints.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	@touch $@

$(SPACY_MODEL): tools/hulpwijzer_tools/knowledge/build_spacy_model.py $(VENV)/.installed
	$(VENV)/bin/hulpwijzer-spacy

$(WEB_DEPS): web/package.json web/package-lock.json web/build.sh
	web/build.sh

install: $(VENV)/.installed $(SPACY_MODEL) ## Install Python packages and build the Dutch spaCy pipeline
deps: install $(WEB_DEPS) ## Install everything the tests need (npm packages, Chromium, Redis, nginx)
	@scripts/install_chromium.sh
	@scripts/install_redis.sh
	@scripts/install_nginx.sh

train: install ## Train the model when config, domain or data changed
	$(VENV)/bin/hulpwijzer-train

run: install $(WEB_DEPS) ## Start action server, Rasa (REST + socket.io, API with a printed token) and the web page on loopback
	$(VENV)/bin/hulpwijzer-run

shell: train ## Talk to the assistant in the terminal (starts the action server too)
	@$(PY) -m rasa_sdk --actions actions --port $(ACTIONS_PORT) >/dev/null 2>&1 & pid=$$!; \
	trap "kill $$pid" EXIT; \
	$(PY) -m rasa shell --model $$($(VENV)/bin/hulpwijzer-train --path) --endpoints bot/endpoints.yml

validate: install ## rasa data validate, warnings count as failures
	$(PY) -m rasa data validate --fail-on-warnings --config bot/config.yml --domain bot/domain.yml --data bot/data

lint: install ## ruff over all Python code
	$(VENV)/bin/ruff check .

GEO_VENV := build/geo-venv
$(GEO_VENV)/.installed: pyproject.toml requirements/knowledge-build.txt
	@python_bin=$$(scripts/find_python.sh) || exit 1; $$python_bin -m venv $(GEO_VENV)
	$(GEO_VENV)/bin/pip install -q -r requirements/knowledge-build.txt
	$(GEO_VENV)/bin/pip install -q --no-deps -e .
	@touch $@

knowledge: install $(GEO_VENV)/.installed ## Regenerate bot/knowledge from ../shared (needs ../shared)
	$(GEO_VENV)/bin/hulpwijzer-knowledge geo
	$(VENV)/bin/hulpwijzer-knowledge services

unit: install ## Unit tests only (fast, no servers)
	$(PY) -m pytest tests/unit -q

test: ## Install what is missing and run the whole test suite (what CI runs)
	@start=$$(date +%s); $(MAKE) -s deps || exit 1; \
	echo "PHASE install: $$(( $$(date +%s) - start ))s"
	$(VENV)/bin/hulpwijzer-test

scenarios: train ## Trainers' scenarios (tests/scenarios) -> reports/scenarios/index.html; URL=http://... tests a running assistant
	$(VENV)/bin/hulpwijzer-scenarios $(if $(URL),--url $(URL)) $(if $(ONLY),--only "$(ONLY)")

report: train ## For trainers: confusion matrix, confidence histogram, per-intent F1, wrong messages -> reports/nlu/index.html
	$(VENV)/bin/hulpwijzer-report

bench: train ## Profile of a turn by part; latency, start-up, memory next to the stock moodbot; BEFORE=<checkout> adds it
	$(VENV)/bin/hulpwijzer-bench $(if $(BEFORE),--before $(BEFORE)) $(if $(BEFORE_MODEL),--before-model $(BEFORE_MODEL))

load: train ## Locust: people (scenarios, 3-8 s pauses) up until p95 > 1 s -> reports/load/capacity.png; BEFORE=, WORKERS=
	$(VENV)/bin/hulpwijzer-load $(if $(BEFORE),--before $(BEFORE)) $(if $(BEFORE_MODEL),--before-model $(BEFORE_MODEL)) $(if $(WORKERS),--workers $(WORKERS))

lock: ## Rewrite requirements/constraints.txt from a fresh environment
	rm -rf /tmp/hulpwijzer-lock && $$(scripts/find_python.sh) -m venv /tmp/hulpwijzer-lock
	/tmp/hulpwijzer-lock/bin/pip install -q -r requirements/dev.txt
	{ echo "# Full lock of the development environment (Python 3.10, Linux x86_64)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/hulpwijzer-lock/bin/pip freeze --exclude-editable; } > requirements/constraints.txt

# pip-audit lives in a venv of its own: it needs packaging>=23 and CacheControl>=0.13,
# Rasa 3.6 pins packaging 20.9 and CacheControl 0.12. It audits the lock as written
# (--no-deps --disable-pip: nothing is installed) against PyPI's vulnerability data;
# --strict fails when a package cannot be looked up, so no answer is never "no findings".
# Needs the network (pypi.org JSON API); not a CI phase. Accepted findings with their
# reasons: requirements/audit-accepted.txt.
AUDIT_VENV := build/audit-venv
$(AUDIT_VENV)/.installed: requirements/audit.txt
	@python_bin=$$(scripts/find_python.sh) || exit 1; $$python_bin -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install -q -r requirements/audit.txt
	@touch $@

audit: $(AUDIT_VENV)/.installed ## Known vulnerabilities in requirements/constraints.txt (needs network)
	$(AUDIT_VENV)/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
	  -r requirements/constraints.txt \
	  $$(grep -oE '^(GHSA|PYSEC|CVE)-[A-Za-z0-9-]+' requirements/audit-accepted.txt | sed 's/^/--ignore-vuln /')

clean: ## Remove the venv, built spaCy pipeline, models and reports
	rm -rf $(VENV) build bot/models reports web/node_modules web/static/vendor
