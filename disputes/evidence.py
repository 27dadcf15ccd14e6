"""Checks on uploaded evidence: type sniffed from the bytes, never from the name; EXIF capture time."""

import datetime as dt
import hashlib
import io
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


@dataclass(frozen=True)
class Inspected:
    content_type: str
    sha256: str
    size: int
    captured_at: str = ""
    captured_on: dt.date | None = None
    camera: str = ""


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


def inspect_upload(data: bytes, *, max_bytes: int) -> Inspected:
    """Check an upload is a JPEG, PNG or PDF within the size limit; read a photo's capture time."""
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > max_bytes:
        raise InvalidInput(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", field="file")
    content_type = sniff(data)
    if content_type is None:
        raise InvalidInput("only JPEG, PNG and PDF files are accepted (judged by content, not name)", field="file")
    captured_at, captured_on, camera = "", None, ""
    if content_type.startswith("image/"):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                captured_at, captured_on, camera = _exif_time(image)
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise InvalidInput(f"the image is damaged or truncated ({exc})", field="file") from exc
    elif b"%%EOF" not in data[-2048:]:
        raise InvalidInput("the PDF is truncated (no end-of-file marker)", field="file")
    return Inspected(
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        captured_at=captured_at,
        captured_on=captured_on,
        camera=camera,
    )
