"""Support records from spreadsheets through the import pipeline: people found by name
in their organisation, forms by name or code, every problem a Russian error with its
row and column and nothing written, the same file twice changes nothing, the
importing user's territory enforced."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from plugins.young_teachers.models import SupportRecord
from plugins.young_teachers.resources import SupportRecordResource
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.registry import get_resource
from portal.imports.workbooks import template
from tests.factories.core import PersonFactory
from tests.imports.files import rows_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["ФИО", "Организация", "Форма поддержки", "Что именно", "С", "По",
          "Организатор", "Комментарий"]  # fmt: skip


def run(rows, user, header=HEADER, **options):
    data = rows_xlsx([header, *rows])
    return run_import(
        SupportRecordResource(), read_table(data, "file.xlsx"), user, **options
    )


def errors(report) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in report.errors:
        found.setdefault(error.row, set()).add(error.column)
    return found


def person(organisation, last, first="Анна", middle="Петровна"):
    return PersonFactory(
        organisation=organisation, last_name=last, first_name=first, middle_name=middle
    )


def test_the_resource_is_offered_with_its_template():
    resource = get_resource("young_teachers_support")
    assert isinstance(resource, SupportRecordResource)
    assert str(resource.title) == "Поддержка молодых педагогов"
    book = load_workbook(io.BytesIO(template(SupportRecordResource())))
    titles = [c.value for c in book.worksheets[0][1]]
    assert titles[:2] == ["ФИО", "Организация"]
    assert {"Форма поддержки", "Что именно", "С", "По", "Организатор"} <= set(titles)


def test_rows_are_matched_written_and_idempotent(users, tree):
    smirnova = person(tree.school_a, "Смирнова")
    fyodorov = person(tree.school_a, "Фёдоров", "Илья", "Андреевич")
    rows = [
        ["смирнова  анна петровна", "МБОУ СОШ № 1", "Объединения (ассоциации) "
         "молодых педагогов", "Клуб «Старт»", "01.09.2026", None, "ЦНППМ", None],
        ["Федоров И. А.", "МБОУ СОШ № 1", "contests", "Педагогический дебют",
         dt.date(2026, 10, 1), "30.11.2026", None, "финалист"],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "наставничество",
         None, "15.09.2026", None, None, None],
    ]  # fmt: skip
    user = users.municipal_editor
    report = run(rows, user)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert (report.new, report.applied) == (3, True)
    club = SupportRecord.objects.get(person=smirnova, form__code="associations")
    assert club.title == "Клуб «Старт»" and club.organiser == tree.regional_org
    assert club.source == SupportRecord.Source.IMPORT and club.created_by == user
    contest = SupportRecord.objects.get(person=fyodorov)
    assert contest.form.code == "contests" and contest.note == "финалист"
    assert contest.end_date == dt.date(2026, 11, 30)
    assert (
        SupportRecord.objects.get(
            person=smirnova, start_date=dt.date(2026, 9, 15)
        ).form.code
        == "continuous-education"
    )  # a word only that form's name holds

    again = run(rows, user)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    rows[0][5] = "31.05.2027"
    changed = run(rows, user)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 2)
    club.refresh_from_db()
    assert club.end_date == dt.date(2027, 5, 31)
    assert SupportRecord.objects.count() == 3


def test_a_file_without_optional_columns_leaves_them_alone(users, tree):
    smirnova = person(tree.school_a, "Смирнова")
    run(
        [["Смирнова Анна Петровна", "МБОУ СОШ № 1", "contests", "Дебют",
          "01.10.2026", "30.11.2026", None, "финалист"]],
        users.municipal_editor,
    )  # fmt: skip
    short = ["ФИО", "Организация", "Форма поддержки", "С"]
    report = run(
        [["Смирнова Анна Петровна", "МБОУ СОШ № 1", "contests", "01.10.2026"]],
        users.municipal_editor,
        header=short,
    )
    assert report.unchanged == 1
    record = SupportRecord.objects.get(person=smirnova)
    assert (record.title, record.note) == ("Дебют", "финалист")


def test_bad_rows_are_reported_with_row_and_column_and_nothing_is_written(users, tree):
    person(tree.school_a, "Смирнова")
    person(tree.school_a, "Иванова", "Мария", "Петровна")
    person(tree.school_a, "Иванова", "Марина", "Павловна")
    person(tree.school_b, "Чужая")
    rows = [
        ["Неизвестная Анна Петровна", "МБОУ СОШ № 1", "contests", None,
         "01.09.2026", None, None, None],
        ["Иванова М. П.", "МБОУ СОШ № 1", "contests", None, "01.09.2026", None,
         None, None],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "Кружок вязания", None,
         "01.09.2026", None, None, None],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "contests", None,
         "01.09.2026", "01.08.2026", None, None],
        ["Чужая Анна Петровна", "МБОУ СОШ № 2", "contests", None, "01.09.2026",
         None, None, None],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "leisure", None, "вчера",
         None, None, None],
        ["Смирнова", "МБОУ СОШ № 1", "leisure", None, "01.09.2026", None, None,
         None],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "leisure", None, "02.09.2026",
         None, "Несуществующий центр", None],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "expert-support", None,
         "03.09.2026", None, None, None],
    ]  # fmt: skip
    report = run(rows, users.municipal_editor)
    assert errors(report) == {
        2: {"ФИО"},
        3: {"ФИО"},
        4: {"Форма поддержки"},
        5: {"По"},
        6: {"Организация"},
        7: {"С"},
        8: {"ФИО"},
        9: {"Организатор"},
    }
    sentences = {e.row: e.sentence() for e in report.errors}
    assert sentences[2].startswith("Строка 2, столбец «ФИО»")
    assert "нет среди педагогов этой организации" in sentences[2]
    assert "несколько педагогов" in sentences[3]
    assert "нет в справочнике" in sentences[4]
    assert "раньше" in sentences[5]
    assert "не относится к вашей территории" in sentences[6]
    assert not report.applied
    assert not SupportRecord.objects.exists()


def test_a_school_loads_only_its_own_teachers(users, tree):
    person(tree.school_a, "Смирнова")
    person(tree.school_b, "Борисова")
    rows = [
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "contests", None, "01.09.2026",
         None, None, None],
        ["Борисова Анна Петровна", "МБОУ СОШ № 2", "contests", None, "01.09.2026",
         None, None, None],
    ]  # fmt: skip
    report = run(rows, users.organisation_editor, valid_only=True)
    assert errors(report) == {3: {"Организация"}}
    assert list(SupportRecord.objects.values_list("person__last_name", flat=True)) == [
        "Смирнова"
    ]
    report = run(rows, users.regional_admin)
    assert not report.errors and report.new == 1  # the first row is already there


def test_the_same_record_twice_in_a_file_is_an_error(users, tree):
    person(tree.school_a, "Смирнова")
    row = ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "contests", None, "01.09.2026",
           None, None, None]  # fmt: skip
    report = run([row, list(row)], users.municipal_editor)
    assert {e.row for e in report.errors} == {2, 3}
    assert not SupportRecord.objects.exists()
