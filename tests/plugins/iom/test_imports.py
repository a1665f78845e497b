"""The routes plugin's spreadsheets through the import pipeline: the programme
catalogue (provider matched by name or ИНН, else kept as written; federal or regional;
deficits by name or code; a cohort), diagnostic results (people by name in their
organisation, a % and a level per competence area, deficits) and completed courses.
Every problem is a Russian error with its row and column and nothing is written; the
same file twice changes nothing; a 1000-row diagnostics file imports with a fixed
number of queries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from plugins.iom.models import (
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
)
from plugins.iom.resources import (
    CourseCompletionResource,
    DiagnosticResource,
    ProgrammeResource,
)
from portal.core.models import Person
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.registry import get_resource
from portal.imports.workbooks import template
from tests.factories.core import OrganisationFactory, PersonFactory
from tests.imports.files import rows_xlsx

from .conftest import programme

pytestmark = pytest.mark.django_db

PROGRAMME = ["Название программы", "Вид (ПК/ПП)", "Объём, ч", "Организация", "Регион",
             "Платформа", "Дистанционно", "Сетевая форма", "В федеральном реестре",
             "Ссылка на реестр", "Дефициты", "Аннотация", "Ссылка для записи",
             "Начало набора", "Окончание"]  # fmt: skip
DIAGNOSTIC = ["ФИО", "Организация", "Дата", "Кто проводил", "Процедура",
              "Методическая, %", "Методическая, уровень", "Управленческая, %",
              "Дефициты", "Заключение"]  # fmt: skip
COMPLETION = ["ФИО", "Организация", "Программа", "Кто обучал", "Объём, ч",
              "Дата окончания", "Номер удостоверения"]  # fmt: skip


def run(resource, header, rows, user, **options):
    data = rows_xlsx([header, *rows])
    return run_import(resource, read_table(data, "file.xlsx"), user, **options)


def errors(report) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in report.errors:
        found.setdefault(error.row, set()).add(error.column)
    return found


def person(organisation, last, first="Анна", middle="Петровна"):
    return PersonFactory(
        organisation=organisation, last_name=last, first_name=first, middle_name=middle
    )


def test_the_resources_are_offered_with_templates():
    for name, cls in (("iom_programmes", ProgrammeResource),
                      ("iom_diagnostics", DiagnosticResource),
                      ("iom_completions", CourseCompletionResource)):  # fmt: skip
        assert isinstance(get_resource(name), cls)
    book = load_workbook(io.BytesIO(template(DiagnosticResource())))
    titles = [c.value for c in book.worksheets[0][1]]
    assert titles[:2] == ["ФИО", "Организация"]
    assert {"Методическая, %", "Управленческая, уровень", "Дефициты"} <= set(titles)
    book = load_workbook(io.BytesIO(template(ProgrammeResource())))
    assert [c.value for c in book.worksheets[0][1]][:3] == PROGRAMME[:3]


# Programmes -----------------------------------------------------------------------------
def programme_row(title, **cells):
    row = dict.fromkeys(PROGRAMME)
    row.update({"Название программы": title, "Объём, ч": 36}, **cells)
    return [row[h] for h in PROGRAMME]


def test_programmes_are_written_matched_and_updated_not_duplicated(users, tree):
    tree.regional_org.inn = "3664012345"
    tree.regional_org.save()
    rows = [
        programme_row(
            "Школа современного учителя", **{
                "Вид (ПК/ПП)": "ПК", "Объём, ч": "72 ч",
                "Организация": "ФГАОУ ДПО «Академия Минпросвещения России»",
                "Платформа": "Цифровая экосистема ДПО", "Дистанционно": "да",
                "В федеральном реестре": "да", "Ссылка на реестр": "dpo.apkpro.ru/1",
                "Дефициты": "functional-literacy; Оценивание образовательных результатов",
                "Начало набора": "01.02.2027", "Окончание": "28.02.2027",
            },
        ),
        programme_row(
            "Инклюзия в школе", **{
                "Организация": "3664012345", "Регион": "Тестовая область",
                "Сетевая форма": "да", "Дефициты": "инклюзивное",
            },
        ),
        programme_row(
            "Управление качеством", **{
                "Вид (ПК/ПП)": "профессиональная переподготовка", "Объём, ч": 260,
                "Организация": "цнппм", "Регион": "Тестовая область",
            },
        ),
    ]  # fmt: skip
    report = run(ProgrammeResource(), PROGRAMME, rows, users.superuser)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert (report.new, report.applied) == (3, True)
    school = Programme.objects.get(title="Школа современного учителя")
    assert school.provider is None and school.provider_name.startswith("ФГАОУ ДПО")
    assert school.region is None and school.in_federal_registry and school.distance
    assert school.hours == 72 and school.registry_url == "https://dpo.apkpro.ru/1"
    assert set(school.deficits.values_list("code", flat=True)) == {
        "functional-literacy", "assessment"
    }  # fmt: skip
    cohort = school.cohorts.get()
    assert (cohort.start_date, cohort.end_date) == (
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 28),
    )
    inclusion = Programme.objects.get(title="Инклюзия в школе")
    assert inclusion.provider == tree.regional_org and inclusion.region == tree.region
    assert inclusion.network and not inclusion.in_federal_registry
    assert list(inclusion.deficits.values_list("code", flat=True)) == ["inclusion"]
    quality = Programme.objects.get(title="Управление качеством")
    assert quality.kind == Programme.Kind.RETRAINING
    assert quality.provider == tree.regional_org

    again = run(ProgrammeResource(), PROGRAMME, rows, users.superuser)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    rows[0][PROGRAMME.index("Объём, ч")] = 36
    rows[0][PROGRAMME.index("Начало набора")] = "01.09.2027"
    rows[0][PROGRAMME.index("Окончание")] = None
    changed = run(ProgrammeResource(), PROGRAMME, rows, users.superuser)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 2)
    fields = {title for title, _old, _new in changed.changes[0].fields}
    assert fields == {"Объём, ч", "Начало набора"}
    assert Programme.objects.count() == 3
    school.refresh_from_db()
    assert school.hours == 36
    assert sorted(school.cohorts.values_list("start_date", flat=True)) == [
        dt.date(2027, 2, 1), dt.date(2027, 9, 1)
    ]  # fmt: skip

    # A file with only the required columns leaves the others as they are (the
    # region and the kind too: a ПП of 100 h is still too short).
    short = ["Название программы", "Объём, ч", "Организация"]
    report = run(
        ProgrammeResource(), short,
        [["Школа современного учителя", 36, "ФГАОУ ДПО «Академия Минпросвещения России»"],
         ["Инклюзия в школе", 36, "3664012345"], ["Управление качеством", 100, "ЦНППМ"]],
        users.regional_admin,
    )  # fmt: skip
    assert errors(report) == {2: {"Регион"}, 4: {"Объём, ч"}}  # 2: a federal one
    report = run(ProgrammeResource(), short, [
        ["Инклюзия в школе", 36, "3664012345"], ["Управление качеством", 260, "ЦНППМ"],
    ], users.regional_admin)  # fmt: skip
    assert report.unchanged == 2, [c.fields for c in report.changes]
    inclusion.refresh_from_db()
    assert inclusion.region == tree.region and inclusion.network
    assert inclusion.deficits.count() == 1


def test_bad_programme_rows_are_errors_and_nothing_is_written(users, tree):
    rows = [
        programme_row("А", **{"Дефициты": "functional-literacy; Вязание крючком"}),
        programme_row("Б", **{"Объём, ч": 8}),
        programme_row("В", **{"Вид (ПК/ПП)": "ПП", "Объём, ч": 72}),
        programme_row("Г", **{"Объём, ч": "много"}),
        programme_row("Д", **{"Регион": "Нарния"}),
        programme_row(
            "Е", **{"Начало набора": "01.03.2027", "Окончание": "01.02.2027"}
        ),
        programme_row("Ж", **{"Ссылка для записи": "не ссылка"}),
        programme_row("З", **{"Вид (ПК/ПП)": "курсы"}),
        programme_row("И", **{"Организация": "1234567890"}),
        programme_row("", **{"Объём, ч": 36}),
    ]
    report = run(ProgrammeResource(), PROGRAMME, rows, users.superuser)
    assert errors(report) == {
        2: {"Дефициты"}, 3: {"Объём, ч"}, 4: {"Объём, ч"}, 5: {"Объём, ч"},
        6: {"Регион"}, 7: {"Окончание"}, 8: {"Ссылка для записи"},
        9: {"Вид (ПК/ПП)"}, 10: {"Организация"}, 11: {"Название программы"},
    }  # fmt: skip
    sentences = {e.row: e.sentence() for e in report.errors}
    assert sentences[2].startswith("Строка 2, столбец «Дефициты»")
    assert "«Вязание крючком»" in sentences[2] and "нет в справочнике" in sentences[2]
    assert "не меньше 16 ч" in sentences[3] and "не меньше 250 ч" in sentences[4]
    assert "Регион «Нарния» не найден" in sentences[6]
    assert not report.applied and not Programme.objects.exists()


def test_programmes_follow_the_importing_users_territory(users, tree):
    rows = [
        programme_row("Своей школы", **{"Организация": "МБОУ СОШ № 1"}),
        programme_row("Федеральная"),
        programme_row("Региона", **{"Регион": "Тестовая область"}),
    ]
    report = run(ProgrammeResource(), PROGRAMME, rows, users.municipal_editor)
    assert errors(report) == {3: {"Регион"}, 4: {"Регион"}}
    assert "вне вашей территории" in report.errors[0].message
    # A regional administrator loads their region's programmes (the admin's rule):
    # without «Регион» a row is a federal programme, whoever runs it.
    report = run(ProgrammeResource(), PROGRAMME, rows, users.regional_admin)
    assert errors(report) == {2: {"Регион"}, 3: {"Регион"}}
    report = run(ProgrammeResource(), PROGRAMME, rows, users.superuser)
    assert not report.errors and report.new == 3


# Diagnostics ----------------------------------------------------------------------------
def diagnostic_row(name, **cells):
    row = dict.fromkeys(DIAGNOSTIC)
    row.update({"ФИО": name, "Организация": "МБОУ СОШ № 1", "Дата": "15.10.2026",
                "Кто проводил": "ЦНППМ"}, **cells)  # fmt: skip
    return [row[h] for h in DIAGNOSTIC]


def test_diagnostics_are_written_and_reimported_without_duplicates(users, tree):
    smirnova = person(tree.school_a, "Смирнова")
    fyodorov = person(tree.school_a, "Фёдоров", "Илья", "Андреевич")
    rows = [
        diagnostic_row("смирнова  анна петровна", **{
            "Процедура": "Диагностика дефицитов учителей математики",
            "Методическая, %": "42,5 %", "Методическая, уровень": "дефицитный",
            "Управленческая, %": 80,
            "Дефициты": "Формирование функциональной грамотности обучающихся; assessment",
        }),
        diagnostic_row("Федоров И. А.", **{
            "Кто проводил": "самодиагностика", "Методическая, уровень": "высокий",
            "Дефициты": "inclusion",
        }),
        diagnostic_row("Смирнова Анна Петровна", **{
            "Кто проводил": "школа", "Методическая, %": 55,
        }),
    ]  # fmt: skip
    user = users.municipal_editor
    report = run(DiagnosticResource(), DIAGNOSTIC, rows, user)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert report.new == 3 and report.applied
    cnppm = Diagnostic.objects.get(person=smirnova, source=Diagnostic.Source.CNPPM)
    assert cnppm.date == dt.date(2026, 10, 15) and cnppm.imported
    assert cnppm.created_by == user and cnppm.title.startswith("Диагностика")
    assert set(cnppm.deficits.values_list("code", flat=True)) == {
        "functional-literacy", "assessment"
    }  # fmt: skip
    scores = {s.area.code: (s.score, s.level) for s in cnppm.scores.all()}
    assert scores == {
        "methodological": (Decimal("42.5"), "deficit"), "managerial": (Decimal("80"), ""),
    }  # fmt: skip
    own = Diagnostic.objects.get(person=fyodorov)
    assert own.source == Diagnostic.Source.SELF
    assert [(s.score, s.level) for s in own.scores.all()] == [(None, "advanced")]
    assert Diagnostic.objects.filter(person=smirnova).count() == 2  # ЦНППМ and school

    again = run(DiagnosticResource(), DIAGNOSTIC, rows, user)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    rows[0][DIAGNOSTIC.index("Методическая, %")] = 61
    rows[0][DIAGNOSTIC.index("Управленческая, %")] = None
    changed = run(DiagnosticResource(), DIAGNOSTIC, rows, user)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 2)
    assert changed.changes[0].fields[0][0] == "Результаты по областям"
    assert Diagnostic.objects.count() == 3
    assert [(s.area.code, s.score) for s in cnppm.scores.all()] == [
        ("methodological", Decimal("61"))
    ]

    # Without the level and deficit columns, levels and deficits stay.
    short = ["ФИО", "Организация", "Дата", "Кто проводил", "Методическая, %"]
    report = run(
        DiagnosticResource(), short,
        [["Смирнова Анна Петровна", "МБОУ СОШ № 1", "15.10.2026", "ЦНППМ", 61]], user,
    )  # fmt: skip
    assert report.unchanged == 1
    assert cnppm.scores.get().level == "deficit" and cnppm.deficits.count() == 2


def test_bad_diagnostic_rows_are_errors_and_nothing_is_written(users, tree):
    person(tree.school_a, "Смирнова")
    person(tree.school_a, "Иванова", "Мария", "Петровна")
    person(tree.school_a, "Иванова", "Марина", "Павловна")
    person(tree.school_b, "Чужая")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [
        diagnostic_row("Смирнова Анна Петровна", **{"Методическая, %": 120}),
        diagnostic_row("Смирнова Анна Петровна", **{"Дефициты": "телепатия"}),
        diagnostic_row("Неизвестная Анна Петровна", **{"Методическая, %": 50}),
        diagnostic_row("Иванова М. П.", **{"Методическая, %": 50}),
        diagnostic_row("Чужая Анна Петровна", **{"Организация": "МБОУ СОШ № 2",
                                                  "Методическая, %": 50}),
        diagnostic_row("Смирнова Анна Петровна", **{"Дата": tomorrow, "Методическая, %": 50}),
        diagnostic_row("Смирнова Анна Петровна", **{"Дата": "01.09.2026"}),
        diagnostic_row("Смирнова Анна Петровна", **{"Кто проводил": "соседи",
                                                     "Методическая, %": 50}),
        diagnostic_row("Смирнова Анна Петровна", **{"Методическая, уровень": "гениальный"}),
        diagnostic_row("Смирнова Анна Петровна", **{"Дата": "02.10.2026",
                                                     "Методическая, %": 50}),
        diagnostic_row("Смирнова Анна Петровна", **{"Дата": "02.10.2026",
                                                     "Методическая, %": 60}),
    ]  # fmt: skip
    report = run(DiagnosticResource(), DIAGNOSTIC, rows, users.municipal_editor)
    assert errors(report) == {
        2: {"Методическая, %"}, 3: {"Дефициты"}, 4: {"ФИО"}, 5: {"ФИО"},
        6: {"Организация"}, 7: {"Дата"}, 8: {"Дефициты"}, 9: {"Кто проводил"},
        10: {"Методическая, уровень"}, 11: {""}, 12: {""},
    }  # fmt: skip
    sentences = {e.row: e.sentence() for e in report.errors}
    assert sentences[2].startswith("Строка 2, столбец «Методическая, %»")
    assert "от 0 до 100" in sentences[2]
    assert "«телепатия»" in sentences[3]
    assert "нет среди педагогов этой организации" in sentences[4]
    assert "несколько педагогов" in sentences[5]
    assert "не относится к вашей территории" in sentences[6]
    assert "не наступила" in sentences[7] and "нет результатов" in sentences[8]
    assert "строка 12" in sentences[11]
    assert not report.applied
    assert not Diagnostic.objects.exists() and not DiagnosticScore.objects.exists()


def test_a_1000_row_diagnostics_file_imports_with_a_fixed_number_of_queries(
    users, tree
):
    def people(count, tag):
        made = Person.objects.bulk_create(
            [
                Person(organisation=tree.school_a, last_name=f"Учитель{tag}{i}",
                       first_name="Ольга", middle_name="Сергеевна")
                for i in range(count)
            ]
        )  # fmt: skip
        return [
            diagnostic_row(p.full_name, **{
                "Методическая, %": 30 + i % 70, "Методическая, уровень": "базовый",
                "Управленческая, %": i % 101,
                "Дефициты": "lesson-design; assessment" if i % 2 else "inclusion",
            })
            for i, p in enumerate(made)
        ]  # fmt: skip

    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            report = run(DiagnosticResource(), DIAGNOSTIC, rows, users.municipal_editor)
        assert not report.errors and report.new == len(rows)
        return len(captured)

    queries(people(2, "0"))  # diagnostics in the portal already: their sets are loaded
    assert queries(people(5, "А")) == queries(people(40, "Б"))
    rows = people(1000, "В")
    assert queries(rows) <= 60
    assert Diagnostic.objects.count() == 1047
    assert DiagnosticScore.objects.count() == 2 * 1047
    again = run(DiagnosticResource(), DIAGNOSTIC, rows, users.municipal_editor)
    assert again.unchanged == 1000 and Diagnostic.objects.count() == 1047


# Completed courses ----------------------------------------------------------------------
def test_course_completions_are_matched_to_the_catalogue(users, tree):
    smirnova = person(tree.school_a, "Смирнова")
    federal = programme(title="Школа современного учителя", hours=72,
                        provider_name="Академия Минпросвещения России",
                        in_federal_registry=True)  # fmt: skip
    rows = [
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "школа современного учителя", None,
         None, "30.09.2026", "772400012345"],
        ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "Курс не из каталога", None, 16,
         "01.10.2026", None],
    ]  # fmt: skip
    report = run(CourseCompletionResource(), COMPLETION, rows, users.municipal_editor)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert report.new == 2
    done = CourseCompletion.objects.get(programme=federal)
    assert done.person == smirnova and done.hours == 72
    assert done.source == CourseCompletion.Source.IMPORT
    assert (done.completed_on, done.document_number) == (
        dt.date(2026, 9, 30),
        "772400012345",
    )
    other = CourseCompletion.objects.get(programme=None)
    assert (other.programme_title, other.hours) == ("Курс не из каталога", 16)

    # The export side gives the same headers (for an editor's spreadsheet).
    exported = CourseCompletionResource().export(
        CourseCompletion.objects.order_by("pk")
    )
    assert exported.headers[:3] == ["ФИО", "Организация", "Программа"]
    assert [r[2] for r in exported] == [federal.title, "Курс не из каталога"]

    again = run(CourseCompletionResource(), COMPLETION, rows, users.municipal_editor)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    rows[0][COMPLETION.index("Номер удостоверения")] = "772400099999"
    changed = run(CourseCompletionResource(), COMPLETION, rows, users.municipal_editor)
    assert (changed.updated, CourseCompletion.objects.count()) == (1, 2)


def test_same_titled_programmes_need_the_provider_and_bad_rows_are_errors(users, tree):
    person(tree.school_a, "Смирнова")
    ido = OrganisationFactory(name="ГАУ ДПО «Институт развития образования»",
                              municipality=None, region=tree.region)  # fmt: skip
    programme(title="Наставничество", provider_name="Академия Минпросвещения России")
    local = programme(title="Наставничество", provider=ido)
    row = ["Смирнова Анна Петровна", "МБОУ СОШ № 1", "Наставничество", None, None,
           "30.09.2026", None]  # fmt: skip
    future = dt.date.today() + dt.timedelta(days=3)
    bad = [
        list(row),
        [*row[:5], future, None],
        [*row[:4], "ноль", "30.09.2026", None],
        ["Смирнов", *row[1:]],
    ]
    report = run(CourseCompletionResource(), COMPLETION, bad, users.municipal_editor)
    assert errors(report) == {
        2: {"Программа"}, 3: {"Дата окончания"}, 4: {"Объём, ч"}, 5: {"ФИО"},
    }  # fmt: skip
    assert "«Кто обучал»" in report.errors[0].message
    assert not CourseCompletion.objects.exists()
    row[COMPLETION.index("Кто обучал")] = "ГАУ ДПО «Институт развития образования»"
    report = run(CourseCompletionResource(), COMPLETION, [row], users.municipal_editor)
    assert not report.errors and CourseCompletion.objects.get().programme == local
