"""Communities and their members from spreadsheets, through the import pipeline."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page, PageLogEntry

from plugins.communities.membership_resource import MembershipResource
from plugins.communities.models import (
    CommunityLevel,
    CommunityPage,
    CommunityStatus,
    CommunityType,
    JoinMethod,
    Membership,
)
from plugins.communities.resources import CommunityResource
from portal.core.models import Subject
from portal.imports.engine import run_import
from portal.imports.readers import read_table
from portal.imports.registry import get_resource
from portal.imports.workbooks import template
from search.models import OutboxEntry
from tests.factories.core import OrganisationFactory, PersonFactory
from tests.imports.files import rows_xlsx

from .conftest import make_community

pytestmark = pytest.mark.django_db

Role, Status = Membership.Role, Membership.Status
DISTRICT_MO = "Городское (районное) методическое объединение"
HEADER = ["Название", "Вид", "Уровень", "Базовая организация", "Предметы",
          "Проблемное поле", "Вступление", "Статус", "E-mail", "Телефон",
          "Описание"]  # fmt: skip
INN = "7707083893"


def sheet(header, *rows) -> bytes:
    return rows_xlsx([header, *[[r.get(h) for h in header] for r in rows]])


def row(title="РМО учителей математики", **cells) -> dict:
    values = {
        "Название": title, "Вид": DISTRICT_MO.upper(), "Уровень": None,
        "Базовая организация": INN, "Предметы": "Математика, информатика",
        "Проблемное поле": "Функциональная грамотность", "Вступление": "по приглашению",
        "Статус": None, "E-mail": "RMO@Example.RU", "Телефон": "8 900 123 45 67",
        "Описание": "Учителя математики района",
    }  # fmt: skip
    values.update(cells)
    return values


def run(resource, data: bytes, user, **options):
    return run_import(resource, read_table(data, "file.xlsx"), user, **options)


def errors(report) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in report.errors}


def messages(report) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in report.errors:
        found[error.row] = (found.get(error.row, "") + " " + error.sentence()).strip()
    return found


@pytest.fixture
def refs(tree):
    """Subjects, a type with ё, and the regional centre's ИНН."""
    tree.regional_org.inn = INN
    tree.regional_org.save()
    CommunityType.objects.get_or_create(
        code="scientists", defaults={"name": "Клуб учёных"}
    )
    for name in ("Математика", "Информатика", "Физика"):
        Subject.objects.get_or_create(name=name)
    return tree


def two_communities() -> bytes:
    return sheet(
        HEADER,
        row(),
        row("Клуб молодых учёных", **{"Вид": "клуб ученых", "Уровень": "региональный",
            "Базовая организация": None, "Предметы": "Физика",
            "Вступление": "свободное", "Статус": "в архиве", "E-mail": None,
            "Телефон": None}),
    )  # fmt: skip


# Communities ---------------------------------------------------------------------------
def test_resources_are_offered_by_the_pipeline_with_templates():
    assert isinstance(get_resource("communities"), CommunityResource)
    assert isinstance(get_resource("community_members"), MembershipResource)
    book = load_workbook(io.BytesIO(template(CommunityResource())))
    titles = [c.value for c in book.worksheets[0][1]]
    assert titles[:2] == ["Название", "Вид"] and "Базовая организация" in titles
    offered = {v for s in book.worksheets for r in s.iter_rows(values_only=True)
               for v in r if v}  # fmt: skip
    assert DISTRICT_MO in offered and "по приглашению" in offered


def test_a_municipal_editor_loads_communities_into_their_registry(
    users, refs, registries
):
    report = run(CommunityResource(), two_communities(), users.municipal_editor)
    assert (report.new, report.rejected) == (2, 0), report.errors
    assert report.applied
    assert not any(Page.find_problems())
    rmo = CommunityPage.objects.get(title="РМО учителей математики")
    assert rmo.get_parent().pk == registries.mun_a.pk
    assert rmo.live and rmo.live_revision_id == rmo.latest_revision_id is not None
    assert (rmo.region_id, rmo.municipality_id) == (refs.region.pk, refs.mun_a.pk)
    assert rmo.community_type.name == DISTRICT_MO
    assert rmo.level == CommunityLevel.MUNICIPAL  # the registry's section
    assert rmo.base_organisation == refs.regional_org  # found by ИНН
    assert {s.name for s in rmo.subjects.all()} == {"Математика", "Информатика"}
    assert rmo.revisions.get().content["subjects"]
    assert rmo.problem_area == "Функциональная грамотность"
    assert rmo.join_method == JoinMethod.INVITATION
    assert rmo.status == CommunityStatus.ACTIVE
    assert rmo.contact_email == "RMO@example.ru"
    assert rmo.contact_phone == "+7 (900) 123-45-67"
    assert rmo.intro == "Учителя математики района"
    club = CommunityPage.objects.get(title="Клуб молодых учёных")
    assert club.community_type.code == "scientists"  # «клуб ученых»: case and ё
    assert club.level == CommunityLevel.REGIONAL
    assert club.join_method == JoinMethod.OPEN
    assert club.status == CommunityStatus.ARCHIVED
    assert club.base_organisation is None
    actions = set(
        PageLogEntry.objects.filter(page=rmo).values_list("action", flat=True)
    )
    assert {"wagtail.create", "wagtail.publish"} <= actions
    assert OutboxEntry.objects.filter(object_pk=str(rmo.pk)).exists()
    assert Client().get(rmo.url).status_code == 200


