"""Reading XLSX uploads: layout, cell types, formulas, merged cells, sheets."""

import datetime as dt

import pytest

from portal.imports.readers import Limits, UnusableFile, read_table
from tests.imports.files import SHEET, edit_part, rows_xlsx, with_cached_values, xlsx


def test_header_is_the_first_filled_row_and_rows_keep_their_numbers():
    data = xlsx(
        (
            "Школы",
            {
                "B3": "Название",
                "C3": "Учеников",
                "D3": "Средний балл",
                "E3": "Открыта",
                "B4": "  МБОУ СОШ № 1 ",
                "C4": 512,
                "D4": 4.25,
                "E4": True,
                # row 5 left blank on purpose
                "B6": "МБОУ СОШ № 2",
                "C6": 300.0,
            },
        )
    )
    table = read_table(data, "школы.xlsx")
    assert table.format == "xlsx"
    assert table.headers == ["Название", "Учеников", "Средний балл", "Открыта"]
    assert table.rows == [
        ["МБОУ СОШ № 1", 512, 4.25, True],
        ["МБОУ СОШ № 2", 300, None, None],
    ]
    assert table.row_numbers == [4, 6]
    assert isinstance(table.rows[1][1], int)
    assert (table.sheet, table.sheet_names) == ("Школы", ["Школы"])
    assert (table.encoding, table.delimiter, table.extension_mismatch) == (
        None,
        None,
        False,
    )


def test_date_and_datetime_cells_come_out_as_python_values():
    data = xlsx(
        (
            "Лист1",
            {
                "A1": "Дата",
                "B1": "Начало",
                "C1": "Время",
                "A2": dt.date(2024, 3, 12),
                "B2": dt.datetime(2024, 3, 12, 10, 30),
                "C2": dt.time(9, 15),
            },
        )
    )
    table = read_table(data, "x.xlsx")
    assert table.rows == [
        [dt.date(2024, 3, 12), dt.datetime(2024, 3, 12, 10, 30), "09:15"]
    ]


def test_formulas_give_the_value_excel_cached_never_a_recalculation():
    data = xlsx(("Лист1", {"A1": "Число", "B1": "Удвоено", "A2": 5, "B2": "=A2*2"}))
    # The cached 11 is deliberately not A2*2: the reader must not evaluate.
    table = read_table(with_cached_values(data, {"B2": "11"}), "x.xlsx")
    assert table.rows == [[5, 11]]


def test_a_formula_without_a_cached_value_reads_as_empty():
    data = xlsx(("Лист1", {"A1": "Число", "B1": "Удвоено", "A2": 5, "B2": "=A2*2"}))
    assert read_table(data, "x.xlsx").rows == [[5, None]]


def test_merged_cells_are_filled_with_the_top_left_value():
    data = xlsx(
        (
            "Лист1",
            {
                "A1": "Район",
                "B1": "Школа",
                "A2": "Район А",
                "B2": "СОШ № 1",
                "B3": "СОШ № 2",
                "B4": "СОШ № 3",
                "A5": "Итого по району",
            },
        ),
        merged={"Лист1": ["A2:A4", "A5:B6"]},
    )
    table = read_table(data, "x.xlsx")
    assert table.rows == [
        ["Район А", "СОШ № 1"],
        ["Район А", "СОШ № 2"],
        ["Район А", "СОШ № 3"],
        ["Итого по району", "Итого по району"],
    ]
    # Row 6 holds nothing but the merge's continuation: it is not a data row.
    assert table.row_numbers == [2, 3, 4, 5]


def test_the_first_sheet_with_data_is_read_by_default():
    data = xlsx(("Инструкция", {}), ("Данные", {"A1": "ФИО", "A2": "Иванов"}))
    table = read_table(data, "x.xlsx")
    assert table.sheet == "Данные"
    assert table.sheet_names == ["Инструкция", "Данные"]
    assert table.rows == [["Иванов"]]


def test_sheet_chooses_a_sheet_by_name_ignoring_case_and_yo():
    data = xlsx(
        ("Первый", {"A1": "Код", "A2": "1"}),
        ("Отчёт", {"A1": "ФИО", "A2": "Петров"}),
    )
    assert read_table(data, "x.xlsx", sheet="Отчёт").rows == [["Петров"]]
    assert read_table(data, "x.xlsx", sheet=" отчет ").sheet == "Отчёт"


