#!/usr/bin/env bash
# Set up with the test extras and the browser, index the bundled corpus, run ruff, mypy and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/install-browser.sh   # Debian chromium + CJK fonts for tests/e2e (skipped there if this fails)
.venv/bin/python -m assistant index
.venv/bin/python -m ruff check assistant tests
.venv/bin/python -m mypy assistant
.venv/bin/python -m pytest "$@"
