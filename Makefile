# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app app

.PHONY: run test lint bench bench-page bench-imports bench-scale bench-queue bench-search bench-insight bench-live bench-classes load db-upgrade demo clean translations

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

# axe-core, the accessibility checker the browser tests run in Chromium, pinned in
# package-lock.json. Without npm the suite still runs and skips those checks (CI requires them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm > /dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm is missing: the accessibility checks will be skipped (apt-get install npm)"; \
	fi

test: $(VENV)/installed node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Extract every marked string into the template, merge it into each catalogue, and compile them.
# The compiled .mo files are committed, so that a fresh clone runs and tests without this step;
# tests/test_translations.py fails when one is older than its .po.
translations: $(VENV)/installed
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k _l --ignore-dirs=".*" --no-location --sort-output \
		--omit-header -o translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching -i translations/messages.pot -d translations
	$(BIN)/pybabel -q compile -d translations

lint: $(VENV)/installed
	$(BIN)/ruff check .

# Every benchmark below in turn, on scratch databases (SQLite, and PostgreSQL when
# BENCH_DATABASE_URL is set); the last line printed joins their JSON reports.
bench: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.report

# Times the position page, the API and rating under gunicorn; the last line is the JSON report.
bench-page: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.position_page

# Locust, headless: 100 people read, rate, take stances and post for 60 s through gunicorn on
# the PostgreSQL database BENCH_DATABASE_URL names, with Redis; the last line is the JSON report.
load: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.mixed_load

# Times importing a 1,000-claim Kialo file and a 5,000-argument archive (goal: p50 under 2 s)
# and exporting 5,000 arguments in every format (under 1 s), on SQLite and on
# BENCH_DATABASE_URL when set; the last line printed is the JSON report.
bench-imports: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.imports

# Times the position page of a 50,000-argument debate with 500,000 ratings and weighs each
# gunicorn worker (RSS) while sixteen clients read and rate; the last line is the JSON report.
bench-scale: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.scale

# Times a class of 30 in 6 debates with 600 arguments: the task grid and gradebook (goal: p50
# under 100 ms) and the gradebook CSV (under 200 ms); the last line is the JSON report.
bench-classes: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.classes

# Times the review queue's first page and one halfway down with 10,000 and 100,000 items
# waiting, and prints PostgreSQL's plan of the first page (needs BENCH_DATABASE_URL).
# The brief and the insight API from stored scores, and a full recompute of the scores, on a
# 5,000-argument debate (SQLite, and PostgreSQL when BENCH_DATABASE_URL is set).
bench-insight: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.insight

bench-queue: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.review_queue

# Times search over a 5,000-argument debate and its material (goal: p50 under 50 ms) and the
# debate directory with 1,000 debates (under 100 ms), on SQLite and on BENCH_DATABASE_URL when
# set; the last line is the JSON report.
bench-search: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.search
# Fills a hall: 1,000 phones on two gunicorn instances sharing the PostgreSQL database
# BENCH_DATABASE_URL names and Redis (BENCH_REDIS_URL), each holding a server-sent-events
# connection and voting within 10 s; the last line is the JSON report.
bench-live: $(VENV)/installed
	$(BIN)/python -m tests.benchmarks.live

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
