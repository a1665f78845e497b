"""Normalising imported cells: every function with good values and bad ones."""

import datetime as dt

import pytest
from django.db import models

from portal.core.models import NormativeAct
from portal.imports import normalise


@pytest.mark.parametrize(
    "value, expected",
    [
        ("  МБОУ   СОШ\u00a0№ 1 ", "МБОУ СОШ № 1"),
        ("строка\nвторая\tтретья", "строка вторая третья"),
        ("ши\u200bрина", "ширина"),
        ("и\u0306од", "йод"),  # decomposed й, as macOS writes it
        (None, ""),
        (12, "12"),
        (12.0, "12"),
        (2.5, "2.5"),
        (dt.date(2024, 3, 12), "12.03.2024"),
    ],
)
def test_text(value, expected):
    assert normalise.text(value) == expected


@pytest.mark.parametrize(
    "first, second",
    [
        ("Ёлкин  Пётр", "елкин пётр"),
        ("МБОУ «СОШ № 1»", 'мбоу "сош № 1"'),
        ("Санкт–Петербург", "санкт-петербург"),
        ("ПРИКАЗ", "приказ"),
    ],
)
def test_key_matches_spelling_variants(first, second):
    assert normalise.key(first) == normalise.key(second)


def test_key_keeps_different_names_apart():
    assert normalise.key("СОШ № 1") != normalise.key("СОШ № 11")
    assert normalise.key("") == ""


@pytest.mark.parametrize(
    "value, expected",
    [
        ("АВ 123", "AB123"),  # Cyrillic А and В typed for Latin ones
        ("ab123", "AB123"),
        ("кмн-0 ор/стху", "KMH-0OP/CTXY"),
        (" 46 701 000 ", "46701000"),
        (46701000, "46701000"),
        ("Д-12", "Д-12"),  # a Cyrillic letter with no Latin twin stays
        ("   ", None),
        (None, None),
    ],
)
def test_code(value, expected):
    assert normalise.code(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12.03.2024", dt.date(2024, 3, 12)),
        ("12.03.24", dt.date(2024, 3, 12)),
        ("12.03.85", dt.date(1985, 3, 12)),
        ("2024-03-12", dt.date(2024, 3, 12)),
        ("12/03/2024", dt.date(2024, 3, 12)),
        ("12 марта 2024", dt.date(2024, 3, 12)),
        ("12 марта 2024 г.", dt.date(2024, 3, 12)),
        ("1 Мая 2023 года", dt.date(2023, 5, 1)),
        ("12.03.2024 10:30", dt.date(2024, 3, 12)),
        (45363, dt.date(2024, 3, 12)),
        (45363.0, dt.date(2024, 3, 12)),
        (45363.4375, dt.datetime(2024, 3, 12, 10, 30)),
        (dt.date(2024, 3, 12), dt.date(2024, 3, 12)),
        (dt.datetime(2024, 3, 12, 9), dt.datetime(2024, 3, 12, 9)),
        ("", None),
        (None, None),
    ],
)
def test_date(value, expected):
    assert normalise.date(value) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("31.02.2024", "Не удалось распознать дату «31.02.2024»"),
        ("12 маркера 2024", "Не удалось распознать дату"),
        ("вчера", "Не удалось распознать дату"),
        ("2024-3-12", "Не удалось распознать дату"),
        ("12.03.2024, 15.03.2024", "Не удалось распознать дату"),
        ("45363", "Не удалось распознать дату"),
        ("01.01.1850", "вне допустимого диапазона"),
        (2024, "Число 2024 не похоже на дату"),
        (True, "Не удалось распознать дату"),
    ],
)
def test_date_errors(value, fragment):
    with pytest.raises(ValueError, match=fragment):
        normalise.date(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("8 (900) 123-45-67", "+7 (900) 123-45-67"),
        ("+7 900 1234567", "+7 (900) 123-45-67"),
        ("7 812 123 45 67", "+7 (812) 123-45-67"),
        ("9001234567", "+7 (900) 123-45-67"),
        (89001234567, "+7 (900) 123-45-67"),
        ("8-4822-12-34-56", "+7 (482) 212-34-56"),
        ("+7 (812) 123-45-67 доб. 123", "+7 (812) 123-45-67 доб. 123"),
        ("8 812 123-45-67, доб 5", "+7 (812) 123-45-67 доб. 5"),
        ("", None),
    ],
)
def test_phone(value, expected):
    assert normalise.phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "123-45-67",  # no area code
        "+8 900 123 45 67",
        "+7 (700) 123-45-67",  # Kazakhstan
        "+1 202 555 0100",
        "8 900 123 45",
        "звонить секретарю",
        "8 (900) 123-45-67 или 8 (900) 765-43-21",
    ],
)
def test_phone_errors(value):
    with pytest.raises(ValueError, match="Телефон «.*» не распознан"):
        normalise.phone(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Ivan.Petrov@School.RU", "Ivan.Petrov@school.ru"),
        (" mailto:info@школа.рф ", "info@школа.рф"),
        (None, None),
    ],
)
def test_email(value, expected):
    assert normalise.email(value) == expected


