#!/usr/bin/env bash
# Set up, then run every check: ruff, mypy and the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 DO_NOT_TRACK=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# The OpenSearch half of the tests runs on a real node (docs/opensearch.md): a throwaway one on its own
# port and state folder, unless FOI_OPENSEARCH_URL names a node already. Stopped, data deleted, at exit.
if [ -z "${FOI_OPENSEARCH_URL:-}" ]; then
  export FOI_OPENSEARCH_HOME="${FOI_OPENSEARCH_HOME:-${TMPDIR:-/tmp}/foi-test-opensearch}"
  export FOI_OPENSEARCH_PORT="${FOI_OPENSEARCH_PORT:-9250}"
  FOI_OPENSEARCH_URL="$(bash scripts/opensearch.sh start | tail -n 1)"
  export FOI_OPENSEARCH_URL
  trap 'bash scripts/opensearch.sh clean >/dev/null 2>&1 || true' EXIT
fi
.venv/bin/pytest "$@"
