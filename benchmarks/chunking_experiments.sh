#!/usr/bin/env bash
# Chunk size, overlap and embedding-context experiments (docs/relevance.md): one index per
# setting over the same corpus, each scored by relevance_tuning.py. Every index is embedded
# from scratch (about 2-3 minutes each on 2 cores for the grouped ObliQA subset).
#
#   .venv/bin/python benchmarks/obliqa_convert.py ../shared/eval/obliqa /tmp/oblg --passages-per-file 8
#   bash benchmarks/chunking_experiments.sh /tmp/oblg
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?usage: chunking_experiments.sh DATA_DIR (from obliqa_convert.py)}
export HF_HUB_OFFLINE=1
run() {
  local name=$1; shift
  if [ ! -f "$DATA/index-$name/foi-index.json" ]; then
    env "$@" .venv/bin/foi ingest "$DATA/corpus" --index "$DATA/index-$name" --json > "$DATA/ingest-$name.json"
  fi
  .venv/bin/python benchmarks/relevance_tuning.py --index "$DATA/index-$name" --queries "$DATA/queries.jsonl" \
    --vectors "$DATA/query-vectors.npz" --experiments baseline,default --json "$DATA/result-$name.json" >/dev/null 2>&1
  echo "done: $name" >&2
}
run words190-overlap1-title FOI_CHUNK_WORDS=190 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=title
run words120-overlap1-title FOI_CHUNK_WORDS=120 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=title
run words150-overlap1-title FOI_CHUNK_WORDS=150 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=title
run words300-overlap1-title FOI_CHUNK_WORDS=300 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=title
run words190-overlap0-title FOI_CHUNK_WORDS=190 FOI_CHUNK_OVERLAP_SENTENCES=0 FOI_EMBED_CONTEXT=title
run words190-overlap2-title FOI_CHUNK_WORDS=190 FOI_CHUNK_OVERLAP_SENTENCES=2 FOI_EMBED_CONTEXT=title
run words190-overlap1-none FOI_CHUNK_WORDS=190 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=
run words190-overlap1-title,section FOI_CHUNK_WORDS=190 FOI_CHUNK_OVERLAP_SENTENCES=1 FOI_EMBED_CONTEXT=title,section
.venv/bin/python benchmarks/chunking_table.py "$DATA"