def test_the_same_file_again_changes_nothing_and_a_changed_cell_updates(
    users, refs, registries
):
    run(CommunityResource(), two_communities(), users.municipal_editor)
    again = run(CommunityResource(), two_communities(), users.municipal_editor)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2), again.errors
    assert CommunityPage.objects.count() == 2
    changed = sheet(
        HEADER,
        row("рмо учителей  математики", **{"Проблемное поле": "Читательская "
            "грамотность", "Предметы": "Математика", "Статус": "Действует"}),
    )  # fmt: skip
    preview = run(CommunityResource(), changed, users.municipal_editor, dry_run=True)
    (change,) = preview.changes
    assert change.action == "updated"
    assert set(change.fields) == {
        ("Название", "РМО учителей математики", "рмо учителей математики"),
        ("Проблемное поле", "Функциональная грамотность", "Читательская грамотность"),
        ("Предметы", "Информатика, Математика", "Математика"),
    }
    report = run(CommunityResource(), changed, users.municipal_editor)
    assert report.updated == 1 and report.applied
    assert CommunityPage.objects.count() == 2
    rmo = CommunityPage.objects.get(problem_area="Читательская грамотность")
    assert [s.name for s in rmo.subjects.all()] == ["Математика"]
    assert rmo.revisions.count() == 2 and not rmo.has_unpublished_changes
    assert rmo.live_revision_id == rmo.latest_revision_id
    edit = PageLogEntry.objects.filter(page=rmo, action="wagtail.edit").get()
    assert edit.user == users.municipal_editor


def test_a_draft_is_not_published_by_an_import(users, refs, registries):
    run(CommunityResource(), two_communities(), users.municipal_editor)
    rmo = CommunityPage.objects.get(title="РМО учителей математики")
    rmo.intro = "Черновик редактора"
    rmo.save_revision()
    changed = sheet(HEADER, row(**{"Проблемное поле": "Новая тема"}))
    report = run(CommunityResource(), changed, users.municipal_editor)
    assert errors(report) == {(2, "Название")}
    assert "не опубликованные" in report.errors[0].message


def test_bad_rows_name_row_and_column_and_nothing_is_written(users, refs, registries):
    data = sheet(
        HEADER,
        row("Хорошее сообщество"),
        row("Неизвестный вид", **{"Вид": "Хоровод"}),
        row("Чужой предмет", **{"Предметы": "Математика, Алхимия"}),
        row("Без базы", **{"Базовая организация": "Школа-призрак"}),
        row("Плохая почта", **{"E-mail": "не почта"}),
        row("Странное вступление", **{"Вступление": "по блату"}),
        row("Дважды"),
        row("дважды"),
        row("", **{"Вид": None}),
    )
    report = run(CommunityResource(), data, users.municipal_editor)
    assert not report.applied and report.rejected == 8
    assert errors(report) == {
        (3, "Вид"), (4, "Предметы"), (5, "Базовая организация"), (6, "E-mail"),
        (7, "Вступление"), (8, "Название"), (9, "Название"), (10, "Название"),
        (10, "Вид"),
    }  # fmt: skip
    text = messages(report)
    assert "Хоровод" in text[3] and "«Виды сообществ»" in text[3]
    assert text[4].startswith("Строка 4, столбец «Предметы» (Чужой предмет)")
    assert "Алхимия" in text[4]
    assert "Школа-призрак" in text[5]
    assert "строка 9" in text[8] and "строка 8" in text[9]
    assert not CommunityPage.objects.exists()  # the good row waits for the others
    valid = run(CommunityResource(), data, users.municipal_editor, valid_only=True)
    assert valid.applied and valid.new == 1
    assert list(CommunityPage.objects.values_list("title", flat=True)) == [
        "Хорошее сообщество"
    ]


