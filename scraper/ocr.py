"""Text of scanned PDFs: the page images through Tesseract, when it is installed.

A scanned meeting note has no text layer, so without OCR its record holds only a title.
Debian's `tesseract-ocr` with the `chi-sim`, `chi-tra` and `eng` languages reads Chinese and
English pages; without it the file is skipped and counted, never an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable

from scraper.office import FormatError, ToolMissing

#: Pages read at most per file (OCR takes about a second a page).
MAX_OCR_PAGES = 20
TIMEOUT_PER_PAGE = 60
_WANTED = ("chi_sim", "chi_tra", "eng")


def available() -> bool:
    return shutil.which("tesseract") is not None


def languages() -> str:
    """The installed languages among Chinese (both scripts) and English, as `-l` wants."""
    done = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    installed = set(done.stdout.split())
    chosen = [lang for lang in _WANTED if lang in installed]
    return "+".join(chosen) or "eng"


def images_text(images: Iterable[bytes]) -> str:
    """Text of page images (PNG, JPEG, TIFF … bytes), in order."""
    if not available():
        raise ToolMissing("scanned PDF needs tesseract for OCR")
    chosen = languages()
    texts = []
    for number, image in enumerate(images):
        if number >= MAX_OCR_PAGES:
            break
        try:
            done = subprocess.run(
                ["tesseract", "stdin", "stdout", "-l", chosen, "--psm", "3"],
                input=image,
                capture_output=True,
                timeout=TIMEOUT_PER_PAGE,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise FormatError("OCR timed out") from exc
        if done.returncode == 0:
            texts.append(done.stdout.decode("utf-8", errors="replace"))
    # Tesseract spaces out Chinese characters ("中 国"); Chinese is written without spaces.
    return _SPACED_HAN.sub("", "\n".join(texts))


_SPACED_HAN = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")
