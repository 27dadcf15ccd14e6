.PHONY: run test setup lint bench

# Set up on a fresh machine, load the demo and serve it with a Celery worker.
run: setup
	bin/run

# Run every test. The pipeline tests start real Celery workers; they need
# DATABASE_URL (PostgreSQL) and REDIS_URL, and with CI=true they fail without them.
# The browser tests need Debian's chromium, which this installs when missing.
test:
	SETUP_FOR_TESTS=1 bin/setup
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup:
	bin/setup

lint: setup
	.venv/bin/ruff check .

# Ratios measured in one run (bench/README.md); the load part needs DATABASE_URL (PostgreSQL) and REDIS_URL.
bench: setup
	.venv/bin/python bench/run.py
	.venv/bin/python bench/load.py