def test_the_row_names_the_registry_by_municipality_region_or_organisation(
    users, refs, registries
):
    header = [*HEADER, "Муниципалитет", "Организация"]
    OrganisationFactory(name="МБОУ СОШ № 3", municipality=refs.mun_a)
    data = sheet(
        header,
        row("РМО района Б", **{"Муниципалитет": "Район Б"}),
        row("РУМО математиков", **{"Муниципалитет": "Тестовая область"}),
        row("ШМО математиков", **{"Организация": "МБОУ СОШ № 1"}),
        row("ШМО школы без реестра", **{"Организация": "МБОУ СОШ № 3"}),
        row("Несуществующий район", **{"Муниципалитет": "Район Я"}),
    )
    report = run(CommunityResource(), data, users.regional_admin)
    assert errors(report) == {(5, "Организация"), (6, "Муниципалитет")}
    text = messages(report)
    assert "В разделе «МБОУ СОШ № 3» нет реестра сообществ" in text[5]
    assert "«Реестр сообществ»" in text[5]
    assert "Район Я" in text[6]
    report = run(CommunityResource(), data, users.regional_admin, valid_only=True)
    assert report.new == 3

    def parent(title):
        return CommunityPage.objects.get(title=title).get_parent().pk

    assert parent("РМО района Б") == registries.mun_b.pk
    assert parent("РУМО математиков") == registries.region.pk
    assert parent("ШМО математиков") == registries.school_a.pk
    school = CommunityPage.objects.get(title="ШМО математиков")
    assert school.organisation_id == refs.school_a.pk
    assert school.level == CommunityLevel.INSTITUTIONAL


def test_rows_outside_the_users_territory_are_errors(users, refs, registries):
    header = [*HEADER, "Муниципалитет", "Организация"]
    data = sheet(
        header,
        row("Своё", **{"Муниципалитет": "Район А"}),
        row("Соседей", **{"Муниципалитет": "Район Б"}),
        row("Региональное", **{"Муниципалитет": "Тестовая область"}),
        row("Школы соседей", **{"Организация": "МБОУ СОШ № 2"}),
    )
    report = run(CommunityResource(), data, users.municipal_editor)
    assert errors(report) == {(3, "Муниципалитет"), (4, "Муниципалитет"),
                              (5, "Организация")}  # fmt: skip
    assert "не относится к вашей территории" in messages(report)[3]
    assert not CommunityPage.objects.exists()
    # A school's editor: their own registry by default, not the district's.
    school = run(
        CommunityResource(), sheet(HEADER, row("ШМО")), users.organisation_editor
    )
    assert school.new == 1 and school.applied
    assert CommunityPage.objects.get().get_parent().pk == registries.school_a.pk
    district = run(CommunityResource(), data, users.organisation_editor)
    assert district.rejected == 4 and not district.applied
    # A teacher is no editor at all.
    teacher = run(CommunityResource(), sheet(HEADER, row("Своё")), users.teacher)
    assert "только редакторы" in teacher.errors[0].message
    assert CommunityPage.objects.count() == 1


def test_a_section_without_a_registry_is_named(users, refs):
    report = run(CommunityResource(), sheet(HEADER, row()), users.municipal_editor)
    assert errors(report) == {(2, "Муниципалитет")}
    assert "нет реестра сообществ" in report.errors[0].message
    assert "«Реестр сообществ»" in report.errors[0].message


# Members -------------------------------------------------------------------------------
MEMBER_HEADER = ["Сообщество", "ФИО", "E-mail", "Дата рождения", "Организация",
                 "Роль", "Дата вступления", "Статус"]  # fmt: skip


def person(name, organisation, **fields):
    last, first, *middle = name.split()
    return PersonFactory(
        last_name=last, first_name=first, middle_name=" ".join(middle),
        organisation=organisation, **fields,
    )  # fmt: skip


@pytest.fixture
def people(tree, registries):
    """A community in each municipality and teachers, two of them namesakes."""
    return {
        "rmo": make_community(registries.mun_a, "РМО учителей математики"),
        "other": make_community(registries.mun_b, "РМО района Б"),
        "smirnova": person("Смирнова Анна Игоревна", tree.school_a),
        "orlov": person(
            "Орлов Илья Сергеевич", tree.school_b, email="Orlov@School2.ru"
        ),  # fmt: skip
        "kuznetsov": person(
            "Кузнецов Пётр Ильич", tree.school_a, birth_date=dt.date(1980, 5, 1)
        ),  # fmt: skip
        "popova_a": person("Попова Елена Викторовна", tree.school_a),
        "popova_b": person("Попова Елена Викторовна", tree.school_b),
    }


