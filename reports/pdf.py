"""HTML-to-PDF rendering with WeasyPrint."""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> tuple[bytes, str]:
    """Render a template to PDF bytes; returns the bytes and their sha256."""
    from weasyprint import HTML  # imported late: it loads Pango, which web requests rarely need

    html = render_to_string(template, context)
    data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return data, hashlib.sha256(data).hexdigest()
