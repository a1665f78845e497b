"""PDF building blocks: fonts with Cyrillic, paragraph styles, a document to bytes,
and reports written block by block (``PdfReport``, the twin of ``docx.DocxReport``)."""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors, pagesizes
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .docx import cell_text

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


# Reports: the same blocks as docx.DocxReport ---------------------------------------
CONTENT_TYPE = "application/pdf"
GRID = colors.HexColor("#8a8a8a")
HEADER_FILL = colors.HexColor("#e8edf4")


def _text(value) -> str:
    """A value as paragraph markup: escaped, line breaks kept."""
    return escape(cell_text(value)).replace("\n", "<br/>")


def table(header, rows, *, widths=None, size: float = 9, width: float | None = None):
    """A platypus table with a grid, the header row bold on a tint and repeated on
    every page, cells wrapped as paragraphs; ``widths`` in centimetres (scaled to
    ``width`` in points when both are given)."""
    cell = style("report-cell", size)
    head = style("report-head", size, bold=True)
    data = [[Paragraph(_text(title), head) for title in header]]
    data += [[Paragraph(_text(value), cell) for value in values] for values in rows]
    columns = None
    if widths:
        columns = [w * 10 * mm for w in widths]
        if width:
            scale = width / sum(columns)
            columns = [c * scale for c in columns]
    grid = Table(data, colWidths=columns, repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return grid


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.grey)
    canvas.drawCentredString(doc.pagesize[0] / 2, 10 * mm, str(doc.page))
    canvas.restoreState()


class PdfReport:
    """A report written block by block, with the methods of ``docx.DocxReport`` (one
    function writes the content of both formats; docs/documents.md)."""

    content_type = CONTENT_TYPE
    extension = "pdf"
    margin = 20 * mm

    def __init__(self, title: str, *, author: str = "", landscape: bool = False):
        self.title_text, self.author = title, author
        self.pagesize = pagesizes.landscape(A4) if landscape else A4
        self.width = self.pagesize[0] - 2 * self.margin
        self.story: list = []

    def _add(self, text, paragraph_style) -> None:
        self.story.append(Paragraph(_text(text), paragraph_style))

    def title(self, text: str, subtitle: str = "") -> None:
        self._add(text, style("report-title", 16, bold=True, centred=True))
        if subtitle:
            self._add(
                subtitle, style("report-sub", 10, centred=True, color=colors.grey)
            )
        self.story.append(Spacer(1, 4 * mm))

    def heading(self, text: str, level: int = 1) -> None:
        size = {1: 13, 2: 11}.get(level, 11)
        self._add(text, style(f"report-h{level}", size, bold=True, spaceBefore=8,
                              spaceAfter=4, keepWithNext=True))  # fmt: skip

    def paragraph(self, text: str, *, bold=False, italic=False, muted=False) -> None:
        extra = {"color": colors.grey} if muted else {}
        self._add(text, style("report-text", 10, bold=bold, spaceAfter=3, **extra))

    def facts(self, pairs) -> None:
        line = style("report-fact", 10, spaceAfter=1)
        for label, value in pairs:
            if cell_text(value):
                self.story.append(
                    Paragraph(f"<b>{_text(label)}:</b> {_text(value)}", line)
                )

    def bullets(self, items) -> None:
        line = style("report-bullet", 10, leftIndent=5 * mm, bulletIndent=1 * mm)
        for item in items:
            self.story.append(Paragraph(_text(item), line, bulletText="•"))

    def table(self, header, rows, *, widths=None) -> None:
        self.story.append(table(header, rows, widths=widths, width=self.width))
        self.story.append(Spacer(1, 3 * mm))

    def bytes(self) -> bytes:
        return build(
            self.story or [Spacer(1, 1)],  # a page even when nothing was written
            title=self.title_text,
            author=self.author,
            pagesize=self.pagesize,
            margin=self.margin,
            on_page=_page_number,
        )