def member_row(community="РМО учителей математики", name=None, **cells) -> dict:
    values = {"Сообщество": community, "ФИО": name}
    values.update(cells)
    return values


def four_members() -> bytes:
    return sheet(
        MEMBER_HEADER,
        member_row(name="Смирнова Анна Игоревна", **{"Роль": "участник",
                   "Дата вступления": "01.09.2025"}),
        member_row(**{"E-mail": "orlov@school2.ru", "Роль": "Эксперт"}),
        member_row(name="Попова Елена Викторовна", **{"Организация": "МБОУ СОШ № 2",
                   "Статус": "заявка"}),
        member_row(name="кузнецов петр ильич", **{"Роль": "секретарь",
                   "Дата рождения": dt.date(1980, 5, 1), "Статус": "Участник"}),
    )  # fmt: skip


def test_members_are_matched_in_the_registry_and_written(users, people):
    report = run(MembershipResource(), four_members(), users.municipal_editor)
    assert (report.new, report.rejected) == (4, 0), report.errors
    rmo = people["rmo"]
    rows = {m.person_id: m for m in Membership.objects.filter(community=rmo)}
    assert len(rows) == 4
    smirnova = rows[people["smirnova"].pk]
    assert (smirnova.role, smirnova.status) == (Role.MEMBER, Status.ACTIVE)
    assert smirnova.joined_on == dt.date(2025, 9, 1)
    assert smirnova.decided_by == users.municipal_editor and smirnova.decided_at
    orlov = rows[people["orlov"].pk]  # by e-mail, whatever its case
    assert (orlov.role, orlov.status) == (Role.EXPERT, Status.ACTIVE)
    assert orlov.joined_on == timezone.localdate()
    popova = rows[people["popova_b"].pk]  # the namesake of the named school
    assert (popova.status, popova.joined_on) == (Status.REQUESTED, None)
    kuznetsov = rows[people["kuznetsov"].pk]
    assert kuznetsov.role == Role.SECRETARY
    again = run(MembershipResource(), four_members(), users.municipal_editor)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4), again.errors
    left = sheet(
        MEMBER_HEADER,
        member_row(name="Смирнова Анна Игоревна", **{"Статус": "вышла"}),
    )
    preview = run(MembershipResource(), left, users.municipal_editor, dry_run=True)
    (change,) = preview.changes
    assert ("Статус", "Участник", "Вышел(а) из сообщества") in change.fields
    run(MembershipResource(), left, users.municipal_editor)
    smirnova.refresh_from_db()
    assert smirnova.status == Status.LEFT and smirnova.left_on == timezone.localdate()
    assert smirnova.joined_on == dt.date(2025, 9, 1)  # kept


def test_bad_member_rows_and_nothing_is_written(users, people):
    data = sheet(
        [*MEMBER_HEADER, "Дата выхода"],
        member_row(name="Смирнова Анна Игоревна"),
        member_row("Несуществующее МО", "Орлов Илья Сергеевич"),
        member_row("РМО района Б", "Орлов Илья Сергеевич"),
        member_row(name="Неизвестная Ольга Павловна"),
        member_row(name="Попова Елена Викторовна"),
        member_row(name="Кузнецов Пётр Ильич", **{"Роль": "ректор"}),
        member_row(name="Кузнецов Пётр Ильич", **{"Дата вступления": "31.02.2025"}),
        member_row(name="Орлов Илья Сергеевич", **{"Роль": "заместитель",
                   "Статус": "вышел"}),
        member_row(name="Попова Елена Викторовна", **{"Организация": "МБОУ СОШ № 1",
                   "Дата выхода": "01.02.2025"}),
        member_row(**{"E-mail": "orlov@school2.ru", "ФИО": "Смирнова Анна Игоревна"}),
        member_row(),
        member_row("рмо учителей математики", "СМИРНОВА анна игоревна"),
        member_row(name="Кузнецов Пётр Ильич"),
    )  # fmt: skip
    report = run(MembershipResource(), data, users.municipal_editor)
    assert not report.applied and report.rejected == 12
    assert errors(report) == {
        (2, "ФИО"), (3, "Сообщество"), (4, "Сообщество"), (5, "ФИО"), (6, "ФИО"),
        (7, "Роль"), (8, "Дата вступления"), (9, "Статус"), (10, "Дата выхода"),
        (11, "E-mail"), (12, "ФИО"), (13, "ФИО"),
    }  # fmt: skip
    text = messages(report)
    assert "Несуществующее МО" in text[3] and "не найдено" in text[3]
    assert "не относится к вашей территории" in text[4]
    assert "нет в реестре педагогов" in text[5]
    assert "несколько педагогов" in text[6] and "организацию" in text[6]
    assert "ректор" in text[7]
    assert text[9].startswith("Строка 9, столбец «Статус» (Орлов Илья Сергеевич")
    assert "строка 13" in text[2] and "строка 2" in text[13]
    assert not Membership.objects.exists()  # the good row waits for the others
    valid = run(MembershipResource(), data, users.municipal_editor, valid_only=True)
    assert valid.applied and valid.new == 1
    assert Membership.objects.get().person == people["kuznetsov"]


