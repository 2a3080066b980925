#!/usr/bin/env bash
# Set up, index the bundled corpus, and answer the demo questions in eval/demo.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m assistant index
.venv/bin/python -m assistant ask --batch eval/demo.jsonl
echo "Ask your own: .venv/bin/python -m assistant ask \"安委会主任由谁担任？\""
