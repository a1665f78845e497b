"""DOCX building blocks (portal.documents.docx) and their PDF twin (pdf.PdfReport):
what a reader of the file sees, read back with python-docx and pypdf."""

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from portal.documents.docx import (
    CONTENT_TYPE,
    DocxReport,
    cell_text,
    russian_date,
    short_date,
)
from portal.documents.pdf import PdfReport

HEADER = ["Тема", "Дата", "Выполнено"]
ROWS = [
    ["Анализ ВПР", dt.date(2026, 3, 5), True],
    ["Открытый урок <b>геометрии</b> & «ещё»", None, False],
]


def write(report):
    report.title("Отчёт о деятельности сообщества", "за 2026 год")
    report.heading("Сведения")
    report.facts([("Вид", "РМО"), ("Базовая организация", ""), ("Участников", 12)])
    report.paragraph("Первая строка\nвторая строка", muted=True)
    report.bullets(["Семинар", "Вебинар"])
    report.table(HEADER, ROWS, widths=[10.5, 3, 3])
    report.paragraph("Итоги: выполнено 1 из 2.", bold=True)
    return report.bytes()


def test_russian_dates_whatever_the_language(settings):
    from django.utils import translation

    with translation.override("en"):
        assert russian_date(dt.date(2026, 3, 5)) == "5 марта 2026 г."
    assert russian_date(dt.date(2026, 5, 1), suffix=False) == "1 мая 2026"
    # An aware datetime is shown in the current time zone (Moscow: already the 5th).
    late = dt.datetime(2026, 3, 4, 22, 30, tzinfo=dt.UTC)
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert russian_date(late) == "5 марта 2026 г." and short_date(late) == "05.03.2026"
    assert russian_date(None) == short_date(None) == ""


def test_cell_text():
    assert [cell_text(v) for v in (None, True, False, dt.date(2026, 1, 9), 7, "x")] == [
        "",
        "да",
        "нет",
        "09.01.2026",
        "7",
        "x",
    ]


def test_docx_has_the_content_styles_and_page_of_a_russian_document():
    report = DocxReport("Отчёт РМО", author="РМО учителей математики")
    assert report.content_type == CONTENT_TYPE and report.extension == "docx"
    document = docx.Document(io.BytesIO(write(report)))
    properties = document.core_properties
    assert properties.title == "Отчёт РМО"
    assert properties.author == "РМО учителей математики"
    assert properties.language == "ru-RU"
    section = document.sections[0]
    # A4 and the margins, to the twip Word stores them in.
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (
        21,
        29.7,
    )
    assert (round(section.left_margin.cm, 2), round(section.right_margin.cm, 2)) == (
        3,
        1.5,
    )
    assert 'w:instr="PAGE"' in section.footer._element.xml

    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[:4] == [
        ("Title", "Отчёт о деятельности сообщества"),
        ("Normal", "за 2026 год"),
        ("Heading 1", "Сведения"),
        ("Normal", "Вид: РМО"),
    ]
    texts = [text for _style, text in paragraphs]
    assert "Участников: 12" in texts
    assert not any(t.startswith("Базовая организация") for t in texts)  # blank
    assert "Первая строка\nвторая строка" in texts  # a line break, not a paragraph
    assert ("List Bullet", "Вебинар") in paragraphs
    assert texts[-1] == "Итоги: выполнено 1 из 2."
    assert document.paragraphs[-1].runs[0].bold
    assert document.paragraphs[3].runs[0].bold  # the fact's label

    (table,) = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        HEADER,
        ["Анализ ВПР", "05.03.2026", "да"],
        ["Открытый урок <b>геометрии</b> & «ещё»", "", "нет"],
    ]
    first = table.rows[0]
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert all(c.paragraphs[0].runs[0].bold for c in first.cells)
    assert round(table.rows[1].cells[0].width.cm, 2) == 10.5

    # Times New Roman for every script, not the theme's Calibri; Russian language.
    for name in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:hAnsi")) == "Times New Roman", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    language = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "ru-RU"
    assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)


def test_landscape_docx():
    document = docx.Document(io.BytesIO(DocxReport("Т", landscape=True).bytes()))
    section = document.sections[0]
    assert section.page_width > section.page_height


def pdf_pages(data: bytes) -> list[str]:
    return [
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages
    ]


def test_the_pdf_twin_writes_the_same_blocks():
    report = PdfReport("Отчёт РМО", author="РМО учителей математики")
    assert report.content_type == "application/pdf" and report.extension == "pdf"
    data = write(report)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Отчёт РМО"
    assert reader.metadata.author == "РМО учителей математики"
    (text,) = pdf_pages(data)
    for expected in (
        "Отчёт о деятельности сообщества",
        "за 2026 год",
        "Вид: РМО",
        "Участников: 12",
        "Первая строка вторая строка",
        "Семинар",
        "Тема Дата Выполнено",
        "Анализ ВПР 05.03.2026 да",
        # Markup in the data is printed as written, not interpreted.
        "Открытый урок <b>геометрии</b> & «ещё»",
        "Итоги: выполнено 1 из 2.",
    ):
        assert expected in text, expected
    assert "Базовая организация" not in text


@pytest.mark.parametrize("kind", [DocxReport, PdfReport])
def test_a_long_table_repeats_its_header(kind):
    report = kind("Длинный отчёт")
    report.table(HEADER, [[f"Пункт {n}", None, n % 2 == 0] for n in range(120)])
    data = report.bytes()
    if kind is PdfReport:
        pages = pdf_pages(data)
        assert len(pages) > 1
        # Each page: its number (drawn first), then the table's header row.
        assert all(
            page.startswith(f"{number} Тема Дата Выполнено Пункт")
            for number, page in enumerate(pages, start=1)
        )
        assert "Пункт 119" in pages[-1]
    else:
        (table,) = docx.Document(io.BytesIO(data)).tables
        assert len(table.rows) == 121


def test_an_empty_report_is_still_a_document():
    assert docx.Document(io.BytesIO(DocxReport("Пусто").bytes())).paragraphs is not None
    assert len(PdfReader(io.BytesIO(PdfReport("Пусто").bytes())).pages) == 1
