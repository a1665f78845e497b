"""XLSX and CSV exports of indicator tables, in the form offices send upward.

The XLSX sheet: title rows (indicator, unit of measurement, territory, period,
date of formation), the header row, one row per unit, the totals row. Text
cells that a spreadsheet would read as a formula are neutralised.
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .indicators import Direction
from .tables import IndicatorTable, Row

#: Leading characters that make Excel/LibreOffice evaluate a cell (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Prefix text that would start a formula with an apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def met_text(met: bool | None) -> str:
    if met is None:
        return ""
    return _("да") if met else _("нет")


def direction_text(indicator) -> str:
    if indicator.direction == Direction.AT_MOST:
        return _("не более установленного")
    return _("не менее установленного")


def headers() -> list[str]:
    return [
        _("№ п/п"),
        _("Территория / организация"),
        _("Значение"),
        _("Числитель"),
        _("Знаменатель"),
        _("Целевое значение"),
        _("Выполнено"),
    ]


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _cells(number, row: Row) -> list:
    value = row.value
    return [
        number,
        neutralise(row.label),
        _number(value.value) if value else None,
        _number(value.numerator) if value else None,
        _number(value.denominator) if value else None,
        _number(row.target),
        met_text(row.met),
    ]


def table_rows(table: IndicatorTable) -> list[list]:
    """Data rows then the totals row, as exported."""
    rows = [_cells(i, row) for i, row in enumerate(table.rows, start=1)]
    if table.total is not None:
        rows.append(_cells("", table.total))
    return rows


def xlsx_bytes(table: IndicatorTable) -> bytes:
    indicator = table.indicator
    wb = Workbook()
    ws = wb.active
    ws.title = _("Показатель")[:31]
    bold = Font(bold=True)
    title_rows = [
        _("Показатель: %(title)s") % {"title": indicator.title},
        _("Единица измерения: %(unit)s") % {"unit": indicator.unit or "—"},
        _("Целевое значение: %(direction)s") % {"direction": direction_text(indicator)},
        _("Территория: %(scope)s") % {"scope": table.scope_label},
        _("Период: %(period)s") % {"period": table.period.label},
        _("Дата формирования: %(date)s") % {"date": table.created.strftime("%d.%m.%Y")},
    ]
    for text in title_rows:
        ws.append([neutralise(text)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(headers())
    header_row = ws.max_row
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in table_rows(table):
        ws.append(values)
    if table.total is not None:
        ws.cell(row=ws.max_row, column=2).font = bold
        ws.cell(row=ws.max_row, column=3).font = bold
    for row in ws.iter_rows(min_row=header_row, max_row=ws.max_row, max_col=7):
        for cell in row:
            cell.border = border
            if cell.column in (3, 6) and cell.row > header_row:
                cell.number_format = "0.0" if indicator.has_denominator else "0"
    for index, width in enumerate((8, 48, 12, 12, 14, 16, 12), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_text(header: list[str], rows: list[list]) -> str:
    """Open-data CSV: UTF-8, comma-separated, a header row, neutralised text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return buffer.getvalue()


def xlsx_sheet_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    """A plain one-sheet workbook: a title line, a header row, rows (open data)."""
    wb = Workbook()
    ws = wb.active
    ws.append([neutralise(title)])
    ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [neutralise(_number(v) if isinstance(v, Decimal) else v) for v in row]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
