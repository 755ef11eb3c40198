"""The table of benchmarks/chunking_experiments.sh: nDCG@10 per chunking setting and query kind.

.venv/bin/python benchmarks/chunking_table.py /tmp/oblg
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KINDS = ("all", "known_item", "paraphrase", "topic")


def rows(folder: Path) -> list[str]:
    lines = []
    for result in sorted(folder.glob("result-*.json")):
        setting = result.stem.removeprefix("result-")
        ingest = folder / f"ingest-{setting}.json"
        chunks = json.loads(ingest.read_text().strip().splitlines()[-1])["chunks"] if ingest.is_file() else "?"
        for variant, groups in json.loads(result.read_text()).items():
            figures = " | ".join(f"{groups[kind]['nDCG@10']:.3f}" if kind in groups else "-" for kind in KINDS)
            lines.append(f"| {setting} | {chunks} | {variant} | {figures} | {groups['all']['recall@100']:.3f} |")
    return lines


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("/tmp/oblg")
    print("| setting | chunks | mode | all | known_item | paraphrase | topic | R@100 all |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
