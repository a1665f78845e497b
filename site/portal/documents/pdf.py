"""PDF building blocks: fonts with Cyrillic, paragraph styles, a document to bytes."""

import functools
import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

FONTS = Path(__file__).parent / "fonts"
FONT = "PortalSans"
FONT_BOLD = "PortalSans-Bold"


@functools.cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) once per process."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def style(name: str, size: float = 11, *, bold=False, centred=False, **extra):
    """A paragraph style in the portal's font (leading 1.3 × size)."""
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.3,
        alignment=TA_CENTER if centred else TA_LEFT,
        textColor=extra.pop("color", colors.black),
        **extra,
    )


def build(
    story: list,
    *,
    title: str,
    author: str = "",
    pagesize=A4,
    margin: float = 20 * mm,
    on_page=None,
) -> bytes:
    """Lay out a platypus story on pages of ``pagesize``; ``on_page(canvas, doc)``
    draws what every page has (a frame, a footer). Returns the PDF's bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author=author,
        creator="SNMS portal",
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    template = PageTemplate(id="page", frames=[frame])
    if on_page is not None:
        template.onPage = on_page
    doc.addPageTemplates([template])
    doc.build(story)
    return buffer.getvalue()
