"""Images as documents: scanned letters sent as JPEG, PNG, TIFF (one page per frame), GIF, BMP, WebP.

Each page goes through the same OCR path as a scanned PDF page: unstructured's `ocr_only`
strategy, which runs Tesseract. unstructured reads only the first frame of a multi-page
TIFF, so frames are split out here and OCR'd one by one, each keeping its page number.

Images too small to hold a line of text (logos, signature images, spacer GIFs) are
skipped with a reason instead of OCR'd; see `too_small`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from core.settings import Settings
from ingest.errors import CorruptFileError, ExtractionError, TinyImageError
from ingest.extract.elements import to_blocks
from ingest.extract.model import Block
from ingest.extract.pdf import ocr_languages

if TYPE_CHECKING:
    from PIL.Image import Image

# Measured with benchmarks/image_ocr_threshold.py: Tesseract reads a tightly cropped line of
# 8 px type (a 121x11 image, 1,331 pixels) and nothing at 6 px (92x9). Below both bounds an
# image is a spacer, bullet or icon (1x1, 16x16, 32x32 = 1,024 pixels), never text.
MIN_SIDE_PX = 10
MIN_PIXELS = 1_200
# A page this large (in pixels) is a poster-sized scan or a decompression bomb: refused.
MAX_PIXELS = 200_000_000


def extract_image(path: Path, settings: Settings) -> tuple[list[Block], int]:
    """(blocks, page count): every page (TIFF frame) OCR'd, in order."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            reason = too_small(image.size)
            if reason:
                raise TinyImageError(str(path), reason)
            # Only a TIFF's frames are pages; an animated GIF's are not worth an OCR pass each.
            frames = ImageSequence.Iterator(image) if image.format == "TIFF" else [image]
            return _ocr_frames(path, frames, settings)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise CorruptFileError(str(path), f"not a readable image: {type(e).__name__}: {e}") from e


def too_small(size: tuple[int, int]) -> str | None:
    """Why an image of this size holds no text worth OCR (a logo, a spacer), or None."""
    width, height = size
    if min(width, height) < MIN_SIDE_PX or width * height < MIN_PIXELS:
        return f"image too small to hold text ({width}x{height} px): a logo or spacer, not OCR'd"
    return None


def _ocr_frames(path: Path, frames: Iterable[Image], settings: Settings) -> tuple[list[Block], int]:
    from unstructured.partition.image import partition_image

    languages = ocr_languages(settings)
    blocks: list[Block] = []
    page = 0
    with tempfile.TemporaryDirectory(prefix="foi-image-") as tmp:
        for page, frame in enumerate(frames, start=1):
            if too_small(frame.size):
                continue
            page_file = Path(tmp) / f"page-{page}.png"
            _as_ocr_input(frame).save(page_file, format="PNG")
            try:
                elements = partition_image(filename=str(page_file), strategy="ocr_only", languages=languages)
            except Exception as e:
                # Tesseract and Pillow raise many unrelated types on odd images.
                raise ExtractionError(str(path), f"OCR of page {page} failed: {type(e).__name__}: {e}") from e
            blocks.extend(to_blocks(elements, page_map=[page]))
    return blocks, page


def _as_ocr_input(frame: Image) -> Image:
    """RGB (or greyscale) for Tesseract: palette, CMYK and 16-bit frames are converted, transparency
    is laid on white (a transparent PNG's text is otherwise black on black)."""
    from PIL import Image as PILImage

    if frame.mode in {"RGBA", "LA"} or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        background = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(background, rgba).convert("RGB")
    if frame.mode in {"1", "L", "RGB"}:
        return frame
    return frame.convert("RGB")
