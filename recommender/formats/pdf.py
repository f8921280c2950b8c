"""PDF: the HTML draft printed by WeasyPrint (A4, page numbers, the HTML's print styles)."""

from __future__ import annotations

import logging


def pdf(html: str) -> bytes:
    """Print standalone HTML to PDF bytes."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support (screen-only rules): not news
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    data: bytes = HTML(string=html).write_pdf()
    return data
