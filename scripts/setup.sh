#!/usr/bin/env bash
# Create .venv and install the project with everything it needs, offline-safe at run time.
# torch==2.13.0 goes first and is pinned for every later install. From PyPI it is the CUDA build
# (torch plus ~3 GB of nvidia-* libraries that the CPU never loads; README: what a fresh machine downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
bash scripts/system-packages.sh
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
# The constraint keeps every later install on that torch.
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt -e ".[dev]"
.venv/bin/python -m pip install --quiet --no-deps "unstructured-inference>=1.6.12,<2"
