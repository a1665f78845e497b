"""Importing the registry of organisations: keys, idempotency, errors, scope, CLI."""

import io
import json

import pytest
from django.core.management import call_command

from portal.core.models import EditorRole, Organisation
from portal.imports.core_resources import OrganisationResource
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.registry import resources
from tests.factories.core import UserFactory, editor

HEADER = "Полное наименование;Краткое наименование;Тип;Муниципалитет;ИНН;Телефон;Сайт"
#: Valid checksums (the ones of large Russian companies, as test data).
INN_1, INN_2, OGRN_1 = "7707083893", "7736050003", "1027700132195"


def csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def run(data: bytes, user=None, **options):
    if user is None:
        user = UserFactory(is_superuser=True)
    return run_import(
        OrganisationResource(), read_table(data, "orgs.csv"), user, **options
    )


@pytest.fixture
def orgs_file(tree):
    return csv(
        f"Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        f"общеобразовательная школа № 7»;МБОУ СОШ № 7;Общеобразовательная организация;"
        f"{tree.mun_a.name};{INN_1};8 812 123 45 67;school7.ru",
        f"Детский сад «Солнышко»;;дошкольная образовательная организация;{tree.mun_b.name};"
        f"{INN_2};;",
    )


def test_new_organisations_then_a_second_run_changes_nothing(tree, orgs_file):
    report = run(orgs_file)
    assert (report.new, report.rejected, report.applied) == (2, 0, True)
    school = Organisation.objects.get(inn=INN_1)
    assert school.short_name == "МБОУ СОШ № 7" and school.number == "7"
    assert school.municipality == tree.mun_a and school.region == tree.region
    assert school.kind == "school" and school.level == "institutional"
    assert school.phone == "+7 (812) 123-45-67"
    assert school.website == "https://school7.ru"
    assert Organisation.objects.get(inn=INN_2).kind == "kindergarten"
    again = run(orgs_file)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_update_by_inn_shows_old_and_new_values(tree):
    tree.school_a.inn = INN_1
    tree.school_a.save()
    report = run(
        csv(
            f"{tree.school_a.name};Школа № 1;;{tree.mun_a.name};{INN_1};;",
        )
    )
    assert (report.new, report.updated) == (0, 1)
    (change,) = report.changes
    assert ("Краткое наименование", "—", "Школа № 1") in change.fields
    tree.school_a.refresh_from_db()
    assert tree.school_a.short_name == "Школа № 1"


def test_matched_by_name_within_the_municipality_without_codes(tree):
    header = "Полное наименование;Муниципалитет;Адрес"
    report = run(
        csv(f"{tree.school_a.name};{tree.mun_a.name};ул. Школьная, 1", header=header)
    )
    assert (report.new, report.updated) == (0, 1)
    tree.school_a.refresh_from_db()
    assert tree.school_a.address == "ул. Школьная, 1"


def test_errors_name_row_column_and_organisation_and_write_nothing(tree):
    before = Organisation.objects.count()
    report = run(
        csv(
            f"Школа с ошибкой в ИНН;;;{tree.mun_a.name};1234567890;;",
            f"Школа в неизвестном районе;;;Тридевятый район;{INN_1};;",
            f"Школа с плохим сайтом;;;{tree.mun_a.name};;;не сайт",
            f"Первая;;;{tree.mun_a.name};{INN_2};;",
            f"Вторая;;;{tree.mun_a.name};{INN_2};;",
        )
    )
    assert not report.applied and report.rejected == 5
    assert Organisation.objects.count() == before
    texts = [e.sentence() for e in report.errors]
    assert any(
        t.startswith("Строка 2, столбец «ИНН» (Школа с ошибкой в ИНН)") for t in texts
    ), texts
    assert any("Муниципалитет «Тридевятый район» не найден" in t for t in texts)
    assert any("«Сайт»" in t and "https://school5.ru" in t for t in texts)
    assert any("встречается в файле ещё раз (строка 6)" in t for t in texts)


def test_municipal_editor_works_only_in_their_municipality(tree):
    user = editor(EditorRole.Role.MUNICIPAL_EDITOR, territory=tree.mun_a)
    report = run(
        csv(
            f"Новая школа района А;;;{tree.mun_a.name};{INN_1};;",
            f"Новая школа района Б;;;{tree.mun_b.name};{INN_2};;",
            f"{tree.school_b.name};;;{tree.mun_b.name};;+7 812 000-00-00;",
        ),
        user=user,
        valid_only=True,
    )
    assert report.new == 1 and report.rejected == 2
    assert Organisation.objects.filter(inn=INN_1, municipality=tree.mun_a).exists()
    assert not Organisation.objects.filter(inn=INN_2).exists()
    messages = " ".join(e.message for e in report.errors)
    assert "только организации своей территории" in messages
    assert "не относится к вашей территории" in messages


def test_regional_organisation_without_municipality(tree):
    report = run(
        csv(f"Институт развития образования;ИРО;Организация ДПО (ИРО, ИПК);;{INN_1};;")
    )
    assert report.new == 1, [e.sentence() for e in report.errors]
    iro = Organisation.objects.get(inn=INN_1)
    assert iro.municipality is None and iro.region == tree.region
    assert iro.level == "regional"


def test_registered_with_a_template_and_from_the_cli(tree, orgs_file, tmp_path):
    assert resources()["organisations"] is OrganisationResource
    path = tmp_path / "orgs.csv"
    path.write_bytes(orgs_file)
    out = io.StringIO()
    call_command("import", "organisations", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["new"] == 2
