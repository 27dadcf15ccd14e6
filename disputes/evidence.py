"""Checks on uploaded evidence: type sniffed from the bytes, never from the name; EXIF capture time."""

import datetime as dt
import hashlib
import io
import re
import zlib
from dataclasses import dataclass

from config.errors import InvalidInput

SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXIF_IFD = 0x8769
TAG_DATETIME = 0x0132
TAG_MAKE, TAG_MODEL = 0x010F, 0x0110
TAG_DATETIME_ORIGINAL = 0x9003
TAG_OFFSET_TIME_ORIGINAL = 0x9011


MAX_PIXELS = 40_000_000
TAG_SOFTWARE = 0x0131
TAG_GPS_IFD = 0x8825
ACTIVE_MARKUP = re.compile(rb"<\s*(html|script|body|iframe|svg|object|embed)\b|javascript:", re.IGNORECASE)
PDF_ACTIVE = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "a launch action",
    "/EmbeddedFile": "embedded files",
    "/EmbeddedFiles": "embedded files",
    "/XFA": "an XFA form",
    "/RichMedia": "rich media",
}


@dataclass(frozen=True)
class Inspected:
    content_type: str
    sha256: str
    size: int
    captured_at: str = ""
    captured_on: dt.date | None = None
    camera: str = ""
    software: str = ""
    gps_present: bool = False


