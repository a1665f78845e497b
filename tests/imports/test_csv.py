"""Reading CSV uploads: encodings, delimiters, quoting, limits, broken text."""

import pytest

from portal.imports.readers import (
    Limits,
    UnusableFile,
    is_formula_like,
    neutralise_formula,
    read_table,
)

ROWS = "ФИО;Балл;Дата\r\nИванов Иван;4,5;12.03.2024\r\nПетрова Анна;5;13.03.2024\r\n"
EXPECTED = [
    ["Иванов Иван", "4,5", "12.03.2024"],
    ["Петрова Анна", "5", "13.03.2024"],
]


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ROWS.encode("utf-8"), "utf-8"),
        (ROWS.encode("utf-8-sig"), "utf-8-sig"),
        (ROWS.encode("cp1251"), "cp1251"),
        (ROWS.encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1251", "utf-16"],
)
def test_encodings_are_detected(data, encoding):
    table = read_table(data, "баллы.csv")
    assert table.format == "csv"
    assert table.encoding == encoding
    assert table.headers == ["ФИО", "Балл", "Дата"]
    assert table.rows == EXPECTED
    assert table.row_numbers == [2, 3]


@pytest.mark.parametrize(
    "text, delimiter",
    [
        (ROWS, ";"),  # the decimal comma must not win over `;`
        (
            'ФИО,Балл,Дата\nИванов Иван,"4,5",12.03.2024\nПетрова Анна,5,13.03.2024\n',
            ",",
        ),
        (
            "ФИО\tБалл\tДата\nИванов Иван\t4,5\t12.03.2024\nПетрова Анна\t5\t13.03.2024\n",
            "\t",
        ),
    ],
    ids=["semicolon", "comma", "tab"],
)
@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_delimiters_are_detected(text, delimiter, encoding):
    table = read_table(text.encode(encoding), "баллы.csv")
    assert table.delimiter == delimiter
    assert table.rows == EXPECTED


def test_a_single_column_file_is_one_column():
    table = read_table("ФИО\nИванов\nПетров\n".encode(), "x.csv")
    assert (table.headers, table.rows) == (["ФИО"], [["Иванов"], ["Петров"]])


def test_row_numbers_count_blank_lines_and_multi_line_cells_as_excel_does():
    text = 'Название;Адрес\n\nСОШ № 1;"ул. Мира, 1\nкаб. 5"\n;\nСОШ № 2;ул. Лесная\n'
    table = read_table(text.encode(), "x.csv")
    assert table.rows == [["СОШ № 1", "ул. Мира, 1 каб. 5"], ["СОШ № 2", "ул. Лесная"]]
    assert table.row_numbers == [3, 5]


def test_cells_stay_text_and_formulas_are_never_run():
    table = read_table('Имя;Ссылка\nИванов;=HYPERLINK("http://x")\n'.encode(), "x.csv")
    assert table.rows == [["Иванов", '=HYPERLINK("http://x")']]


def test_control_characters_are_dropped_and_tabs_become_spaces():
    text = "Имя;Комментарий\nИва\x07н\u200b;первая\tвторая\x1b\n"
    table = read_table(text.encode(), "x.csv")
    assert table.rows == [["Иван", "первая вторая"]]


def test_headers_only_gives_a_table_without_rows():
    table = read_table("ФИО;Дата рождения\r\n".encode("cp1251"), "x.csv")
    assert (table.headers, table.rows) == (["ФИО", "Дата рождения"], [])


def test_an_empty_file_is_refused():
    with pytest.raises(UnusableFile, match="Файл пустой"):
        read_table(b"", "x.csv")


def test_a_file_of_blank_lines_has_no_data():
    with pytest.raises(UnusableFile, match="нет данных"):
        read_table(b" \r\n;;\r\n\r\n", "x.csv")


def test_the_row_limit_counts_data_rows():
    text = "№\n1\n2\n3\n"
    assert len(read_table(text.encode(), "x.csv", limits=Limits(max_rows=3)).rows) == 3
    with pytest.raises(UnusableFile, match="больше 2 строк — разделите его на части"):
        read_table(text.encode(), "x.csv", limits=Limits(max_rows=2))


def test_the_size_limit_is_named_in_the_message():
    with pytest.raises(UnusableFile) as error:
        read_table(b"a;b\n" * 300, "x.csv", limits=Limits(max_bytes=1024))
    assert error.value.message == "Файл больше допустимого размера 1\u00a0КБ."


def test_the_default_size_limit_is_20_mb():
    with pytest.raises(UnusableFile, match="размера 20\u00a0МБ"):
        read_table(b"a" * (20 * 1024 * 1024 + 1), "x.csv")


def test_a_long_cell_is_refused_naming_row_and_column():
    text = "ФИО;Адрес\nИванов;" + "д" * 11 + "\n"
    with pytest.raises(UnusableFile, match="строке 2, столбце B .«Адрес».") as error:
        read_table(text.encode(), "x.csv", limits=Limits(max_cell_chars=10))
    assert "длиннее 10 символов" in error.value.message


def test_a_cell_beyond_the_csv_field_limit_is_refused_with_its_row():
    text = 'ФИО;Адрес\nИванов;"' + "д" * 200_000 + '"\n'
    with pytest.raises(UnusableFile, match="строку 2"):
        read_table(text.encode(), "x.csv", limits=Limits(max_cell_chars=300_000))


def test_mixed_encodings_are_refused():
    data = "ФИО;Город\n".encode() + "Иванов;Москва\n".encode("cp1251")
    with pytest.raises(UnusableFile, match="смешаны кодировки"):
        read_table(data, "x.csv")


def test_bytes_no_known_encoding_decodes_are_refused():
    # 0x98 is the one byte Windows-1251 leaves undefined.
    with pytest.raises(UnusableFile, match="кодировку файла"):
        read_table("ФИО;Город\n".encode("cp1251") + b"\x98\x98\n", "x.csv")


def test_text_that_is_mostly_control_characters_is_refused():
    data = bytes(range(1, 32)) * 20 + "ФИО".encode()
    with pytest.raises(UnusableFile, match="не похож на таблицу"):
        read_table(data, "x.csv")


@pytest.mark.parametrize(
    "value, flagged",
    [
        ("=1+2", True),
        ("+7 900 123-45-67", True),
        ("-5", True),
        ("@SUM(A1)", True),
        ("\tcmd", True),
        ("\r=1", True),
        ("Иванов", False),
        ("", False),
        (5, False),
    ],
)
def test_formula_like_values_are_flagged_and_neutralised(value, flagged):
    assert is_formula_like(value) is flagged
    if isinstance(value, str):
        assert neutralise_formula(value) == ("'" + value if flagged else value)
