"""PDF: the text layer where a page has one (PDFium, `ingest.extract.pdf_text`; unstructured's
`fast` strategy when PDFium cannot read the file), OCR (Tesseract, `ingest.extract.ocr`) where it has not.

Never `hi_res` or `auto`: they load a layout model from a model hub. Scanned pages are
found page by page, so a letter with a scanned signature page or a bundle of typed and
scanned pages is OCR'd only where needed: pages whose text layer has almost no text and
that carry an image (or draw their text in a font with no Unicode map) are rendered and OCR'd.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

from core.settings import Settings
from ingest.errors import CorruptFileError, EncryptedFileError, ExtractionError
from ingest.extract.cut_lines import CutLines, join_cut_words
from ingest.extract.elements import to_blocks
from ingest.extract.model import Block
from ingest.extract.ocr import OCR_DPI, PageImage, ocr_pages
from ingest.extract.pdf_text import PageText, paragraph_blocks, read_text_layer

# A page whose text layer has fewer visible characters than this is treated as scanned
# (a scanned letter often carries a stamped page number or a few stray glyphs).
MIN_TEXT_CHARS = 25
# A page rendered for OCR has at most this many pixels (an A4 page at 400 dpi has 15.5 million).
MAX_OCR_PIXELS = 40_000_000
_XOBJECT_DEPTH = 3


def open_pdf(path: Path) -> PdfReader:
    """A PdfReader ready to read pages; raises Encrypted/CorruptFileError with a reason."""
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedFileError(str(path), "encrypted: the PDF is password-protected")
        _ = len(reader.pages)
    except FileNotDecryptedError as e:
        raise EncryptedFileError(str(path), "encrypted: the PDF is password-protected") from e
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError) as e:
        raise CorruptFileError(str(path), f"not a readable PDF: {e}") from e
    except NotImplementedError as e:
        # pypdf raises this for encryption schemes it does not implement.
        raise EncryptedFileError(str(path), f"the PDF is encrypted with an unsupported scheme: {e}") from e
    return reader


def extract_pdf_blocks(path: Path, settings: Settings) -> tuple[list[Block], int, tuple[int, ...]]:
    """(blocks, page count, pages that were OCR'd)."""
    reader = open_pdf(path)
    page_count = len(reader.pages)
    if page_count == 0:
        return [], 0, ()
    languages = ocr_languages(settings)
    text_blocks, cut_lines, unmapped = _text_layer(path, reader, languages)
    chars = _visible_chars_per_page(text_blocks)
    scanned = [
        n
        for n in range(1, page_count + 1)
        if chars[n] < MIN_TEXT_CHARS and (unmapped[n] >= MIN_TEXT_CHARS or _has_image(reader, n))
    ]
    text_pages = [n for n in range(1, page_count + 1) if n not in set(scanned)]
    text_blocks = join_cut_words(cut_lines, text_blocks, text_pages)
    if not scanned:
        return text_blocks, page_count, ()
    kept = [b for b in text_blocks if b.page not in set(scanned)]
    ocr_blocks = _ocr_pages(path, scanned, languages)
    return _in_page_order(kept + ocr_blocks), page_count, tuple(scanned)


def _text_layer(
    path: Path, reader: PdfReader, languages: list[str]
) -> tuple[list[Block], CutLines, defaultdict[int, int]]:
    """The text layer's blocks, the page lines that the cut-word repair reads, and each page's
    count of glyphs that map to no character (a page drawn in such a font is OCR'd)."""
    # Cached: when PDFium cannot read the file these lines also serve as the sample, read first.
    exact = cache(partial(_pypdf_lines, reader))
    unmapped: defaultdict[int, int] = defaultdict(int)
    try:
        layer = read_text_layer(path)
    except CorruptFileError:
        # PDFium refused a file that pypdf opened: pdfminer (unstructured's `fast`) may still read it.
        return to_blocks(_partition(path, "fast", languages)), CutLines(exact, exact), unmapped
    blocks = []
    for number, page in enumerate(layer, 1):
        blocks.extend(paragraph_blocks(page.lines, number))
        unmapped[number] = page.unmapped_glyphs
    # PDFium drops a line's doubled spaces, which a cut column's length counts: its lines tell
    # cheaply whether the file is cut at all, and pypdf's then find the cuts themselves.
    return blocks, CutLines(partial(_pdfium_lines, layer), exact), unmapped


def _pdfium_lines(layer: list[PageText], page: int) -> list[str]:
    return [line.raw for line in layer[page - 1].lines] if page <= len(layer) else []


def _pypdf_lines(reader: PdfReader, page: int) -> list[str]:
    try:
        text = reader.pages[page - 1].extract_text()
    except Exception:  # a repair only: none of pypdf's many errors may fail the file
        return []
    return text.replace("\u00a0", " ").replace("\r", "").split("\n")


def ocr_languages(settings: Settings) -> list[str]:
    return [lang for lang in settings.ocr_languages.replace(",", "+").split("+") if lang.strip()] or ["eng"]


def _partition(path: Path, strategy: str, languages: list[str]) -> list[Any]:
    from unstructured.partition.pdf import partition_pdf

    try:
        return list(partition_pdf(filename=str(path), strategy=strategy, languages=languages))
    except (PdfReadError, PdfStreamError) as e:
        raise CorruptFileError(str(path), f"not a readable PDF: {e}") from e
    except Exception as e:
        # pdfminer, poppler and tesseract raise many unrelated types on bad input.
        raise ExtractionError(str(path), f"PDF extraction ({strategy}) failed: {type(e).__name__}: {e}") from e


def _visible_chars_per_page(blocks: list[Block]) -> defaultdict[int, int]:
    chars: defaultdict[int, int] = defaultdict(int)
    for block in blocks:
        if block.page is not None:
            chars[block.page] += sum(1 for c in block.text if not c.isspace())
    return chars


def _has_image(reader: PdfReader, page_number: int) -> bool:
    """True when the page draws an image (directly or inside a form XObject).

    A page with neither text nor image is blank and is not worth an OCR pass.
    """
    try:
        resources = reader.pages[page_number - 1].get("/Resources")
        return _resources_have_image(resources, _XOBJECT_DEPTH)
    except (PdfReadError, PdfStreamError, KeyError, ValueError, TypeError, AttributeError):
        return True  # cannot tell: OCR is the safe side


def _resources_have_image(resources: Any, depth: int) -> bool:
    if resources is None or depth == 0:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_image(xobject.get("/Resources"), depth - 1):
            return True
    return False


def _ocr_pages(path: Path, pages: list[int], languages: list[str]) -> list[Block]:
    """OCR the given pages only, each rendered once at the resolution Tesseract reads best."""
    return ocr_pages(_rendered(path, pages), languages, str(path))


def _rendered(path: Path, pages: list[int]) -> Iterator[PageImage]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise CorruptFileError(str(path), f"cannot render the scanned pages for OCR: {e}") from e
    try:
        for number in pages:
            page = document[number - 1]
            width, height = page.get_size()
            # A poster-sized page is read at less than OCR_DPI rather than filling the memory.
            scale = min(OCR_DPI / 72, math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0)))
            yield PageImage(number, page.render(scale=scale, grayscale=True).to_pil(), round(scale * 72))
    except pdfium.PdfiumError as e:
        raise CorruptFileError(str(path), f"cannot render page {number} for OCR: {e}") from e
    finally:
        document.close()


def _in_page_order(blocks: list[Block]) -> list[Block]:
    # sorted() is stable: blocks keep their reading order within a page.
    return sorted(blocks, key=lambda b: b.page or 0)