def sniff(data: bytes) -> str | None:
    """The content type the leading bytes prove, or None."""
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def _exif_time(image) -> tuple[str, dt.date | None, str]:
    exif = image.getexif()
    if not exif:
        return "", None, ""
    sub = exif.get_ifd(EXIF_IFD)
    raw = str(sub.get(TAG_DATETIME_ORIGINAL) or exif.get(TAG_DATETIME) or "").strip("\x00 ")
    camera = " ".join(str(exif.get(t, "")).strip("\x00 ") for t in (TAG_MAKE, TAG_MODEL)).strip()
    if not raw:
        return "", None, camera
    try:
        when = dt.datetime.strptime(raw, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return "", None, camera
    offset = str(sub.get(TAG_OFFSET_TIME_ORIGINAL) or "").strip("\x00 ")
    text = when.strftime("%Y-%m-%d %H:%M:%S") + (f" {offset}" if offset else "")
    return text, when.date(), camera


def _refuse(reason: str) -> InvalidInput:
    return InvalidInput(f"the file was refused: {reason}", field="file")


def _image_end(data: bytes, content_type: str) -> int:
    """Where the image's own data ends (after JPEG's EOI or PNG's IEND chunk), or -1 if it never does."""
    if content_type == "image/png":
        at = data.rfind(b"IEND")
        return at + 8 if at >= 0 else -1
    at = data.rfind(b"\xff\xd9")
    return at + 2 if at >= 0 else -1


def _text_blocks(data: bytes, content_type: str) -> list[bytes]:
    """The parts of an image that hold text rather than pixels: JPEG comment and APPn segments, PNG text chunks."""
    blocks = []
    if content_type == "image/png":
        at = 8
        while at + 8 <= len(data):
            length = int.from_bytes(data[at : at + 4], "big")
            kind = data[at + 4 : at + 8]
            body = data[at + 8 : at + 8 + length]
            if kind in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
                blocks.append(zlib.decompress(body.split(b"\0", 2)[-1][1:]) if kind == b"zTXt" else body)
            if kind == b"IEND":
                break
            at += 12 + length
        return blocks
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: pixel data follows
            break
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            blocks.append(data[at + 4 : at + 2 + length])
        at += 2 + length
    return blocks


def _inspect_image(data: bytes, content_type: str) -> dict:
    """Decode the whole image under a pixel cap; refuse trailing data and markup; read its metadata."""
    from PIL import Image, UnidentifiedImageError

    end = _image_end(data, content_type)
    if end < 0:
        raise InvalidInput("the image is damaged or truncated", field="file")
    if end != len(data):
        raise _refuse("it carries data after the end of the image (a file hidden inside a picture)")
    try:
        if any(ACTIVE_MARKUP.search(block) for block in _text_blocks(data, content_type)):
            raise _refuse("it carries HTML or script in its comment or metadata")
        # verify() checks the file's own structure (PNG checksums, JPEG markers) whatever the process-wide
        # LOAD_TRUNCATED_IMAGES says (the PDF renderer turns it on); load() then decodes every pixel.
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(f"it claims {width}×{height} pixels; the limit is {MAX_PIXELS // 1_000_000} million")
            image.load()
            exif = image.getexif()
            captured_at, captured_on, camera = _exif_time(image)
            software = str(exif.get(TAG_SOFTWARE, "")).strip("\x00 ")[:200]
            gps = bool(exif.get_ifd(TAG_GPS_IFD)) if TAG_GPS_IFD in exif else False
    except InvalidInput:
        raise
    except Image.DecompressionBombError:
        raise _refuse(f"it decodes to more than {MAX_PIXELS // 1_000_000} million pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, zlib.error):
        # The library's own message can name internal objects; say only what the sender can act on.
        raise InvalidInput("the image is damaged or truncated", field="file") from None
    return {
        "captured_at": captured_at,
        "captured_on": captured_on,
        "camera": camera,
        "software": software,
        "gps_present": gps,
    }


def _inspect_pdf(data: bytes) -> None:
    """Refuse a PDF that is truncated, carries markup, or holds active content (script, launch, attachments, XFA)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-2048:]:
        raise InvalidInput("the PDF is truncated (no end-of-file marker)", field="file")
    if ACTIVE_MARKUP.search(data):
        raise _refuse("the PDF carries HTML or script text")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse("the PDF is encrypted; send it without a password")
        objects = [reader.trailer["/Root"]]
        seen, found = set(), set()
        while objects and len(seen) < 20_000:
            obj = objects.pop()
            ref = getattr(obj, "idnum", None)
            if ref is not None:
                if ref in seen:
                    continue
                seen.add(ref)
                obj = obj.get_object()
            if hasattr(obj, "keys"):
                for key in obj.keys():
                    if key in PDF_ACTIVE:
                        found.add(PDF_ACTIVE[key])
                    if key == "/S" and obj[key] in ("/JavaScript", "/Launch"):
                        found.add(PDF_ACTIVE[obj[key]])
                objects.extend(obj.values())
            elif isinstance(obj, list):
                objects.extend(obj)
    except InvalidInput:
        raise
    except (PdfReadError, KeyError, ValueError, TypeError, RecursionError):
        raise InvalidInput("the PDF is damaged and cannot be read", field="file") from None
    # Names can also hide in streams the walk above does not open.
    for name, label in PDF_ACTIVE.items():
        if re.search(re.escape(name.encode()) + rb"[\s/<\[(>]", data):
            found.add(label)
    if found:
        raise _refuse(f"the PDF contains {', '.join(sorted(found))}")


def refuse_oversized(uploads) -> None:
    """Before reading any of them: refuse uploaded files over EVIDENCE_MAX_BYTES (inspect_upload checks it again)."""
    from django.conf import settings

    limit = settings.EVIDENCE_MAX_BYTES
    for upload in uploads:
        if upload.size > limit:
            raise InvalidInput(f"{upload.name} is {upload.size:,} bytes; the limit is {limit:,}", field="file")


def inspect_upload(data: bytes, *, max_bytes: int) -> Inspected:
    """Check an upload is a clean JPEG, PNG or PDF within the size limit; read a photo's capture time and metadata."""
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > max_bytes:
        raise InvalidInput(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", field="file")
    content_type = sniff(data)
    if content_type is None:
        raise InvalidInput("only JPEG, PNG and PDF files are accepted (judged by content, not name)", field="file")
    meta = _inspect_image(data, content_type) if content_type.startswith("image/") else {}
    if content_type == "application/pdf":
        _inspect_pdf(data)
    return Inspected(
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        **meta,
    )
