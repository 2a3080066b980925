#!/usr/bin/env bash
# Create .venv/ and install the project into it. Usage: scripts/setup.sh [EXTRAS], e.g. "test" or "st".
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
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e "$spec"
