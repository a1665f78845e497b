"""Building upload files for the reader tests: real XLSX files and hand-made zips."""

import io
import re
import struct
import zipfile
import zlib

import openpyxl

MIB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


def xlsx(*sheets: tuple[str, dict], merged: dict[str, list[str]] | None = None):
    """An XLSX file: each sheet is (title, {"B3": value, …}); `merged` per title."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, cells in sheets:
        worksheet = workbook.create_sheet(title)
        for ref, value in cells.items():
            worksheet[ref] = value
        for cell_range in (merged or {}).get(title, []):
            worksheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_xlsx(rows: list[list], title: str = "Лист1") -> bytes:
    """An XLSX file with `rows` from A1."""
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit_part(data: bytes, name: str, edit) -> bytes:
    """A copy of the zip `data` with part `name` replaced by edit(part bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            target.writestr(
                info.filename, edit(part) if info.filename == name else part
            )
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Write the value Excel would have cached for formula cells (openpyxl leaves
    `<v/>` empty, or `<v></v>` when it writes with lxml, as a file that was never
    opened in Excel)."""

    def edit(part: bytes) -> bytes:
        for ref, value in values.items():
            part, count = re.subn(
                rb'(<c r="'
                + ref.encode()
                + rb'"[^>]*>)(<f>.*?</f>)(?:<v ?/>|<v></v>)?(?=</c>)',
                rb"\1\2<v>" + value.encode() + rb"</v>",
                part,
            )
            assert count == 1, ref
        return part

    return edit_part(data, SHEET, edit)


def hand_made_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, deflated bytes, crc, declared size, method) entries, so the
    directory can state any size, true or not."""
    body, directory = b"", b""
    for name, packed, crc, size, method in entries:
        encoded = name.encode()
        offset = len(body)
        fields = (20, 0, method, 0, 0x21, crc, len(packed), size, len(encoded))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + packed
        directory += (
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(entries),
        len(entries),
        len(directory),
        len(body),
        0,
    )
    return body + directory + end


def deflated(payload: bytes) -> tuple[bytes, int, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = compressor.compress(payload) + compressor.flush()
    return packed, zlib.crc32(payload), len(payload), zipfile.ZIP_DEFLATED


def deflated_zeros(mebibytes: int) -> tuple[bytes, int, int, int]:
    """`mebibytes` MiB of zero bytes, deflated in milliseconds: after a full flush the
    compressor forgets its history, so every MiB packs to the same bytes."""
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final_empty_block = b"\x03\x00"
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return block * mebibytes + final_empty_block, crc, mebibytes * MIB, 8


def xlsx_shell(sheet_entry: tuple[bytes, int, int, int]) -> bytes:
    """A zip laid out like an XLSX whose sheet part is `sheet_entry`."""
    workbook = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    return hand_made_zip(
        [
            ("[Content_Types].xml", *deflated(b"<Types/>")),
            ("xl/workbook.xml", *deflated(workbook)),
            (SHEET, *sheet_entry),
        ]
    )


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
