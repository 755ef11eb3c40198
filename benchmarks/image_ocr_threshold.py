"""Where an image becomes too small to hold text worth OCR: the basis of MIN_SIDE_PX and MIN_PIXELS
in ingest/extract/images.py.

    .venv/bin/python benchmarks/image_ocr_threshold.py

Renders one line of typed text ("Freedom of Information 2024") at font sizes 6 to 24 px
on a canvas with a small margin, OCRs each with Tesseract (the path scanned pages take),
and prints the image size and whether the words came back. The smallest image whose text
is read bounds the skip thresholds from above: a skipped image must be smaller than that.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from unstructured_pytesseract import image_to_string  # type: ignore[import-untyped]  # noqa: E402

from ingest.extract.images import MIN_PIXELS, MIN_SIDE_PX  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINE = "Freedom of Information 2024"


def rendered(size: int) -> Image.Image:
    font = ImageFont.truetype(str(FONT), size)
    left, top, right, bottom = font.getbbox(LINE)
    margin = max(2, size // 4)
    image = Image.new("L", (int(right - left) + 2 * margin, int(bottom - top) + 2 * margin), 255)
    ImageDraw.Draw(image).text((margin - left, margin - top), LINE, fill=0, font=font)
    return image


def main() -> None:
    print(f"thresholds: MIN_SIDE_PX={MIN_SIDE_PX}, MIN_PIXELS={MIN_PIXELS}")
    print(f"{'font px':>7} | {'image':>9} | {'pixels':>7} | {'words read':>10} | text")
    for size in range(6, 25, 2):
        image = rendered(size)
        text = " ".join(image_to_string(image).split())
        read = sum(word in text for word in LINE.split())
        width, height = image.size
        print(f"{size:7d} | {width:4d}x{height:<4d} | {width * height:7d} | {read:4d} of {len(LINE.split())} | {text}")


if __name__ == "__main__":
    main()
