#!/usr/bin/env bash
# Create .venv/ and install the project into it. Usage: scripts/setup.sh [EXTRAS], e.g. "test" or "st".
# Versions come from constraints.txt (the ones the test suite last passed with), torch pinned to 2.13.0.
# On a machine without a local CPU wheel of torch, set TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
# so the extras that need torch take the CPU build, not the multi-gigabyte CUDA wheels; it is not the
# default because a closed network (CI here) reaches only the package registry.
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
[ -n "${TORCH_INDEX_URL:-}" ] && index=(--extra-index-url "$TORCH_INDEX_URL")
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -c constraints.txt "${index[@]}" -e "$spec"
