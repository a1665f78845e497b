"""Checks on an XLSX upload's zip container, made before the spreadsheet reader opens it.

python-calamine trusts the container: it inflates whatever the zip holds and allocates
a sheet's cells as one dense rectangle, aborting the whole process (not raising) when
that allocation fails. So every part is inflated here first, against the declared
sizes and checksums, and every part that could be a worksheet is scanned for the
rectangle its cells span.
"""

import io
import re
import struct
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _

from .limits import MIB, Limits, UnusableFile, human_count, human_size

_LOCAL_HEADER_SIZE = 30
_ENCRYPTED = 0x1
# A cell start tag as Excel, LibreOffice, openpyxl and xlsxwriter write it,
# `<c r="B12" s="1" t="s">`: `r` first, one space between attributes, double quotes,
# no second `r` (the reader would take the last one). Any other cell start tag
# matches the second branch, with empty groups, and sends the part to the XML parser.
_CELL = re.compile(
    rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})"(?: (?!r=)[\w:.-]+="[^"<>]*")*/?>|[\s/>])'
)
# Any cell start tag with a namespace prefix, `<x:c …>`, as the .NET SDK writes them.
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def corrupt_file() -> UnusableFile:
    return UnusableFile(_("Файл повреждён или не является таблицей Excel (XLSX)."))


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip directory of `data`; a truncated or garbled archive is refused."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise corrupt_file() from exc


def check_container(archive: zipfile.ZipFile, data: bytes, limits: Limits) -> None:
    """Refuse zip bombs, corrupt parts and sheets too large to allocate.

    Declared sizes are checked first, from the directory alone; then each part is
    inflated with a cap of its declared size, so a directory that understates a part
    cannot make this check (or the reader after it) inflate more than it allows.
    """
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise UnusableFile(
            _(
                "В файле %(count)s внутренних частей — так много не бывает в обычной "
                "таблице Excel (XLSX). Сохраните таблицу заново или загрузите CSV."
            )
            % {"count": human_count(len(infos))}
        )
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_unpacked_bytes or (
        declared > MIB and declared > limits.max_zip_ratio * len(data)
    ):
        raise UnusableFile(
            _(
                "Файл похож на «zip-бомбу»: после распаковки он занял бы %(size)s. "
                "Загрузите обычную таблицу Excel (XLSX) или CSV."
            )
            % {"size": human_size(declared)}
        )
    for info in infos:
        part = _inflate(data, info)
        if b"<c" in part or _PREFIXED_CELL.search(part):
            _check_cell_box(part, limits)


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & _ENCRYPTED:
        raise UnusableFile(
            _("Файл защищён паролем. Снимите защиту в Excel и загрузите его снова.")
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise corrupt_file()
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER_SIZE]
    if len(header) < _LOCAL_HEADER_SIZE or header[:4] != b"PK\x03\x04":
        raise corrupt_file()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start += _LOCAL_HEADER_SIZE + name_length + extra_length
    packed = data[start : start + info.compress_size]
    if len(packed) != info.compress_size:
        raise corrupt_file()
    if info.compress_type == zipfile.ZIP_STORED:
        part = packed
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            # One byte over the declared size is enough to catch a lying directory.
            part = inflater.decompress(packed, info.file_size + 1)
        except zlib.error as exc:
            raise corrupt_file() from exc
        if not inflater.eof:
            raise corrupt_file()
    if len(part) != info.file_size or zlib.crc32(part) != info.CRC:
        raise corrupt_file()
    return part


def _check_cell_box(part: bytes, limits: Limits) -> None:
    box = None if _PREFIXED_CELL.search(part) else _plain_cell_box(part)
    if box is None:
        box = _parsed_cell_box(part)
    if box > limits.max_cells:
        raise UnusableFile(
            _(
                "Таблица в файле слишком большая: больше %(cells)s ячеек. "
                "Удалите лишние строки и столбцы или разделите файл на части."
            )
            % {"cells": human_count(limits.max_cells)}
        )


def _box(rows: set[int], columns: set[int]) -> int:
    if not rows:
        return 0
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)


def _plain_cell_box(part: bytes) -> int | None:
    """The rectangle of cells written the usual way; None if any cell is written otherwise.

    A regular-expression pass: a 90 MB sheet (100 000 rows of 20 cells) takes about
    three seconds, a little less than reading it.
    """
    refs = _CELL.findall(part)
    letters = {letters for letters, _ in refs}
    if b"" in letters:
        return None
    numbers = {number for _, number in refs}
    return _box({int(n) for n in numbers}, {_column(c.decode()) for c in letters})


def _parsed_cell_box(part: bytes) -> int:
    """The rectangle of cells found by a real XML parser, placing cells without `r`
    after their left neighbour as the reader does. Slow; only for unusual writers."""
    rows: set[int] = set()
    columns: set[int] = set()
    position = {"row": 0, "column": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            position["row"] = _number(attrs.get("r"), position["row"] + 1)
            position["column"] = 0
        elif local == "c":
            ref = attrs.get("r")
            if ref is None:
                position["column"] += 1
            elif match := _REF.fullmatch(ref):
                position["row"] = int(match[2])
                position["column"] = _column(match[1])
            else:
                raise corrupt_file()
            rows.add(position["row"])
            columns.add(position["column"])

    def refuse_doctype(*args: object) -> None:
        # Spreadsheet parts never declare a DTD; refusing it rules out entity bombs.
        raise corrupt_file()

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.Parse(part, True)
    except expat.ExpatError as exc:
        raise corrupt_file() from exc
    return _box(rows, columns)


def _number(text: str | None, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit():
        raise corrupt_file()
    return int(text)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
