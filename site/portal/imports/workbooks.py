"""XLSX files the pipeline hands out: a resource's template and a file's error report.

The template has the column titles (required ones marked «*» in a note and in bold), a
grey description row, an example row and drop-down lists for columns with choices; a
second sheet explains the rules. A filled template comes back with its description and
example rows still in it: the engine skips rows equal to them.

The error report is the uploaded table with an «Ошибки» column in front: every row that
has an error, as it was written, with its messages. Text that a spreadsheet program would
run as a formula is neutralised (readers.neutralise_formula) in both files.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .readers import Table, neutralise_formula

DATA_SHEET = "Данные"
LISTS_SHEET = "Списки"
_GREY = Font(italic=True, color="666666")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TEMPLATE_ROWS = 500  # rows the drop-down lists cover


def template(resource) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    lists = None
    for index, column in enumerate(resource.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.title)
        header.font = Font(bold=column.required)
        header.fill = _HEADER_FILL
        note = column.description or ""
        if column.required:
            note = (_("Обязательный столбец.") + " " + note).strip()
        if column.aliases:
            note += "\n" + _("Другие названия: %(names)s") % {
                "names": ", ".join(column.aliases)
            }
        if note:
            header.comment = Comment(note, "Портал")
        description = sheet.cell(
            row=2, column=index, value=neutralise_formula(column.description)
        )
        description.font = _GREY
        description.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=3, column=index, value=neutralise_formula(column.example))
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.title) + 4))
        if column.choices:
            # The values live on a hidden sheet: an inline list is capped at 255
            # characters by Excel and cannot hold a comma («ДПО (ИРО, ИПК)»).
            if lists is None:
                lists = book.create_sheet(LISTS_SHEET)
                lists.sheet_state = "hidden"
            for number, choice in enumerate(column.choices, start=1):
                lists.cell(row=number, column=index, value=neutralise_formula(choice))
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(column.choices)}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Значение не из списка"),
                error=_("Выберите значение из списка."),
            )
            validation.add(f"{letter}3:{letter}{_TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    rules = book.create_sheet(_("Как заполнять"))
    lines = [
        str(resource.title),
        _(
            "Заполните лист «%(sheet)s»: одна строка — одна запись. Строку с описанием и "
            "строку-пример можно оставить: при загрузке они пропускаются."
        )  # fmt: skip
        % {"sheet": DATA_SHEET},
        _("Столбцы, выделенные жирным, обязательны. Порядок столбцов не важен."),
        _(
            "Повторная загрузка того же файла ничего не меняет: записи находятся по ключу."
        ),
    ]
    for number, line in enumerate(lines, start=1):
        rules.cell(row=number, column=1, value=line).font = Font(bold=number == 1)
    rules.column_dimensions["A"].width = 110
    return _saved(book)


def error_report(table: Table, report) -> bytes:
    """The rows with errors as they were uploaded, messages in the first column."""
    messages: dict[int, list[str]] = {}
    for error in report.errors:
        where = f"«{error.column}»: " if error.column else ""
        messages.setdefault(error.row, []).append(where + error.message)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Ошибки"))
    sheet.append(
        [_("Строка"), _("Ошибки"), *[neutralise_formula(h) for h in table.headers]]
    )
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        if number in messages:
            sheet.append(
                [
                    number,
                    "\n".join(messages[number]),
                    *[neutralise_formula(c) for c in cells],
                ]
            )
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
