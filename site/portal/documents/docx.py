"""DOCX building blocks: a Russian A4 document, headings, paragraphs, facts, tables.

The one module that knows python-docx (as ``pdf`` is for reportlab). Reports that
people edit before they sign them (a community's annual report, a mentoring report)
are handed out as DOCX; the same content as PDF is built with ``pdf.PdfReport``,
whose methods have the same names as ``DocxReport``'s, so a plugin writes its report
once against either (docs/documents.md).

Word draws the text with the reader's fonts: Times New Roman, which every office
suite has or substitutes metrically, 12 pt, the paper and margins of Russian office
documents (ГОСТ Р 7.0.97: A4, left 3 cm, right 1.5 cm, top and bottom 2 cm), and the
language set to Russian so the spell checker and hyphenation work.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
SIZE = 12
LANGUAGE = "ru-RU"
MUTED = RGBColor(0x55, 0x55, 0x55)
#: Heading sizes by level (1 is a section of the report; the title is larger).
HEADING_SIZES = {0: 16, 1: 14, 2: 12, 3: 12}

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
    "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


# Values as a Russian document writes them -------------------------------------------
def russian_date(value: dt.date | dt.datetime | None, *, suffix: bool = True) -> str:
    """«5 марта 2026 г.» (without «г.» when ``suffix`` is false); an aware datetime
    in the current time zone; None gives "". Independent of the active language:
    the documents are Russian whatever the interface language."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year}"
    return f"{text} г." if suffix else text


def short_date(value: dt.date | dt.datetime | None) -> str:
    """«05.03.2026», for table cells; None gives ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def cell_text(value) -> str:
    """A table cell's text: dates as 05.03.2026, booleans as да/нет, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.date):
        return short_date(value)
    return str(value)


# The document -----------------------------------------------------------------------
def new_document(
    title: str = "", *, author: str = "", landscape: bool = False
) -> Document:
    """An empty A4 document with the portal's styles, its title and author set in
    the file's properties and page numbers in the footer."""
    document = Document()
    properties = document.core_properties
    properties.title, properties.author = title[:255], author[:255]
    properties.language, properties.comments = LANGUAGE, ""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _styles(document)
    _page_numbers(section)
    return document


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(SIZE)
    _plain_font(normal)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in HEADING_SIZES.items():
        style = document.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name, style.font.size = FONT, Pt(size)
        style.font.bold, style.font.italic = True, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _plain_font(style)
        style.paragraph_format.space_before = Pt(12 if level else 0)
        style.paragraph_format.space_after = Pt(6)
    # The Title style draws a coloured rule under itself; a report needs none.
    title_pr = document.styles["Title"].element.pPr
    if title_pr is not None:
        for border in title_pr.findall(qn("w:pBdr")):
            title_pr.remove(border)


def _plain_font(style) -> None:
    """The style's font for every script (Cyrillic is drawn with the hAnsi font)
    instead of the theme's Calibri, and the Russian language."""
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def heading(document, text: str, level: int = 1):
    """A heading; level 0 is the document's title (centred)."""
    paragraph = document.add_heading(text, level=level)
    if level == 0:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def paragraph(
    document,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    muted: bool = False,
    centred: bool = False,
    size: float | None = None,
):
    """A paragraph of plain text; line breaks in ``text`` stay line breaks."""
    block = document.add_paragraph()
    if centred:
        block.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(block, text, bold=bold, italic=italic, muted=muted, size=size)
    return block


def facts(document, pairs: Iterable[tuple[str, object]]):
    """«Label: value» lines (the label bold); pairs with a blank value are left out."""
    blocks = []
    for label, value in pairs:
        shown = cell_text(value)
        if not shown:
            continue
        block = document.add_paragraph()
        block.paragraph_format.space_after = Pt(2)
        _add_text(block, f"{label}: ", bold=True)
        _add_text(block, shown)
        blocks.append(block)
    return blocks


def bullets(document, items: Iterable[str]):
    """A bulleted list, one paragraph per item."""
    return [document.add_paragraph(str(item), style="List Bullet") for item in items]


def table(
    document,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[float] | None = None,
    size: float = 10,
):
    """A bordered table: the header row bold and repeated on every page, one row
    per item of ``rows`` (cells through ``cell_text``); ``widths`` in centimetres."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    first._tr.get_or_add_trPr().append(repeat)
    for cell, title in zip(first.cells, header, strict=True):
        _add_text(cell.paragraphs[0], str(title), bold=True, size=size)
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _add_text(cell.paragraphs[0], cell_text(value), size=size)
    if widths:
        grid.autofit = False
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    document.add_paragraph()  # Word glues two consecutive tables into one
    return grid


def _add_text(block, text: str, *, bold=False, italic=False, muted=False, size=None):
    for number, line in enumerate(str(text).split("\n")):
        run = block.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        run.bold, run.italic = bold or None, italic or None
        if muted:
            run.font.color.rgb = MUTED
        if size:
            run.font.size = Pt(size)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DocxReport:
    """A report written block by block; ``pdf.PdfReport`` has the same methods, so
    one function can write the content for both formats::

        def write(report, data):
            report.title("Отчёт о деятельности…")
            report.facts([("Вид", data.kind), ("Уровень", data.level)])
            report.heading("План работы")
            report.table(["Тема", "Дата"], rows)
            return report.bytes()
    """

    content_type = CONTENT_TYPE
    extension = "docx"

    def __init__(self, title: str, *, author: str = "", landscape: bool = False):
        self.document = new_document(title, author=author, landscape=landscape)

    def title(self, text: str, subtitle: str = "") -> None:
        heading(self.document, text, 0)
        if subtitle:
            paragraph(self.document, subtitle, centred=True, muted=True)

    def heading(self, text: str, level: int = 1) -> None:
        heading(self.document, text, level)

    def paragraph(self, text: str, *, bold=False, italic=False, muted=False) -> None:
        paragraph(self.document, text, bold=bold, italic=italic, muted=muted)

    def facts(self, pairs: Iterable[tuple[str, object]]) -> None:
        facts(self.document, pairs)

    def bullets(self, items: Iterable[str]) -> None:
        bullets(self.document, items)

    def table(self, header, rows, *, widths=None) -> None:
        table(self.document, header, rows, widths=widths)

    def bytes(self) -> bytes:
        return to_bytes(self.document)
