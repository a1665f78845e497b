"""Mentors and pairs from spreadsheets, through the import pipeline: people found by
name in their organisation, every pairing rule a row error with its row and column,
nothing written on errors, the same file twice changes nothing, a 500-pair file."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from plugins.mentoring.models import (
    Mentor,
    MentoringNeed,
    MentorStatus,
    Pair,
    PairStatus,
    Plan,
)
from plugins.mentoring.pair_resource import PairResource
from plugins.mentoring.resources import MentorResource
from portal.core.models import Competence, Person, Subject
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.registry import get_resource
from portal.imports.workbooks import template
from tests.factories.core import PersonFactory
from tests.imports.files import rows_xlsx

from .conftest import make_mentor, make_pair, young_teacher

pytestmark = pytest.mark.django_db

MENTOR_HEADER = ["ФИО", "Организация", "Предметы", "Компетенции",
                 "Уровни образования", "Стаж", "Наставляемых одновременно",
                 "Принимает новых (да/нет)", "Статус", "Доступность"]  # fmt: skip
PAIR_HEADER = ["Наставник (ФИО)", "Организация наставника",
               "Наставляемые (ФИО через «;»)", "Организация", "Форма наставничества",
               "Начало", "Плановое окончание", "Статус", "Целевые компетенции",
               "Результат"]  # fmt: skip


def run(resource, rows, user, header, **options):
    data = rows_xlsx([header, *rows])
    return run_import(resource, read_table(data, "file.xlsx"), user, **options)


def errors(report) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in report.errors:
        found.setdefault(error.row, set()).add(error.column)
    return found


def person(organisation, last, first="Мария", middle="Петровна", **fields):
    return PersonFactory(
        organisation=organisation, last_name=last, first_name=first,
        middle_name=middle, **fields,
    )  # fmt: skip


@pytest.fixture
def refs(tree):
    for name in ("Математика", "Физика"):
        Subject.objects.get_or_create(name=name)
    return tree


def test_resources_are_offered_by_the_pipeline_with_templates():
    assert isinstance(get_resource("mentoring_mentors"), MentorResource)
    assert isinstance(get_resource("mentoring_pairs"), PairResource)
    book = load_workbook(io.BytesIO(template(PairResource())))
    titles = [c.value for c in book.worksheets[0][1]]
    assert titles[:3] == PAIR_HEADER[:3] and "Форма наставничества" in titles
    book = load_workbook(io.BytesIO(template(MentorResource())))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["ФИО", "Организация"]


# Mentors ---------------------------------------------------------------------------------
def test_mentors_are_found_by_name_in_their_organisation_and_written(users, refs):
    tree = refs
    korolyova = person(tree.school_a, "Королёва")
    petrov = person(tree.school_a, "Петров", "Пётр", "Ильич")
    rows = [
        ["королева  мария петровна", "МБОУ СОШ № 1", "Математика", "Оценивание "
         "образовательных результатов; inclusion", "ООО, СОО", "18 лет", 3, "да",
         None, "вторник после 15:00"],
        ["Петров П. И.", "МБОУ СОШ № 1", None, None, "НОО", None, None, "нет",
         "приостановлен", None],
    ]  # fmt: skip
    user = users.municipal_editor
    report = run(MentorResource(), rows, user, MENTOR_HEADER)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert (report.new, report.applied) == (2, True)
    first = Mentor.objects.get(person=korolyova)
    assert first.capacity == 3 and first.experience_years == 18
    assert first.education_stages == ["basic", "secondary"]
    assert first.availability == "вторник после 15:00" and first.accepting
    assert {s.name for s in first.subjects.all()} == {"Математика"}
    assert set(first.competences.values_list("code", flat=True)) == {
        "assessment", "inclusion",
    }  # fmt: skip
    second = Mentor.objects.get(person=petrov)
    assert second.status == MentorStatus.PAUSED and not second.accepting
    assert second.capacity == 2
    again = run(MentorResource(), rows, user, MENTOR_HEADER)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    rows[0][6] = 4
    changed = run(MentorResource(), rows, user, MENTOR_HEADER)
    assert (changed.updated, changed.unchanged) == (1, 1)
    assert Mentor.objects.get(person=korolyova).capacity == 4


def test_bad_mentor_rows_are_reported_and_nothing_is_written(users, refs):
    tree = refs
    person(tree.school_a, "Иванова")
    person(tree.school_a, "Иванова", "Марина", "Павловна")
    person(tree.school_b, "Чужая")
    rows = [
        ["Неизвестная Анна Ивановна", "МБОУ СОШ № 1"] + [None] * 8,
        ["Иванова М. П.", "МБОУ СОШ № 1"] + [None] * 8,  # two people fit
        ["Чужая Мария Петровна", "МБОУ СОШ № 2"] + [None] * 8,  # not my territory
        ["Иванова Мария Петровна", "МБОУ СОШ № 1", "Астрология"] + [None] * 7,
        ["Иванова Марина Павловна", "МБОУ СОШ № 1", None, None, None, None, 99]
        + [None] * 3,
    ]
    report = run(MentorResource(), rows, users.municipal_editor, MENTOR_HEADER)
    assert errors(report) == {
        2: {"ФИО"}, 3: {"ФИО"}, 4: {"Организация"}, 5: {"Предметы"},
        6: {"Наставляемых одновременно"},
    }  # fmt: skip
    assert not report.applied and not Mentor.objects.exists()


# Pairs -----------------------------------------------------------------------------------
@pytest.fixture
def school(refs):
    """Two mentors and young teachers of school A, a mentor of school B."""
    tree = refs
    mentor = make_mentor(tree.school_a, capacity=2)
    mentor.person.last_name, mentor.person.first_name = "Королёва", "Мария"
    mentor.person.middle_name = "Петровна"
    mentor.person.save()
    other = make_mentor(tree.school_a, capacity=3)
    paused = make_mentor(tree.school_a, status=MentorStatus.PAUSED)
    young = [
        young_teacher(tree.school_a, last_name=f"Молодая{i}", first_name="Анна",
                      middle_name="Ивановна")
        for i in range(5)
    ]  # fmt: skip
    foreign = make_mentor(tree.school_b)
    foreign_young = young_teacher(tree.school_b, last_name="Дальняя")
    return {
        "mentor": mentor, "other": other, "paused": paused, "young": young,
        "foreign": foreign, "foreign_young": foreign_young, "tree": tree,
    }  # fmt: skip


def pair_row(mentor, mentees, organisation="МБОУ СОШ № 1", **cells):
    values = {
        "Наставник (ФИО)": mentor
        if isinstance(mentor, str)
        else mentor.person.full_name,
        "Организация наставника": None,
        "Наставляемые (ФИО через «;»)": "; ".join(
            m if isinstance(m, str) else m.full_name for m in mentees
        ),
        "Организация": organisation,
        "Форма наставничества": "молодой специалист",
        "Начало": "1 сентября 2025 г.",
        "Плановое окончание": "31.05.2026",
        "Статус": None,
        "Целевые компетенции": "Управление классом и дисциплиной",
        "Результат": None,
    }
    values.update(cells)
    return [values[h] for h in PAIR_HEADER]


def test_pairs_are_created_with_plans_and_close_needs(users, school):
    mentor, young = school["mentor"], school["young"]
    need = MentoringNeed.objects.create(person=young[0])
    rows = [
        pair_row("Королева М.П.", [young[0]]),
        pair_row(school["other"], young[1:3], **{
            "Форма наставничества": "Групповое наставничество", "Статус": "завершена",
            "Начало": "01.09.2024", "Плановое окончание": "30.06.2025",
            "Результат": "Аттестованы на первую категорию",
        }),
    ]  # fmt: skip
    report = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert report.new == 2 and report.applied
    first = Pair.objects.get(mentor=mentor)
    assert list(first.mentees.all()) == [young[0]]
    assert first.form.code == "young-specialist" and first.status == PairStatus.ACTIVE
    assert first.start_date == dt.date(2025, 9, 1)
    assert first.planned_end_date == dt.date(2026, 5, 31)
    assert list(first.target_competences.values_list("code", flat=True)) == [
        "discipline"
    ]
    assert first.organisation == school["tree"].school_a
    done = Pair.objects.get(mentor=school["other"])
    assert done.status == PairStatus.COMPLETED and done.mentees.count() == 2
    assert done.actual_end_date == dt.date(2025, 6, 30)
    assert done.outcome == "Аттестованы на первую категорию"
    assert Plan.objects.count() == 2
    need.refresh_from_db()
    assert need.closed_at is not None and need.pair == first

    again = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Pair.objects.count() == 2 and Plan.objects.count() == 2


def test_bad_pair_rows_name_row_and_column_and_nothing_is_written(users, school):
    mentor, other, young = school["mentor"], school["other"], school["young"]
    make_pair(other, young[4])  # a live pair already in the portal
    rows = [
        pair_row("Неизвестный Иван Иванович", [young[0]]),  # 2: no such person
        pair_row(mentor, [young[0]], organisation="Школа № 999"),  # 3: no org
        pair_row(mentor, [young[0]], **{"Форма наставничества": "Телепатия"}),  # 4
        pair_row(mentor, [mentor.person]),  # 5: self-mentoring
        pair_row(school["paused"], [young[0]]),  # 6: not active
        pair_row(other, [young[4]], **{"Начало": "01.10.2025"}),  # 7: duplicate
        pair_row(mentor, [young[0], young[1]]),  # 8: fills the mentor's two places
        pair_row(mentor, [young[2]], **{"Начало": "02.09.2025"}),  # 9: capacity
        pair_row(other, [young[3]], **{"Начало": "32.13.2025"}),  # 10: bad date
        pair_row(other, [young[3]], **{"Плановое окончание": "01.01.2020"}),  # 11
        pair_row(other, [young[3]], **{"Статус": "прекращена"}),  # 12: no reason
        pair_row(other, ["Никто Никого Никак"]),  # 13: unknown mentee
        pair_row(school["foreign"].person.full_name, [young[3]]),  # 14: not in org
    ]
    report = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert errors(report) == {
        2: {"Наставник (ФИО)"}, 3: {"Организация"}, 4: {"Форма наставничества"},
        5: {"Наставляемые (ФИО через «;»)"}, 6: {"Наставник (ФИО)"},
        7: {"Наставляемые (ФИО через «;»)"}, 9: {"Наставник (ФИО)"},
        10: {"Начало"}, 11: {"Плановое окончание"}, 12: {"Результат"},
        13: {"Наставляемые (ФИО через «;»)"}, 14: {"Наставник (ФИО)"},
    }  # fmt: skip
    messages = {e.row: e.sentence() for e in report.errors}
    assert "Строка 9, столбец «Наставник (ФИО)»" in messages[9]
    assert "нет свободных мест" in messages[9] and "в строках выше" in messages[9]
    assert "собственным наставляемым" in messages[5]
    assert "уже есть действующая пара" in messages[7]
    assert not report.applied
    assert Pair.objects.count() == 1 and Plan.objects.count() == 1


def test_a_municipal_editor_cannot_import_pairs_of_another_municipality(users, school):
    rows = [
        pair_row(
            school["foreign"], [school["foreign_young"]], organisation="МБОУ СОШ № 2"
        )
    ]
    report = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert errors(report) == {2: {"Организация"}}
    assert "не относится к вашей территории" in report.errors[0].message
    assert not Pair.objects.exists()
    # The regional admin may.
    report = run(PairResource(), rows, users.regional_admin, PAIR_HEADER)
    assert report.new == 1 and report.applied


def _big_file(tree, pairs: int, tag: str) -> list[list]:
    """``pairs`` mentors of school A with capacity 1, one young teacher each."""
    people = Person.objects.bulk_create(
        [
            Person(organisation=tree.school_a, last_name=f"Наставник{tag}{i}",
                   first_name="Ольга", middle_name="Сергеевна",
                   birth_date=dt.date(1970, 1, 1),
                   career_start_date=dt.date(1995, 9, 1))
            for i in range(pairs)
        ]
        + [
            Person(organisation=tree.school_a, last_name=f"Молодой{tag}{i}",
                   first_name="Илья", middle_name="Андреевич",
                   birth_date=dt.date(2000, 1, 1),
                   career_start_date=dt.date(2024, 9, 1))
            for i in range(pairs)
        ]
    )  # fmt: skip
    Mentor.objects.bulk_create([Mentor(person=p, capacity=1) for p in people[:pairs]])
    forms = ["молодой специалист", "по предмету", "обратное", "равный"]
    return [
        pair_row(
            people[i].full_name, [people[pairs + i].full_name],
            **{"Форма наставничества": forms[i % 4],
               "Статус": "действует" if i % 5 else "предложена"},
        )
        for i in range(pairs)
    ]  # fmt: skip


def test_a_file_of_500_pairs_imports(users, refs):
    rows = _big_file(refs, 500, "Б")
    report = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert not report.errors and report.new == 500 and report.applied
    assert Pair.objects.count() == 500 and Plan.objects.count() == 500
    assert Pair.mentees.through.objects.count() == 500
    again = run(PairResource(), rows, users.municipal_editor, PAIR_HEADER)
    assert again.unchanged == 500 and Pair.objects.count() == 500


def test_pair_import_queries_do_not_grow_with_rows(users, refs):
    def queries(n, tag):
        rows = _big_file(refs, n, tag)
        with CaptureQueriesContext(connection) as captured:
            report = run(PairResource(), rows, users.superuser, PAIR_HEADER)
        assert report.new == n
        return len(captured)

    queries(2, "А")  # pairs in the portal already: their sets are loaded too
    assert queries(5, "В") == queries(40, "Г")


def test_competences_may_be_written_by_code(users, school):
    row = pair_row(school["mentor"], [school["young"][0]],
                   **{"Целевые компетенции": "inclusion; parents"})  # fmt: skip
    report = run(PairResource(), [row], users.organisation_editor, PAIR_HEADER)
    assert not report.errors, [e.sentence() for e in report.errors]
    assert set(
        Competence.objects.filter(
            pk__in=Pair.objects.get().target_competences.all()
        ).values_list("code", flat=True)
    ) == {"inclusion", "parents"}
