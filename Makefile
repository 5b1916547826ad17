# painpath: `make run` serves it with demo data on SQLite; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000
export PAINPATH_DEBUG ?= 1
export PAINPATH_DEMO_MODE ?= 1

.PHONY: run test install lint typecheck pytest migrate demo messages bench bench-all clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/painpath demo

run: demo
	@echo "painpath on http://$(ADDR)/ (Ctrl-C stops it)"
	$(BIN)/painpath serve $(ADDR)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy painpath $$(ls bench/*.py >/dev/null 2>&1 && echo bench)

# With PAINPATH_TEST_DATABASE_URL set (CI does), the suite runs on PostgreSQL and then the
# database tests run again on the embedded SQLite, so both stay green.
pytest: install
	bash scripts/ensure-chromium
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	@if [ -n "$$PAINPATH_TEST_DATABASE_URL" ]; then \
	  echo "--- again on SQLite ---"; \
	  PAINPATH_TEST_DATABASE_URL= $(BIN)/pytest -m "not browser" -q; fi

test: lint typecheck pytest

messages: install
	for app in painpath painpath/*/; do \
	  if [ -d $$app/locale ]; then (cd $$app && ../$(BIN)/django-admin makemessages -l nb --ignore 'migrations/*' >/dev/null 2>&1 || true); fi; done
	$(BIN)/django-admin compilemessages --ignore=.venv

# Benchmarks print their figures; they are never timed assertions in the tests.
bench: install
	$(BIN)/python bench/completeness.py

bench-all: bench
	$(BIN)/python bench/worklist.py
	$(BIN)/python bench/pathways.py

clean:
	rm -rf $(VENV) var
