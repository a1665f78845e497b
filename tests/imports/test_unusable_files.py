"""Files that are not tables, misnamed, broken or hostile: every one a clear refusal."""

import io
import random
import zipfile

import pytest

from portal.imports.readers import Limits, UnusableFile, read_table
from tests.imports.files import (
    SHEET,
    deflated,
    deflated_zeros,
    docx,
    edit_part,
    hand_made_zip,
    ods,
    rows_xlsx,
    xlsx,
    xlsx_shell,
)

CORRUPT = "Файл повреждён или не является таблицей Excel (XLSX)."


def test_an_xlsx_named_csv_is_read_as_xlsx():
    table = read_table(rows_xlsx([["ФИО"], ["Иванов"]]), "выгрузка.csv")
    assert (table.format, table.extension_mismatch) == ("xlsx", True)
    assert table.rows == [["Иванов"]]


def test_a_csv_named_xlsx_is_read_as_csv():
    table = read_table("ФИО;Город\nИванов;Тверь\n".encode("cp1251"), "выгрузка.xlsx")
    assert (table.format, table.extension_mismatch) == ("csv", True)
    assert table.rows == [["Иванов", "Тверь"]]


@pytest.mark.parametrize("filename", ["данные.XLSX", "данные.xlsm", "данные"])
def test_a_fitting_or_missing_extension_is_no_mismatch(filename):
    assert read_table(rows_xlsx([["A"]]), filename).extension_mismatch is False


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "не является таблицей",
        ),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "не является таблицей"),
        (random.Random(1).randbytes(4096) + b"\x00", "не является таблицей"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "старом формате Excel (XLS)",
        ),
        (docx(), "документ Word"),
        (ods(), "ODS"),
        (b"PK\x05\x06" + bytes(18), "не является таблицей"),
    ],
    ids=["pdf", "png", "jpeg", "random", "xls", "docx", "ods", "empty zip"],
)
def test_files_that_are_not_tables_are_refused(data, fragment):
    with pytest.raises(UnusableFile) as error:
        read_table(data, "таблица.xlsx")
    assert fragment in error.value.message


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_truncated_xlsx_is_refused(keep):
    data = rows_xlsx([["ФИО", "Город"]] + [["Иванов", "Тверь"]] * 200)
    with pytest.raises(UnusableFile) as error:
        read_table(data[: int(len(data) * keep)], "x.xlsx")
    assert error.value.message == CORRUPT


def test_a_damaged_part_is_refused_by_its_checksum():
    data = bytearray(rows_xlsx([["ФИО"]] + [["Иванов"]] * 200))
    start = bytes(data).index(SHEET.encode()) + len(SHEET) + 40
    data[start] ^= 0xFF
    with pytest.raises(UnusableFile, match="повреждён"):
        read_table(bytes(data), "x.xlsx")


def test_broken_xml_inside_a_sound_zip_is_refused():
    data = edit_part(rows_xlsx([["ФИО"], ["Иванов"]]), SHEET, lambda part: part[:-40])
    with pytest.raises(UnusableFile, match="повреждён"):
        read_table(data, "x.xlsx")


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_unpacking():
    data = xlsx_shell(deflated_zeros(200))  # 200 MiB of zeros in about 200 KB
    assert len(data) < 300_000
    with pytest.raises(UnusableFile) as error:
        read_table(data, "отчёт.xlsx")
    assert "zip-бомбу" in error.value.message
    assert "200\u00a0МБ" in error.value.message


def test_the_absolute_unpacked_cap_holds_whatever_the_ratio():
    limits = Limits(max_unpacked_bytes=4 * 1024 * 1024, max_zip_ratio=10**9)
    with pytest.raises(UnusableFile, match="zip-бомбу"):
        read_table(xlsx_shell(deflated_zeros(5)), "x.xlsx", limits=limits)


def test_a_directory_that_understates_a_part_is_refused():
    packed, crc, _size, method = deflated_zeros(50)
    data = xlsx_shell((packed, crc, 1000, method))  # claims 1000 bytes, holds 50 MiB
    with pytest.raises(UnusableFile) as error:
        read_table(data, "x.xlsx")
    assert error.value.message == CORRUPT


def test_a_sparse_sheet_too_big_to_allocate_is_refused():
    # Two cells, a few kilobytes: the reader would allocate 17 billion cells.
    data = xlsx(("Лист1", {"A1": "ФИО", "XFD1048576": "x"}))
    with pytest.raises(UnusableFile) as error:
        read_table(data, "x.xlsx")
    assert "слишком большая" in error.value.message
    assert "5\u00a0000\u00a0000 ячеек" in error.value.message


@pytest.mark.parametrize(
    "far_cell",
    [
        b"<c r='XFD1048576'",  # single quotes
        b'<c  r="XFD1048576"',  # two spaces
        b'<c r="A3" r="XFD1048576"',  # a second r: the reader takes the last
        b'<c r="A3" t="a>b" r="XFD1048576"',  # ">" inside an attribute value
        b'<c xmlns:x="urn:x" r="XFD1048576"',
        b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' r="XFD1048576"',
    ],
)
def test_unusually_written_far_cells_are_caught_too(far_cell):
    data = xlsx(("Лист1", {"A1": "ФИО", "A2": "x"}))

    def move_far(part: bytes) -> bytes:
        part = part.replace(b'<c r="A2"', far_cell)
        return (
            part.replace(b"</c></row></sheetData>", b"</x:c></row></sheetData>")
            if b"<x:c" in far_cell
            else part
        )

    with pytest.raises(UnusableFile, match="слишком большая|повреждён"):
        read_table(edit_part(data, SHEET, move_far), "x.xlsx")


def test_a_sheet_part_under_another_name_is_still_checked():
    data = xlsx(("Лист1", {"A1": "ФИО", "XFD1048576": "x"}))
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            part = part.replace(b"worksheets/sheet1.xml", b"media/image1.png")
            target.writestr(
                "xl/media/image1.png" if info.filename == SHEET else info.filename, part
            )
    with pytest.raises(UnusableFile, match="слишком большая"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_the_cell_cap_counts_the_rectangle_exactly():
    data = rows_xlsx([["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]])
    assert read_table(data, "x.xlsx", limits=Limits(max_cells=9)).rows
    with pytest.raises(UnusableFile, match="больше 8 ячеек"):
        read_table(data, "x.xlsx", limits=Limits(max_cells=8))


def test_too_many_zip_entries_are_refused():
    entries = [("[Content_Types].xml", *deflated(b"<Types/>"))]
    entries += [(f"xl/part{n}.xml", *deflated(b"<x/>")) for n in range(30)]
    entries += [("xl/workbook.xml", *deflated(b"<workbook/>"))]
    with pytest.raises(UnusableFile, match="В файле 32 внутренних частей"):
        read_table(hand_made_zip(entries), "x.xlsx", limits=Limits(max_zip_entries=20))


def test_an_entity_bomb_in_a_sheet_is_refused():
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    data = edit_part(
        rows_xlsx([["ФИО"], ["x"]]),
        SHEET,
        lambda part: doctype + part.replace(b"<t>x</t>", b"<t>&b;</t>"),
    )
    with pytest.raises(UnusableFile, match="повреждён"):
        read_table(data, "x.xlsx")
