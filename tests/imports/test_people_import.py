"""Importing people: natural keys, idempotency, errors a person understands, scope, CLI."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import EditorRole, Person, Subject
from portal.imports.core_resources import PersonResource
from portal.imports.engine import run_import
from portal.imports.limits import UnusableFile
from portal.imports.readers import read_table
from tests.factories.core import UserFactory, editor

HEADER = "ФИО;Организация;Должность;Предметы;Дата рождения;Согласие на публикацию"


def csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def run(data: bytes, user=None, **options):
    table = read_table(data, "people.csv")
    if user is None:
        user = UserFactory(is_superuser=True)
    return run_import(PersonResource(), table, user, **options)


@pytest.fixture
def subjects(db):
    return [
        Subject.objects.get_or_create(name=n)[0]
        for n in ("Математика", "Информатика", "Физика")
    ]


@pytest.fixture
def people_file(tree, subjects):
    return csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель математики;Математика, Информатика;12.03.1994;да",
        "Петров  Иван Сергеевич;мбоу сош №1;учитель физики;Физика;1 сентября 1990;нет",
        f"Сидорова Анна Олеговна;{tree.school_b.inn};учитель;;;",
    )


def test_import_creates_people_and_a_second_run_changes_nothing(tree, people_file):
    report = run(people_file)
    assert (report.new, report.updated, report.unchanged, report.rejected) == (
        3,
        0,
        0,
        0,
    )
    assert report.applied
    ivanova = Person.objects.get(last_name="Иванова")
    assert ivanova.organisation == tree.school_a
    assert {s.name for s in ivanova.subjects.all()} == {"Математика", "Информатика"}
    assert ivanova.public_consent is True
    assert str(ivanova.birth_date) == "1994-03-12"
    assert Person.objects.get(last_name="Сидорова").organisation == tree.school_b
    again = run(people_file)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert (
        Person.objects.filter(last_name__in=["Иванова", "Петров", "Сидорова"]).count()
        == 3
    )


def test_changes_are_listed_field_by_field(tree, people_file):
    run(people_file)
    changed = csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;заместитель директора;Математика;12.03.1994;да",
        header=HEADER,
    )
    report = run(changed, dry_run=True)
    assert report.updated == 1 and not report.applied
    (change,) = report.changes
    assert change.subject == "Иванова Мария Петровна"
    assert ("Должность", "учитель математики", "заместитель директора") in change.fields
    assert ("Предметы", "Информатика, Математика", "Математика") in change.fields
    assert Person.objects.get(last_name="Иванова").position == "учитель математики"


def test_errors_name_row_column_value_and_person_and_nothing_is_written(tree, subjects):
    data = csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель;;12.03.1994;да",
        "Петров Иван;Школа-призрак;учитель;;;",
        "Козлова Ольга Ивановна;МБОУ СОШ № 1;учитель;Астрология;31.02.1990;может быть",
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель;;12.03.1994;да",
        ";МБОУ СОШ № 1;учитель;;;",
    )
    report = run(data)
    assert not report.applied and report.rejected == 5 and report.new == 0
    assert (
        Person.objects.filter(last_name__in=["Иванова", "Петров", "Козлова"]).count()
        == 0
    )
    texts = [e.sentence() for e in report.errors]
    assert any(t.startswith("Строка 3, столбец «Организация» (Петров Иван)") and "Школа-призрак" in t
               for t in texts)  # fmt: skip
    dates = [e for e in report.errors if e.column == "Дата рождения"]
    assert dates and dates[0].row == 4 and dates[0].value == "31.02.1990"
    assert any(
        e.column == "Согласие на публикацию" and e.row == 4 for e in report.errors
    )
    repeated = [e for e in report.errors if "ещё раз" in e.message]
    assert {e.row for e in repeated} == {2, 5}
    assert "строка 5" in repeated[0].message
    assert any(e.row == 6 and e.column == "ФИО" for e in report.errors)


def test_valid_only_writes_the_valid_rows(tree, subjects):
    data = csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель;;12.03.1994;да",
        "Петров Иван Сергеевич;Школа-призрак;учитель;;;",
    )
    report = run(data, valid_only=True)
    assert report.applied and report.new == 1 and report.rejected == 1
    assert Person.objects.filter(last_name="Иванова").exists()
    assert not Person.objects.filter(last_name="Петров").exists()


def test_unknown_subject_is_an_error(tree, subjects):
    report = run(csv("Иванова Мария Петровна;МБОУ СОШ № 1;учитель;Астрология;;"))
    (error,) = report.errors
    assert error.column == "Предметы" and "Астрология" in error.message


def test_school_by_number_within_the_municipality(tree, subjects):
    tree.school_a.number = "1"
    tree.school_a.save()
    header = "Фамилия;Имя;Отчество;Школа;Муниципалитет"
    report = run(csv(f"Иванова;Мария;Петровна;1;{tree.mun_a.name}", header=header))
    assert report.new == 1, [e.sentence() for e in report.errors]
    assert Person.objects.get(last_name="Иванова").organisation == tree.school_a
    unknown = run(csv("Иванова;Мария;Петровна;1;Несуществующий район", header=header))
    assert unknown.errors[0].column == "Муниципалитет"


def test_a_municipal_editor_cannot_import_into_another_municipality(tree, subjects):
    user = editor(EditorRole.Role.MUNICIPAL_EDITOR, territory=tree.mun_a)
    data = csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель;;;",
        f"Сидорова Анна Олеговна;{tree.school_b.inn};учитель;;;",
    )
    report = run(data, user=user)
    assert report.new == 1 and report.rejected == 1 and not report.applied
    (error,) = report.errors
    assert error.row == 3 and error.column == "Организация"
    assert "не относится к вашей территории" in error.message
    assert not Person.objects.filter(last_name__in=["Иванова", "Сидорова"]).exists()


def test_missing_required_column_makes_the_file_unusable(tree):
    with pytest.raises(UnusableFile, match="Организация"):
        run(csv("Иванова Мария Петровна", header="ФИО"))


def test_query_count_does_not_grow_with_rows(tree, subjects):
    def queries(count: int, first: int) -> int:
        lines = [f"Фамилия{first + i} Имя Отчество;МБОУ СОШ № 1;учитель;Математика;;"
                 for i in range(count)]  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            report = run(csv(*lines), user=tree_admin)
        assert report.new == count
        return len(captured)

    tree_admin = UserFactory(is_superuser=True)
    few = queries(3, 0)
    many = queries(60, 100)
    assert many <= few + 2  # bulk statements, not per row


def _cli(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_cli_exit_codes_and_json(tree, subjects, tmp_path):
    good = tmp_path / "people.csv"
    good.write_bytes(csv("Иванова Мария Петровна;МБОУ СОШ № 1;учитель;;12.03.1994;да"))
    code, out = _cli("people", str(good), "--dry-run")
    assert (
        code == 0
        and "новых: 1" in out
        and not Person.objects.filter(last_name="Иванова").exists()
    )
    code, out = _cli("people", str(good), "--json")
    assert code == 0 and json.loads(out)["applied"] is True
    assert Person.objects.filter(last_name="Иванова").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv("Петров Иван Сергеевич;Школа-призрак;учитель;;;"))
    code, out = _cli("people", str(bad), "--json")
    report = json.loads(out)
    assert code == 1 and report["applied"] is False
    assert (
        report["errors"][0]["row"] == 2
        and "Школа-призрак" in report["errors"][0]["text"]
    )
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    code, out = _cli("people", str(empty))
    assert code == 2 and out.strip()
    code, out = _cli("nothing", str(good))
    assert code == 2 and "people" in out
    code, out = _cli("people", str(good), "--user", "nobody")
    assert code == 2


def test_moving_a_person_shows_organisation_names(tree, people_file):
    run(people_file)
    moved = csv(f"Иванова Мария Петровна;{tree.school_b.inn};учитель математики;"
                "Математика, Информатика;12.03.1994;да")  # fmt: skip
    (change,) = run(moved).changes
    assert change.fields == [("Организация", tree.school_a.name, tree.school_b.name)]
    assert Person.objects.get(last_name="Иванова").organisation == tree.school_b


def test_an_alias_equal_to_the_name_is_one_candidate(tree, subjects):
    tree.school_a.short_name = "МБОУ СОШ №1"
    tree.school_a.aliases = "мбоу «сош № 1»\nМБОУ СОШ № 1"
    tree.school_a.save()
    report = run(csv("Иванова Мария Петровна;МБОУ СОШ №1;учитель;;;"))
    assert report.new == 1, [e.sentence() for e in report.errors]


def test_index_entries_for_consenting_new_people_and_every_changed_one(
    tree, people_file
):
    from search.models import OutboxEntry

    OutboxEntry.objects.all().delete()
    run(people_file)  # Иванова consents; Петров and Сидорова do not
    assert {e.object_pk for e in OutboxEntry.objects.all()} == {
        str(Person.objects.get(last_name="Иванова").pk)
    }
    OutboxEntry.objects.all().delete()
    run(csv("Петров Иван Сергеевич;МБОУ СОШ № 1;директор;Физика;01.09.1990;нет"))
    assert {e.object_pk for e in OutboxEntry.objects.all()} == {
        str(Person.objects.get(last_name="Петров").pk)
    }


def test_consent_publishes_the_staff_list_fields_or_the_chosen_ones(tree):
    header = "ФИО;Организация;Должность;Согласие на публикацию;Публикуемые сведения"
    data = csv(
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель;да;",
        "Петров Иван Сергеевич;МБОУ СОШ № 1;учитель;да;ФИО, предметы",
        "Сидорова Анна Олеговна;МБОУ СОШ № 1;учитель;нет;",
        header=header,
    )
    report = run(data)
    assert report.new == 3, [e.sentence() for e in report.errors]
    ivanova = Person.objects.get(last_name="Иванова")
    assert ivanova.public_fields == ["name", "position", "organisation"]
    assert ivanova.public_data()["organisation"] == str(tree.school_a)
    assert Person.objects.get(last_name="Петров").public_fields == ["name", "subjects"]
    assert Person.objects.get(last_name="Сидорова").public_data() is None
    assert run(data).unchanged == 3
    bad = run(
        csv("Иванова Мария Петровна;МБОУ СОШ № 1;учитель;да;адрес", header=header)
    )
    (error,) = bad.errors
    assert error.column == "Публикуемые сведения" and "адрес" in error.sentence()
