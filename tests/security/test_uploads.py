import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.errors import InvalidInput, TooMany
from disputes import services
from disputes.evidence import inspect_upload
from disputes.models import Evidence
from tests.factories import jpeg_with_exif, pdf_bytes

LIMIT = 10**8


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (1 + 3 * width) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_with_comment(text: bytes) -> bytes:
    data = jpeg_with_exif()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]


def pdf_with(extra: bytes) -> bytes:
    return pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog " + extra)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (png_claiming(50000, 50000), "more than 40 million pixels"),
        (png_claiming(12000, 12000), "claims 12000×12000 pixels"),
        (jpeg_with_exif() + b"<html><script>alert(1)</script></html>", "data after the end of the image"),
        (jpeg_with_comment(b"<script>alert(1)</script>"), "HTML or script in its comment"),
        (b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "HTML or script"),
        (pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "contains JavaScript"),
        (pdf_with(b"/OpenAction << /S /Launch /F (calc.exe) >>"), "a launch action"),
        (pdf_with(b"/Names << /EmbeddedFiles << /Names [] >> >>"), "embedded files"),
        (pdf_with(b"/AcroForm << /XFA 9 0 R >>"), "an XFA form"),
    ],
    ids=["bomb", "12000px", "jpeg+html", "jpeg-comment", "pdf-html", "pdf-js", "pdf-launch", "pdf-attachment", "xfa"],
)
def test_dangerous_files_are_refused_naming_why(data, reason):
    with pytest.raises(InvalidInput) as refused:
        inspect_upload(data, max_bytes=LIMIT)
    assert reason in refused.value.message
    assert "0x" not in refused.value.message


def test_a_damaged_image_is_refused_without_leaking_library_internals(monkeypatch):
    from PIL import ImageFile

    # The PDF renderer turns this on for the whole process; a damaged upload must still be refused.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    damaged = png_claiming(64, 64).replace(b"IDAT", b"IDAT\x00\x01garbage", 1)
    with pytest.raises(InvalidInput) as refused:
        inspect_upload(damaged, max_bytes=LIMIT)
    assert refused.value.message == "the image is damaged or truncated"


def test_clean_files_pass_and_keep_their_metadata():
    from PIL import Image

    image = Image.new("RGB", (32, 24))
    exif = Image.Exif()
    exif[0x010F], exif[0x0131] = "Axis", "Axis Camera Station 5.4"
    exif.get_ifd(0x8825)[2] = (44.0, 58.0, 40.0)
    import io

    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    info = inspect_upload(out.getvalue(), max_bytes=LIMIT)
    assert (info.software, info.gps_present) == ("Axis Camera Station 5.4", True)
    assert inspect_upload(pdf_bytes(), max_bytes=LIMIT).content_type == "application/pdf"


def test_reviewers_see_the_metadata_and_the_original_is_kept_byte_for_byte(client, sheriff, reviewer, entry):
    data = jpeg_with_exif()
    case = services.open_case(
        actor=sheriff, entries=[entry.pk], ground="other", explanation="Not ours at all, clearly."
    )
    evidence = services.add_case_evidence(actor=sheriff, case_id=case.pk, data=data, filename="a.jpg")
    assert evidence.file.open("rb").read() == data
    services.submit_case(actor=sheriff, case_id=case.pk)
    client.force_login(reviewer)
    html = client.get(reverse("review-case", args=[case.pk])).content.decode()
    assert "Metadata in the file: camera Axis Q1615 Sally Port Camera" in html and "no GPS location" in html


def test_uploads_per_account_are_limited(settings, sheriff, entry):
    settings.EVIDENCE_UPLOADS_PER_HOUR = 3
    case = services.open_case(
        actor=sheriff, entries=[entry.pk], ground="other", explanation="Not ours at all, clearly."
    )
    for n in range(3):
        services.add_case_evidence(
            actor=sheriff, case_id=case.pk, data=jpeg_with_exif(f"2017:01:30 10:00:0{n}"), filename="x.jpg"
        )
    with pytest.raises(TooMany):
        services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="x.pdf")
    assert Evidence.objects.count() == 3


def test_an_oversize_body_is_refused_before_it_is_read(client, settings, monkeypatch, db):
    settings.REQUEST_MAX_BYTES = 1000
    spooled = []
    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryUploadedFile", lambda *a, **k: spooled.append(1))
    response = client.post(
        reverse("portal-case-evidence", args=[1]), {"file": SimpleUploadedFile("a.jpg", b"1" * 5000)}
    )
    assert response.status_code == 413 and spooled == []
    api = client.post("/api/v1/cases/1/evidence/", {"file": SimpleUploadedFile("b.jpg", b"1" * 5000)})
    assert api.status_code == 413
    assert api.json()["detail"].startswith("the request body is")


def test_text_fields_have_length_limits_on_web_and_api(client, client_for, sheriff, entry):
    huge = "x" * 5001
    api = client_for(sheriff).post(
        "/api/v1/cases/", {"entries": [entry.pk], "ground": "other", "explanation": huge}, format="json"
    )
    assert api.status_code == 400 and api.json()["field"] == "explanation"
    client.force_login(sheriff)
    web = client.post(reverse("portal-dispute", args=[entry.pk]), {"ground": "other", "explanation": huge})
    assert web.status_code == 400