def test_an_unknown_sheet_is_refused_with_the_list_of_sheets():
    data = xlsx(("Первый", {"A1": "x"}), ("Второй", {"A1": "y"}))
    with pytest.raises(UnusableFile) as error:
        read_table(data, "x.xlsx", sheet="Отчёт")
    assert error.value.message == (
        "Лист «Отчёт» не найден. В файле есть листы: «Первый», «Второй»."
    )


def test_a_chosen_empty_sheet_is_refused():
    data = xlsx(("Первый", {"A1": "x"}), ("Пустой", {}))
    with pytest.raises(UnusableFile, match="Лист «Пустой» пустой"):
        read_table(data, "x.xlsx", sheet="Пустой")


def test_hidden_sheets_are_skipped_unless_asked_for():
    def hide_first(part: bytes) -> bytes:
        return part.replace(b'state="visible"', b'state="hidden"', 1)

    data = xlsx(("Справочник", {"A1": "Код"}), ("Данные", {"A1": "ФИО"}))
    data = edit_part(data, "xl/workbook.xml", hide_first)
    assert read_table(data, "x.xlsx").sheet == "Данные"
    assert read_table(data, "x.xlsx", sheet="Справочник").headers == ["Код"]


def test_a_workbook_with_only_empty_sheets_has_no_data():
    with pytest.raises(UnusableFile, match="нет данных"):
        read_table(xlsx(("Лист1", {}), ("Лист2", {"C5": "   "})), "x.xlsx")


def test_headers_only_gives_a_table_without_rows():
    table = read_table(rows_xlsx([["ФИО", "Дата рождения"]]), "x.xlsx")
    assert (table.headers, table.rows, table.row_numbers) == (
        ["ФИО", "Дата рождения"],
        [],
        [],
    )


def test_width_is_trimmed_and_rows_padded_to_the_widest_row():
    table = read_table(rows_xlsx([["А", "Б"], ["1"], ["1", "2", "3"]]), "x.xlsx")
    assert table.headers == ["А", "Б", ""]
    assert table.rows == [["1", None, None], ["1", "2", "3"]]


def test_a_row_limit_above_the_file_refuses_it_naming_the_limit():
    rows = [["№"]] + [[n] for n in range(4)]
    assert (
        len(read_table(rows_xlsx(rows), "x.xlsx", limits=Limits(max_rows=4)).rows) == 4
    )
    with pytest.raises(UnusableFile) as error:
        read_table(rows_xlsx(rows), "x.xlsx", limits=Limits(max_rows=3))
    assert error.value.message == "В файле больше 3 строк — разделите его на части."


def test_the_default_row_limit_is_spelled_out():
    data = xlsx(("Лист1", {"A1": "№", "A2": 1, "A100002": 100_001}))
    with pytest.raises(UnusableFile, match="больше 100\u00a0000 строк"):
        read_table(data, "x.xlsx")


def test_a_long_cell_is_refused_naming_row_column_and_header():
    data = rows_xlsx([["ФИО", "Адрес"], ["Иванов", "ул. Мира"], ["Петров", "х" * 11]])
    with pytest.raises(UnusableFile) as error:
        read_table(data, "x.xlsx", limits=Limits(max_cell_chars=10))
    assert "строке 3, столбце B («Адрес»)" in error.value.message
    assert "длиннее 10 символов" in error.value.message


def test_invisible_characters_are_dropped_from_cells():
    data = rows_xlsx([["ФИО\u200b"], ["\ufeffИванов\u00ad Иван\n Иванович"]])
    table = read_table(data, "x.xlsx")
    assert table.headers == ["ФИО"]
    assert table.rows == [["Иванов Иван  Иванович"]]


@pytest.mark.parametrize(
    "spelling",
    [
        (b'<c r="B2"', b"<c r='B2'"),  # single quotes
        (
            b'<c r="A2" t="inlineStr">',
            b'<c t="inlineStr">',
        ),  # no r: next to the left one
    ],
)
def test_cells_written_unusually_are_read_all_the_same(spelling):
    data = rows_xlsx([["ФИО", "Город"], ["Иванов", "Тверь"]])
    data = edit_part(data, SHEET, lambda part: part.replace(*spelling))
    assert read_table(data, "x.xlsx").rows == [["Иванов", "Тверь"]]
