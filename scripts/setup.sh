#!/usr/bin/env bash
# Create .venv/ and install the project into it. Usage: scripts/setup.sh [EXTRAS], e.g. "test" or "st".
# Versions come from constraints.txt (the ones the test suite last passed with); extras that need torch
# get the CPU build from PyTorch's CPU index instead of the multi-gigabyte CUDA wheels.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
"$python" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"Python >= 3.11 is needed, found {sys.version.split()[0]} (set PYTHON=/path/to/python3.11)")
PY
[ -x .venv/bin/python ] || "$python" -m venv .venv
spec="."
[ -n "$extras" ] && spec=".[$extras]"
index=()
case ",$extras," in
    *,st,*|*,test,*) index=(--extra-index-url "${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}") ;;
esac
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -c constraints.txt "${index[@]}" -e "$spec"
