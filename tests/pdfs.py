"""Reading rendered PDFs back as a reader's tools do: poppler's pdftotext and pdfinfo, and pypdf for the catalog."""

import io
import re
import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def pdftotext(data: bytes, *options: str) -> str:
    """The text poppler extracts, in its reading order (pass "-layout" to keep the columns)."""
    done = subprocess.run(["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def pdfinfo(data: bytes) -> dict[str, str]:
    """pdfinfo's fields, e.g. {"Tagged": "yes", "Pages": "1", "Title": …}."""
    out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return dict(re.findall(r"^([^:\n]+):\s*(.*)$", out, re.M))


def catalog(data: bytes) -> dict:
    """The document catalog: /MarkInfo, /StructTreeRoot, /Lang, /ViewerPreferences."""
    return PdfReader(io.BytesIO(data)).trailer["/Root"]


def assert_tagged(data: bytes, title: str) -> None:
    """A tagged PDF (PDF/UA) in English whose title is shown instead of its file name."""
    info = pdfinfo(data)
    assert info["Tagged"] == "yes"
    assert info["Title"] == title
    root = catalog(data)
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def glyphs_missing(text: str) -> set[str]:
    """Characters of the text that neither bundled DejaVu Sans face can draw."""
    covered: set[int] = set()
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        covered |= set(TTFont(FONTS / face).getBestCmap())
    return {ch for ch in text if not ch.isspace() and ord(ch) not in covered}
