#!/usr/bin/env bash
# Create .venv and install the project with everything it needs, offline-safe at run time.
# torch==2.13.0 goes first: it is the CPU build on these machines; without it
# sentence-transformers would pull a CUDA build of several GB.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
bash scripts/system-packages.sh
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
# The constraint keeps every later install on the CPU torch.
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt -e ".[dev]"
.venv/bin/python -m pip install --quiet --no-deps "unstructured-inference>=1.6.12,<2"
