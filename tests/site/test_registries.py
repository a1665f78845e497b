"""Core registries: codes and checksums, act numbers and dates, territorial consistency."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.core.dates import parse_russian_date
from portal.core.levels import Level
from portal.core.models import NormativeAct, Organisation, Territory
from portal.core.models.acts import normalise_act_number, parse_act_reference
from portal.core.validators import inn_is_valid, ogrn_is_valid, validate_inn
from tests.factories.core import valid_inn


@pytest.mark.parametrize(
    "inn, valid",
    [
        ("7707083893", True),  # Sberbank, a well-known valid legal-entity INN
        ("7707083894", False),
        ("500100732259", True),  # a valid 12-digit INN
        ("500100732258", False),
        ("77070838", False),
        ("abcdefghij", False),
    ],
)
def test_inn_checksum(inn, valid):
    assert inn_is_valid(inn) is valid


@pytest.mark.parametrize(
    "ogrn, valid",
    [
        ("1027700132195", True),
        ("1027700132196", False),
        ("304500116000157", True),
        ("12345", False),
    ],
)
def test_ogrn_checksum(ogrn, valid):
    assert ogrn_is_valid(ogrn) is valid


def test_invalid_inn_message_is_russian():
    with pytest.raises(ValidationError) as error:
        validate_inn("123")
    assert "ИНН «123» неверен" in error.value.messages[0]


def test_factory_inns_are_valid():
    assert all(inn_is_valid(valid_inn(n)) for n in range(200))


@pytest.mark.parametrize(
    "raw, key",
    [
        ("№ 3273-р", "3273-р"),
        ("№3273-Р", "3273-р"),
        ("3273 - p", "3273-р"),
        ("N 1013", "1013"),
        ("273-ФЗ", "273-фз"),
    ],
)
def test_act_numbers_normalise_to_one_key(raw, key):
    assert normalise_act_number(raw) == key


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10.12.2020№1013", (dt.date(2020, 12, 10), "1013")),
        ("от 12 марта 2024 г. № 45-р", (dt.date(2024, 3, 12), "45-р")),
        ("29.12.2012 № 273-ФЗ", (dt.date(2012, 12, 29), "273-фз")),
        ("без даты", (None, "")),
    ],
)
def test_act_references(text, expected):
    assert parse_act_reference(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.03.2024", dt.date(2024, 3, 12)),
        ("12 марта 2024", dt.date(2024, 3, 12)),
        ("1 мая 2023 г.", dt.date(2023, 5, 1)),
        ("3 Мая 2023", dt.date(2023, 5, 3)),
        ("2024-03-12", dt.date(2024, 3, 12)),
        ("31.02.2024", None),
        ("вчера", None),
    ],
)
def test_russian_dates(text, expected):
    assert parse_russian_date(text) == expected


def test_act_save_normalises_and_derives_territory(tree):
    act = NormativeAct.objects.create(
        kind="order", issuer="Управление образования", number="№ 12-о", title="О плане", level=Level.MUNICIPAL,
        municipality=tree.mun_a,
    )  # fmt: skip
    assert act.number_key == "12-о"
    assert act.region == tree.region
    with pytest.raises(ValidationError):
        NormativeAct(
            kind="order", issuer="x", title="y", level=Level.REGIONAL
        ).full_clean()


def test_organisation_municipality_must_belong_to_region(tree):
    other_region = Territory.objects.create(
        kind="region", name="Другая область", oktmo="99000000"
    )
    org = Organisation(name="Школа", region=other_region, municipality=tree.mun_a)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "не входит в выбранный субъект" in str(error.value)


def test_territory_kinds_are_consistent(db):
    with pytest.raises(ValidationError):
        Territory(
            kind="municipality", name="Без региона", oktmo="12345678"
        ).full_clean()


def test_school_number_from_name():
    assert Organisation.number_from_name("МБОУ СОШ № 5") == "5"
    assert Organisation.number_from_name("5") == "5"
    assert Organisation.number_from_name("Гимназия имени Пушкина") == ""


def test_admin_is_in_russian(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'lang="ru"' in html
    assert "Панель управления" in html
    # The sidebar menu is JSON inside the page: its labels are escaped.
    assert json.dumps("Реестры")[1:-1] in html
