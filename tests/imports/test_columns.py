"""Map step: Russian headers with aliases, case/spacing/ё-insensitive."""

import pytest

from portal.imports.columns import Column, header_key, map_columns

COLUMNS = [
    Column(
        "full_name", "ФИО", aliases=("Ф.И.О.", "Фамилия Имя Отчество"), required=True
    ),
    Column("birth_date", "Дата рождения"),
    Column("organisation", "Организация", aliases=("Школа", "ОО"), required=True),
    Column("email", "Электронная почта", aliases=("e-mail", "Email")),
]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Ф.И.О.", "фио"),
        ("Ф И О", "фио"),
        ("  Дата   рождения ", "дата рождения"),
        ("ДАТА РОЖДЕНИЯ", "дата рождения"),
        ("Учёт", "учет"),
        ("Фамилия, имя, отчество", "фамилия имя отчество"),
        ("№ школы", "школы"),
        ("E-mail", "e mail"),
    ],
)
def test_header_key(header, expected):
    assert header_key(header) == expected


def test_aliases_case_spacing_and_yo_find_the_fields():
    mapping = map_columns(
        ["фамилия  имя отчество", "ДАТА РОЖДЕНИЯ", "Школа", "E-MAIL"], COLUMNS
    )
    assert mapping.fields == {
        0: "full_name",
        1: "birth_date",
        2: "organisation",
        3: "email",
    }
    assert mapping.usable and not mapping.unknown and not mapping.errors()


def test_unknown_columns_are_reported_not_fatal():
    mapping = map_columns(["ФИО", "Школа", "Любимый цвет", None, ""], COLUMNS)
    assert mapping.usable
    assert mapping.unknown == ["Любимый цвет"]
    assert mapping.warnings() == [
        "Столбец «Любимый цвет» не распознан, его значения не будут загружены."
    ]


def test_missing_required_column_names_it_and_its_aliases():
    mapping = map_columns(["ФИО", "Дата рождения"], COLUMNS)
    assert not mapping.usable
    assert [c.field for c in mapping.missing] == ["organisation"]
    assert mapping.errors() == [
        "В файле нет обязательного столбца «Организация». "
        "Он может называться и так: «Школа», «ОО»."
    ]


def test_the_same_field_twice_is_an_error():
    mapping = map_columns(["ФИО", "Ф.И.О.", "Школа"], COLUMNS)
    assert not mapping.usable
    assert mapping.errors() == [
        "Столбцы «ФИО», «Ф.И.О.» означают одно и то же — «ФИО». Оставьте один из них."
    ]


def test_a_resource_cannot_claim_one_header_twice():
    with pytest.raises(ValueError, match="claimed"):
        map_columns(["ФИО"], [Column("a", "ФИО"), Column("b", "Ф.И.О.")])
