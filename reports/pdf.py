"""HTML-to-PDF rendering with WeasyPrint."""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string

from config.dates import show_date

# Tagged PDF (PDF/UA-1): screen readers get headings, tables and reading order, and the title and language.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict) -> tuple[bytes, str]:
    """Render a template to tagged PDF bytes; returns the bytes and their sha256."""
    from weasyprint import HTML  # imported late: it loads Pango, which web requests rarely need

    html = render_to_string(template, context)
    data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)
    return data, hashlib.sha256(data).hexdigest()


def prints_section_ii(revision) -> bool:
    """Whether the revision's PDF prints its Section II (REVISION_PDF_MAX_ROWS rows at most)."""
    return revision.declined <= settings.REVISION_PDF_MAX_ROWS


def revision_pdf_context(revision) -> dict:
    """What a revision's PDF shows: its frozen content, what changed since the one before, and its row gaps.

    A Section II longer than REVISION_PDF_MAX_ROWS is not read at all (`section_ii` None): the PDF names the
    revision's data files and page instead, so a render's time and memory stay within what a worker has.
    """
    from .frozen import section_ii
    from .selectors import rows_not_listed

    changes = revision.changes
    if changes:
        # The changes list is shared with the web page; the PDF shows its dates in the project's format here.
        changes = {
            **changes,
            "section_ii_removed": [
                {**row, "declined": show_date(row.get("declined"))} for row in changes["section_ii_removed"]
            ],
        }
    sections = revision.sections or {}
    return {
        "revision": revision,
        "report": revision.report,
        "changes": changes,
        "section_i": sections.get("section_i", []),
        "section_ii": section_ii(revision) if prints_section_ii(revision) else None,
        "section_iii": sections.get("section_iii", []),
        "rows_printed_at_most": settings.REVISION_PDF_MAX_ROWS,
        "rows_not_listed": rows_not_listed(revision),
        "site_url": settings.SITE_URL,
    }
