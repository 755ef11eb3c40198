"""Images as documents: scanned letters sent as JPEG, PNG, TIFF (one page per frame), GIF, BMP, WebP.

Each page goes through the same OCR path as a scanned PDF page (`ingest.extract.ocr`,
Tesseract); a multi-page TIFF's frames are OCR'd side by side, each keeping its page number.

Images too small to hold a line of text (logos, signature images, spacer GIFs) are
skipped with a reason instead of OCR'd; see `too_small`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.settings import Settings
from ingest.errors import CorruptFileError, TinyImageError
from ingest.extract.model import Block
from ingest.extract.ocr import PageImage, ocr_pages
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
    page_count = 0  # the frames read, which a truncated TIFF may leave short of what it declares

    def pages() -> Iterator[PageImage]:
        nonlocal page_count
        for number, frame in enumerate(frames, start=1):
            page_count = number
            if not too_small(frame.size):
                # Converted now: a TIFF's next frame reuses the same image object.
                yield PageImage(number, _as_ocr_input(frame).convert("L"), _dpi(frame))

    blocks = ocr_pages(pages(), ocr_languages(settings), str(path))
    return blocks, page_count


def _dpi(frame: Image) -> int | None:
    """The resolution the image file records, when it is a plausible scan's."""
    recorded = frame.info.get("dpi")
    try:
        dpi = round(float(recorded[0])) if recorded else 0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 70 <= dpi <= 1200 else None


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