@pytest.mark.parametrize(
    "value", ["ivan.petrov", "ivan@", "a@b.ru, c@d.ru", "иван@@школа.рф"]
)
def test_email_errors(value):
    with pytest.raises(ValueError, match="Адрес электронной почты «.*» неверен"):
        normalise.email(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("7707083893", "7707083893"),
        (" 7707 083 893 ", "7707083893"),
        (7707083893, "7707083893"),
        ("500100732259", "500100732259"),
        (None, None),
    ],
)
def test_inn(value, expected):
    assert normalise.inn(value) == expected


@pytest.mark.parametrize("inn", ["0105123458", "010512345607"])  # Adygea, region 01
def test_inn_gets_back_a_leading_zero_lost_in_a_number_cell(inn):
    assert normalise.inn(int(inn)) == inn
    with pytest.raises(ValueError, match="ИНН"):
        normalise.inn(inn[1:])  # typed as text: no guessing


@pytest.mark.parametrize("value", ["7707083894", "77070838", "ИНН 7707083893"])
def test_inn_errors(value):
    with pytest.raises(ValueError, match="ИНН «.*» неверен"):
        normalise.inn(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1027700132195", "1027700132195"),
        (1027700132195, "1027700132195"),
        ("304500116000157", "304500116000157"),
        ("", None),
    ],
)
def test_ogrn(value, expected):
    assert normalise.ogrn(value) == expected


@pytest.mark.parametrize("value", ["1027700132196", "102770013219", "абв"])
def test_ogrn_errors(value):
    with pytest.raises(ValueError, match="ОГРН «.*» неверен"):
        normalise.ogrn(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("да", True),
        ("Да", True),
        ("1", True),
        (1, True),
        ("+", True),
        ("true", True),
        ("x", True),
        ("Х", True),  # Cyrillic
        (True, True),
        ("нет", False),
        ("0", False),
        (0, False),
        ("-", False),
        ("–", False),
        ("FALSE", False),
        (False, False),
        ("", None),
        (None, None),
    ],
)
def test_boolean(value, expected):
    assert normalise.boolean(value) is expected


@pytest.mark.parametrize("value", ["может быть", "2", "да/нет"])
def test_boolean_errors(value):
    with pytest.raises(ValueError, match="не понятно: напишите «да» или «нет»"):
        normalise.boolean(value)


class Colour(models.TextChoices):
    RED = "red", "Красный"
    YELLOW = "yellow", "Жёлтый"


@pytest.mark.parametrize(
    "value, choices, expected",
    [
        ("Приказ", NormativeAct.Kind, "order"),
        ("  приказ ", NormativeAct.Kind.choices, "order"),
        ("ORDER", NormativeAct.Kind, "order"),
        ("желтый", Colour, "yellow"),
        ("Red", Colour.choices, "red"),
        ("Два", [(1, "Один"), (2, "Два")], 2),
        ("2", [(1, "Один"), (2, "Два")], 2),
        ("Жёлтый", [("Тёплые", [("yellow", "Жёлтый")]), ("blue", "Синий")], "yellow"),
        ("", Colour, None),
    ],
)
def test_choice(value, choices, expected):
    assert normalise.choice(value, choices) == expected


def test_choice_prefers_a_stored_value_over_another_label():
    assert normalise.choice("b", [("a", "B"), ("b", "Бэ")]) == "b"


def test_choice_error_lists_the_labels():
    with pytest.raises(ValueError) as error:
        normalise.choice("зелёный", Colour)
    assert str(error.value) == (
        "Значение «зелёный» не из списка. Допустимые значения: «Красный», «Жёлтый»."
    )
