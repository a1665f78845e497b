"""Reading an uploaded table (XLSX or CSV) into a `Table` of cleaned cell values.

The parse step of the import pipeline: the upload view hands over the bytes, the
column mapping step takes the `Table`. Every problem with the file itself raises
`UnusableFile` with a sentence for the person who uploaded it.

- The format comes from the content, never from the name: an XLSX called `.csv` is
  read as XLSX and the other way round; `Table.extension_mismatch` records it.
- XLSX is read with python-calamine, after `archives.check_container` has vetted the
  zip. Formulas give the value Excel cached when it last saved the file, never a
  recalculation; error cells (`#DIV/0!`) read as empty. Merged ranges are filled with
  their top-left value, except into rows that hold nothing else. TRUE/FALSE cells
  read as bool, time-only cells as "10:30" text. Hidden sheets are skipped unless
  asked for by name.
- ODS is refused: python-calamine reads it, but expands `number-rows-repeated` /
  `number-columns-repeated` into dense memory without any cap (a 1 KB file took
  1.2 GB), so it needs a content.xml pre-scan this layer does not have yet.
- The header is the first non-empty row; blank rows are skipped, and each data row
  keeps its row number as the spreadsheet shows it, for messages.
"""

import datetime as dt
import io
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from . import delimited
from .archives import check_container, corrupt_file, open_zip
from .limits import (
    Limits,
    UnusableFile,
    configured_limits,
    human_count,
    human_size,
)

__all__ = [
    "Limits",
    "Table",
    "UnusableFile",
    "is_formula_like",
    "neutralise_formula",
    "read_table",
]

Cell = str | int | float | bool | dt.date | dt.datetime | None

_EXTENSIONS = {"xlsx": {"xlsx", "xlsm"}, "csv": {"csv", "txt", "tsv"}}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Line breaks and tabs inside a cell become spaces; other control and invisible
# formatting characters (zero-width spaces, BOMs, soft hyphens) are dropped.
_LINE_BREAKS = (0x09, 0x0A, 0x0B, 0x0C, 0x0D)
_INVISIBLE = (
    *range(0x20),
    *range(0x7F, 0xA0),
    0xAD,
    *range(0x200B, 0x2010),
    0x2060,
    0xFEFF,
)
_CELL_CHARACTERS = dict.fromkeys(_INVISIBLE) | dict.fromkeys(_LINE_BREAKS, " ")
_UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060\ufeff]")


