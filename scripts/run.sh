#!/usr/bin/env bash
# Set up, index the bundled corpus, answer the demo questions in eval/demo.jsonl, then serve the API and web app.
# Set HOST/PORT to serve elsewhere, ASSISTANT_API_KEY to allow uploads, NO_SERVE=1 (or CI set) to stop after the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m assistant index
.venv/bin/python -m assistant ask --batch eval/demo.jsonl
echo "Ask your own: .venv/bin/python -m assistant ask \"安委会主任由谁担任？\""
if [ -n "${NO_SERVE:-}${CI:-}" ]; then exit 0; fi   # CI and NO_SERVE=1 stop after the demo
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
echo "Web app: http://$host:$port/ui   API docs: http://$host:$port/docs   (Ctrl+C stops the server)"
exec .venv/bin/python -m assistant serve --host "$host" --port "$port"
