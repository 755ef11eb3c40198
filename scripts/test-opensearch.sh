#!/usr/bin/env bash
# Run the backend conformance suite (and the request tests) against OpenSearch in Docker:
#   OPENSEARCH_INITIAL_ADMIN_PASSWORD='Str0ng!Passw0rd' scripts/test-opensearch.sh
# Starts the compose `opensearch` service, waits until it is healthy, runs the tests, leaves it running
# (docker compose down -v removes it and its data).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${OPENSEARCH_INITIAL_ADMIN_PASSWORD:?set OPENSEARCH_INITIAL_ADMIN_PASSWORD (or put it in .env)}"
docker compose up -d --wait opensearch
export FOI_OPENSEARCH_URL="https://localhost:${OPENSEARCH_PORT:-9200}"
export FOI_OPENSEARCH_USER=admin
export FOI_OPENSEARCH_PASSWORD="$OPENSEARCH_INITIAL_ADMIN_PASSWORD"
export FOI_OPENSEARCH_VERIFY_CERTS=false
export HF_HUB_OFFLINE=1
exec .venv/bin/pytest -q tests/backends -k "opensearch" "$@"
