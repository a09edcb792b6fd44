# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app app

.PHONY: run test lint bench bench-scale db-upgrade demo clean

$(VENV)/installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

db-upgrade: $(VENV)/installed
	$(FLASK) db upgrade

demo: db-upgrade
	$(FLASK) load-demo

run: demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/installed
	$(BIN)/ruff check .

# Times the position page, the API and rating under gunicorn on scratch databases (SQLite, and
# PostgreSQL when BENCH_DATABASE_URL is set); the last line printed is the JSON report.
bench: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.position_page

# Times the position page of a 50,000-argument debate with 500,000 ratings and weighs each
# gunicorn worker (RSS) while sixteen clients read and rate; the last line is the JSON report.
bench-scale: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.scale

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
