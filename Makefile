# Run `make help` for the list of targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` serves; the commands it runs print links to the same address (see settings/dev.py).
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.DEFAULT_GOAL := help

.PHONY: help run scheduler test lint format clean bench loadtest lighthouse smoke cluster cluster-stop backup restore

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "make run serves in the foreground: Ctrl-C stops it; run make test in a second terminal."
	@echo "HOST and PORT set the address, e.g. make run PORT=8100 (now http://$(HOST):$(PORT)/)."

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed ## Install, migrate, load the content, ensure a local admin, serve on HOST:PORT until Ctrl-C
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_program_content
	$(BIN)/python manage.py ensure_local_admin
	@# Scheduled pages and staff records go live (or expire) within a minute, as cron does in production.
	@# Ctrl-C stops the scheduler with the server; the trap stops it if the server exits on its own.
	@$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

scheduler: $(VENV)/.installed ## Run publish_scheduled every minute until Ctrl-C (make run starts it with the server)
	$(BIN)/python manage.py run_scheduler

test: $(VENV)/.installed-dev ## Install test tools and run the whole suite (DATABASE_URL picks PostgreSQL)
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=residency.settings.test
	$(BIN)/pytest

lint: $(VENV)/.installed-dev ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

smoke: $(VENV)/.installed ## A fresh install under production settings: migrate, load, collectstatic, serve / and the 500 page
	.ci/smoke

format: $(VENV)/.installed-dev ## Reformat code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, the local database and collected static files
	rm -rf $(VENV) db.sqlite3 static .admin-credentials .cache

# make bench serves on four loopback ports from BENCH_PORT (the site twice, a plain Django view, nginx).
BENCH_PORT ?= 8400

# make bench CLUSTER=1 measures through the production stack (make cluster's, on CLUSTER_PORT, default 8500).
bench: $(VENV)/.installed ## Serve under gunicorn and measure the pages with wrk against plain Django and nginx (~2 min); CLUSTER=1: through the whole stack
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null || missing="$$missing nginx-light"; \
	if [ "$(CLUSTER)" = 1 ]; then \
		{ command -v varnishd || test -x /usr/sbin/varnishd; } >/dev/null || missing="$$missing varnish"; \
		command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	fi; \
	if [ -n "$$missing" ]; then \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "Installing$$missing with apt-get for the benchmark"; \
		{ $$sudo apt-get install -y --no-install-recommends $$missing || \
		  { $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends $$missing; }; } || \
		{ echo "make bench needs $$missing and could not install it: apt-get install$$missing, then run it again." >&2; exit 1; }; \
	fi
	$(BIN)/python manage.py bench --port $(BENCH_PORT) $(if $(filter 1,$(CLUSTER)),--cluster)

# make loadtest runs through make cluster's stack (CLUSTER_PORT, default 8500), starting it only when it is not running.
loadtest: $(VENV)/.installed ## wrk across the public pages through the stack for LOADTEST_SECONDS (60) while an editor publishes; fails on errors or stale pages
	@command -v wrk >/dev/null || { echo "make loadtest needs wrk: apt-get install wrk (or run make bench once)." >&2; exit 1; }
	$(BIN)/python manage.py loadtest

lighthouse: $(VENV)/.installed ## Lighthouse (mobile) scores, CLS and LCP for every public page (Chromium, npx)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_program_content
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python manage.py lighthouse --port $$(($(BENCH_PORT) + 4))

cluster: $(VENV)/.installed $(if $(filter 1,$(S3)),$(VENV)/.installed-dev) ## Start the production stack on loopback (nginx, Varnish, 2 gunicorn, PostgreSQL, Redis); S3=1 adds a local S3
	$(BIN)/python deploy/cluster.py start $(if $(filter 1,$(S3)),--s3)

cluster-stop: ## Stop exactly the processes make cluster started
	$(BIN)/python deploy/cluster.py stop

backup: $(VENV)/.installed ## Write one archive (database, uploads, manifest with checksums) to BACKUP_DIR (backups/)
	$(BIN)/python manage.py backup

restore: $(VENV)/.installed ## Restore FILE=backups/residency-....tar.gz into an empty database and media folder (FORCE=1 replaces them)
	@test -n "$(FILE)" || { echo "Say which archive: make restore FILE=backups/residency-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(filter 1,$(FORCE)),--force)