def test_a_user_outside_the_territory_loads_nothing(users, people):
    report = run(MembershipResource(), four_members(), users.organisation_editor)
    assert report.rejected == 4 and not report.applied
    assert all(e.column == "Сообщество" for e in report.errors)
    assert "не относится к вашей территории" in report.errors[0].message
    assert not Membership.objects.exists()
    neighbour = run(
        MembershipResource(),
        sheet(MEMBER_HEADER, member_row("РМО района Б", "Орлов Илья Сергеевич")),
        users.municipal_editor,
    )
    assert errors(neighbour) == {(2, "Сообщество")}


def test_a_head_from_the_file_is_named_on_the_page(users, people):
    rmo = people["rmo"]
    first = sheet(
        MEMBER_HEADER,
        member_row(name="Смирнова Анна Игоревна", **{"Роль": "руководитель"}),
        member_row(name="Кузнецов Пётр Ильич", **{"Роль": "заместитель"}),
    )
    report = run(MembershipResource(), first, users.municipal_editor)
    assert report.new == 2 and report.applied, report.errors
    rmo.refresh_from_db()
    assert rmo.head_id == people["smirnova"].pk
    assert [p.pk for p in rmo.deputies.all()] == [people["kuznetsov"].pk]
    assert rmo.live_revision_id == rmo.latest_revision_id
    assert not rmo.has_unpublished_changes
    # A new head replaces her; she stays a member (the page's leaders rule).
    second = sheet(
        MEMBER_HEADER,
        member_row(**{"E-mail": "orlov@school2.ru", "Роль": "Руководитель"}),
    )
    assert run(MembershipResource(), second, users.municipal_editor).applied
    rmo.refresh_from_db()
    assert rmo.head_id == people["orlov"].pk
    roles = dict(
        Membership.objects.filter(community=rmo).values_list("person_id", "role")
    )
    assert roles == {
        people["orlov"].pk: Role.HEAD,
        people["smirnova"].pk: Role.MEMBER,
        people["kuznetsov"].pk: Role.DEPUTY,
    }
    two_heads = sheet(
        MEMBER_HEADER,
        member_row(name="Смирнова Анна Игоревна", **{"Роль": "руководитель"}),
        member_row(name="Кузнецов Пётр Ильич", **{"Роль": "руководитель"}),
    )
    report = run(MembershipResource(), two_heads, users.municipal_editor)
    assert errors(report) == {(2, "Роль"), (3, "Роль")}
    assert "строки 2, 3" in report.errors[0].message


def test_queries_do_not_grow_with_the_rows(users, refs, registries, people):
    def queries(resource, data) -> int:
        with CaptureQueriesContext(connection) as captured:
            report = run(resource, data, users.municipal_editor)
        assert report.applied and not report.errors, report.errors
        return len(captured.captured_queries)

    def communities(*titles):
        return sheet(HEADER, *[row(t) for t in titles])

    queries(CommunityResource(), communities("Уже есть"))  # the registry not empty
    assert queries(CommunityResource(), communities("А1", "А2")) == queries(
        CommunityResource(), communities(*[f"Б{n}" for n in range(6)])
    )
    few = [person(f"Малова{n} Ада Ильинична", refs.school_a) for n in range(2)]
    many = [person(f"Новикова{n} Ада Ильинична", refs.school_a) for n in range(6)]

    def members(group):
        return sheet(MEMBER_HEADER, *[member_row(name=p.full_name) for p in group])

    assert queries(MembershipResource(), members(few)) == queries(
        MembershipResource(), members(many)
    )
