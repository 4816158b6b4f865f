# Cluster Registry. `make run` to try it, `make test` to test it, `make help` (or plain `make`) for the rest; see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 1000

.PHONY: help backup restore bench run test install install-dev migrate data superuser lint format messages mapdata check-deploy ci clean

## help: list these targets
help:
	@grep -E '^## [a-z-]+: ' $(MAKEFILE_LIST) | sed -E 's/^## ([a-z-]+): (.*)/  \1\t\2/' | expand -t 16

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

## install: create .venv and install the requirements
install: $(VENV)/.installed
## install-dev: install the requirements and the test tools
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the data, serve http://127.0.0.1:8000/ with the mail worker (Ctrl-C stops both)
run: export DJANGO_DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_registry_data
	@echo ""
	@echo "  Cluster Registry: http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Admin:            http://$(HOST):$(PORT)/admin/"
	@echo "  No admin account ships. Create yours with:  make superuser"
	@echo "  Mail is written to this console (and listed in the admin, Outgoing messages)."
	@echo ""
	@$(PY) manage.py mail_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite, on SQLite unless DATABASE_URL points elsewhere
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## migrate: apply the migrations to the database
migrate: export DJANGO_DEBUG ?= 1
migrate: install
	$(PY) manage.py migrate --noinput

## data: migrate, then load the cluster's facts and sample members
data: export DJANGO_DEBUG ?= 1
data: migrate
	$(PY) manage.py load_registry_data

## mapdata: rebuild the member maps' outlines (members/mapdata/*.json) from the boundary packages
mapdata: export DJANGO_DEBUG ?= 1
mapdata: install-dev
	$(PY) manage.py build_map_data

## superuser: create an admin account
superuser: export DJANGO_DEBUG ?= 1
superuser: install
	$(PY) manage.py createsuperuser

## lint: ruff check and ruff format --check
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## format: let ruff fix what it can and format the code
format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh the Russian catalogue after changing interface strings, then compile it
messages: export DJANGO_DEBUG ?= 1
messages: install
	$(PY) manage.py makemessages -l ru --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

## bench: measure the registry at N members (default 1000; ARGS="--help" lists the options); see docs/benchmarks.md
bench: export DJANGO_DEBUG ?= 1
bench: export DJANGO_SETTINGS_MODULE = bench.settings
bench: install
	$(PY) manage.py bench --members $(N) $(ARGS)

## backup: copy the database into backups/ with a timestamped name (pg_dump, or SQLite's online backup)
backup: export DJANGO_DEBUG ?= 1
backup: install
	$(PY) manage.py backup

## restore: replace the database's contents with a backup: make restore FILE=backups/<name> (asks first;
## YES=1 skips the question, for scripts)
restore: export DJANGO_DEBUG ?= 1
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<name> [YES=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)"$(if $(filter 1 yes true,$(YES)), --noinput)

## ci: what CI runs (.ci/run): lint, migrations check, the suite on both databases, check --deploy
ci:
	bash .ci/run

## clean: remove .venv, collected static files and caches
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