@dataclass
class Table:
    """The header and data rows of one sheet or CSV file, cells already cleaned."""

    headers: list[str]
    rows: list[list[Cell]]
    #: 1-based spreadsheet row number of each entry of `rows`.
    row_numbers: list[int]
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    extension_mismatch: bool = False


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program would run `value` as a formula if exported."""
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def neutralise_formula(value: str) -> str:
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`: for exports, so the cell stays text."""
    return "'" + value if is_formula_like(value) else value


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
) -> Table:
    """The table in an uploaded file; `sheet` picks an XLSX sheet by name."""
    limits = limits or configured_limits()
    if not data:
        raise UnusableFile(_("Файл пустой."))
    if len(data) > limits.max_bytes:
        raise UnusableFile(
            _("Файл больше допустимого размера %(size)s.")
            % {"size": human_size(limits.max_bytes)}
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        table = _read_xlsx(data, sheet, limits)
    else:
        _refuse_binary(data)
        text, encoding = delimited.decode(data)
        separator = delimited.detect_delimiter(text)
        table = _build(delimited.records(text, separator), limits, format="csv")
        if table is None:
            raise UnusableFile(_("В файле нет данных."))
        table.encoding, table.delimiter = encoding, separator
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    table.extension_mismatch = bool(extension) and (
        extension not in _EXTENSIONS[table.format]
    )
    return table


def _not_a_table() -> UnusableFile:
    return UnusableFile(
        _("Файл не является таблицей. Загрузите файл Excel (XLSX) или CSV.")
    )


def _refuse_binary(data: bytes) -> None:
    if data.startswith(_OLE2):
        raise UnusableFile(
            _(
                "Файл сохранён в старом формате Excel (XLS) или защищён паролем. "
                "Сохраните его в Excel как «Книга Excel (XLSX)» и загрузите снова."
            )
        )
    if data.startswith(b"%PDF"):
        raise UnusableFile(
            _("Это документ PDF, а не таблица. Загрузите файл Excel (XLSX) или CSV.")
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        raise _not_a_table()


def _identify_zip(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
        if archive.read("mimetype").startswith(_ODS_MIMETYPE):
            raise UnusableFile(
                _(
                    "Таблицы OpenDocument (ODS) пока не принимаются. Сохраните файл "
                    "как «Книга Excel (XLSX)» или CSV и загрузите снова."
                )
            )
    if "word/document.xml" in names:
        raise UnusableFile(
            _("Это документ Word, а не таблица. Загрузите файл Excel (XLSX) или CSV.")
        )
    raise _not_a_table()


def _read_xlsx(data: bytes, wanted: str | None, limits: Limits) -> Table:
    archive = open_zip(data)
    try:
        _identify_zip(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError) as exc:
        raise corrupt_file() from exc
    check_container(archive, data, limits)
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            sheets = [
                meta
                for meta in workbook.sheets_metadata
                if meta.typ == SheetTypeEnum.WorkSheet
            ]
            names = [meta.name for meta in sheets]
            if wanted is not None:
                name = _find_sheet(wanted, names)
                table = _read_sheet(workbook, name, limits)
                if table is None:
                    raise UnusableFile(_("Лист «%(sheet)s» пустой.") % {"sheet": name})
            else:
                table = _first_filled_sheet(workbook, sheets, limits)
    except CalamineError as exc:
        raise corrupt_file() from exc
    table.sheet_names = names
    return table


def _find_sheet(wanted: str, names: list[str]) -> str:
    if wanted in names:
        return wanted
    key = " ".join(wanted.split()).casefold().replace("ё", "е")
    for name in names:
        if " ".join(name.split()).casefold().replace("ё", "е") == key:
            return name
    raise UnusableFile(
        _("Лист «%(sheet)s» не найден. В файле есть листы: %(names)s.")
        % {"sheet": wanted, "names": ", ".join(f"«{name}»" for name in names)}
    )


def _first_filled_sheet(workbook, sheets, limits: Limits) -> Table:
    for meta in sheets:
        if meta.visible == SheetVisibleEnum.Visible:
            table = _read_sheet(workbook, meta.name, limits)
            if table is not None:
                return table
    raise UnusableFile(_("В файле нет данных: все листы пустые."))


def _read_sheet(workbook, name: str, limits: Limits) -> Table | None:
    """The sheet's table; None if it holds nothing."""
    sheet = workbook.get_sheet_by_name(name)
    if sheet.start is None:
        return None
    if sheet.height - 1 > limits.max_rows:
        raise _too_many_rows(limits)
    top, left = sheet.start
    merged = sheet.merged_cell_ranges
    if not merged:
        # Row by row: the whole grid of Python objects is never held twice. The
        # iterator starts at the sheet's first row (to_python at its first filled one).
        numbered = _checked(
            (index + 1, row)
            for index, row in enumerate(sheet.iter_rows())
            if index >= top
        )
        table = _build(numbered, limits, format="xlsx", first_column=left)
        if table is not None:
            table.sheet = name
        return table
    try:
        grid = sheet.to_python()
    except (ValueError, OverflowError) as exc:
        raise corrupt_file() from exc
    numbered = ((top + index + 1, row) for index, row in enumerate(grid))
    if merged:
        # Rows blank before filling stay blank: a merge running into an empty row
        # must not turn it into a data row.
        filled = [any(_has_value(value) for value in row) for row in grid]
        _fill_merged(grid, merged, top, left)
        numbered = (pair for pair, keep in zip(numbered, filled, strict=True) if keep)
    table = _build(numbered, limits, format="xlsx", first_column=left)
    if table is not None:
        table.sheet = name
    return table


def _checked(rows):
    """The reader's errors on a damaged sheet, raised while iterating, as ours."""
    try:
        yield from rows
    except (ValueError, OverflowError) as exc:
        raise corrupt_file() from exc


def _has_value(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _fill_merged(grid: list[list], ranges, top: int, left: int) -> None:
    """Copy each merged range's top-left value into the rest of the range.

    Ranges come 0-based and absolute; the grid starts at (top, left). Overlapping
    ranges (only a crafted file has them) could make this quadratic, hence the budget.
    """
    budget = sum(len(row) for row in grid)
    for (first_row, first_col), (last_row, last_col) in ranges:
        row_index, col_index = first_row - top, first_col - left
        if not (0 <= row_index < len(grid) and 0 <= col_index < len(grid[row_index])):
            continue
        value = grid[row_index][col_index]
        for row in grid[row_index : last_row - top + 1]:
            span = range(max(col_index, 0), min(last_col - left + 1, len(row)))
            budget -= len(span)
            if budget < 0:
                raise corrupt_file()
            for column in span:
                row[column] = value


def _too_many_rows(limits: Limits) -> UnusableFile:
    return UnusableFile(
        _("В файле больше %(rows)s строк — разделите его на части.")
        % {"rows": human_count(limits.max_rows)}
    )


def _build(
    numbered_rows, limits: Limits, *, format: str, first_column: int = 0
) -> Table | None:
    """The Table of (row number, raw cells) pairs, None if every row is blank.

    The first non-blank row is the header; trailing columns empty in every row go.
    """
    headers: list[str] | None = None
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    limit = limits.max_cell_chars
    shared = _Shared()
    for number, raw in numbered_rows:
        # Plain strings, most cells, are cleaned inline: a call per cell costs.
        cells = shared.row(
            [
                (value.strip() or None)
                if type(value) is str and not _UNWANTED.search(value)
                else _clean(value)
                for value in raw
            ]
        )
        if cells.count(None) == len(cells):
            continue
        if any(type(cell) is str and len(cell) > limit for cell in cells):
            index = next(i for i, c in enumerate(cells) if _too_long(c, limit))
            raise _long_cell(limits, number, first_column, index, headers)
        if headers is None:
            headers = ["" if cell is None else _header_text(cell) for cell in cells]
            continue
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(limits)
        rows.append(cells)
        numbers.append(number)
    if headers is None:
        return None
    width = max(_filled_width(cells) for cells in [headers, *rows])
    headers = (headers + [""] * width)[:width]
    for index, row in enumerate(rows):
        if len(row) != width:
            rows[index] = (row + [None] * width)[:width]
    return Table(headers=headers, rows=rows, row_numbers=numbers, format=format)


class _Shared:
    """One string object for a value repeated down a column (schools, positions,
    municipalities: a reader returns a new object per cell; 50,000 rows of them
    are tens of megabytes). A column with more than LIMIT distinct values (names,
    e-mails) stops being looked up."""

    LIMIT = 2000

    def __init__(self) -> None:
        self.columns: list[dict | None] = []

    def row(self, cells: list) -> list:
        columns = self.columns
        if len(columns) < len(cells):
            columns.extend({} for _ in range(len(cells) - len(columns)))
        for index, cell in enumerate(cells):
            seen = columns[index]
            if seen is None or type(cell) is not str:
                continue
            cells[index] = seen.setdefault(cell, cell)
            if len(seen) > self.LIMIT:
                columns[index] = None
        return cells


def _filled_width(cells: list) -> int:
    for index in range(len(cells) - 1, -1, -1):
        if cells[index] not in (None, ""):
            return index + 1
    return 0


def _too_long(cell: Cell, limit: int) -> bool:
    return isinstance(cell, str) and len(cell) > limit


def _clean(value) -> Cell:
    # Called for every cell: exact type checks first, the common cases fast.
    kind = type(value)
    if kind is str:
        if _UNWANTED.search(value):
            value = value.translate(_CELL_CHARACTERS)
        return value.strip() or None
    if kind is int or kind is bool or isinstance(value, dt.date):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, int):
        return value
    if isinstance(value, dt.time):
        return value.isoformat("minutes" if not value.second else "seconds")
    if value is None:
        return None
    return str(value)


def _header_text(cell: Cell) -> str:
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d.%m.%Y")
    return str(cell)


def _long_cell(
    limits: Limits, row: int, first_column: int, index: int, headers
) -> UnusableFile:
    title = ""
    if headers and index < len(headers) and headers[index]:
        title = f" («{headers[index]}»)"
    return UnusableFile(
        _(
            "В строке %(row)s, столбце %(column)s%(title)s значение длиннее "
            "%(chars)s символов. Сократите его и загрузите файл снова."
        )
        % {
            "row": row,
            "column": column_letter(first_column + index),
            "title": title,
            "chars": human_count(limits.max_cell_chars),
        }
    )


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB': columns as the spreadsheet labels them."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
