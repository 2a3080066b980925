#!/usr/bin/env bash
# Set up with the test extras, index the bundled corpus, run ruff and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m assistant index
.venv/bin/python -m ruff check assistant tests
.venv/bin/python -m pytest "$@"
