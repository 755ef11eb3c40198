#!/usr/bin/env bash
# Set up, index the project's sample corpus into the embedded backend, and search it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 DO_NOT_TRACK=1
INDEX=${FOI_INDEX_DIR:-foi-index}
.venv/bin/foi ingest sample_corpus --index "$INDEX"
.venv/bin/foi search '"neither confirm nor deny"' --index "$INDEX" --mode keyword
.venv/bin/foi search "officers sacked for sexual misconduct" --index "$INDEX" --limit 3
.venv/bin/foi search "cost limit" --index "$INDEX" --json --limit 2
echo "Index ready in $INDEX. Try: .venv/bin/foi search 'your words' --index $INDEX"
