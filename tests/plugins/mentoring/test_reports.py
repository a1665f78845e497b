"""Mentoring reports of a school, a municipality and the region: the four tables,
the XLSX the offices send upward, who may see which unit, bounded queries."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from plugins.mentoring.models import Mentor, MentorStatus, PairStatus
from plugins.mentoring.pairing import close_pair
from plugins.mentoring.report_views import ReportViewSet
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 1)
START = dt.date(2025, 9, 1)


def report_url(level, pk, **params):
    url = reverse("mentoring_reports:unit", args=[level, pk])
    return url + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


def named(person, last_name):
    person.last_name, person.first_name, person.middle_name = last_name, "Анна", ""
    person.save()
    return person


@pytest.fixture
def data(tree):
    """District A: school A and a lyceum; district B: school B; the region's ЦНППМ.

    School A on 1 March 2026: a live pair, a pair completed on 1 February, a group of
    an overloaded mentor, a pair terminated in January, a pair of last school year;
    young teachers with and without a mentor.
    """
    lyceum = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    specialist = mentoring_form("young-specialist")
    group = mentoring_form("group", kind="group")
    m1 = make_mentor(tree.school_a, capacity=2)
    named(m1.person, "Первая")
    make_pair(
        m1, young_teacher(tree.school_a, on=DAY), form=specialist, start_date=START
    )
    done = make_pair(
        m1, named(young_teacher(tree.school_a, on=DAY), "Завершившая"),
        form=specialist, start_date=dt.date(2025, 10, 1),
    )  # fmt: skip
    close_pair(done, PairStatus.COMPLETED, on=dt.date(2026, 2, 1),
               outcome="Провела открытый урок")  # fmt: skip
    m2 = make_mentor(tree.school_a, capacity=2)
    named(m2.person, "Перегруженная")
    make_pair(
        m2, young_teacher(tree.school_a, on=DAY),
        young_teacher(tree.school_a, on=dt.date(2010, 1, 1)),
        form=group, start_date=dt.date(2025, 9, 15),
    )  # fmt: skip
    Mentor.objects.filter(pk=m2.pk).update(capacity=1)
    m3 = make_mentor(tree.school_a)
    named(m3.person, "Третья")
    stopped = make_pair(m3, young_teacher(tree.school_a, on=DAY), form=specialist,
                        start_date=START)  # fmt: skip
    close_pair(stopped, PairStatus.TERMINATED, on=dt.date(2026, 1, 20),
               reason="Переезд наставляемой")  # fmt: skip
    old = make_pair(
        make_mentor(tree.school_a),
        named(young_teacher(tree.school_a, on=DAY), "Прошлогодняя"),
        form=specialist, start_date=dt.date(2024, 9, 1),
    )  # fmt: skip
    close_pair(old, PairStatus.COMPLETED, on=dt.date(2025, 5, 30),
               outcome="Прошлый результат")  # fmt: skip
    young_teacher(tree.school_a, on=DAY)
    young_teacher(lyceum, on=DAY)
    make_mentor(tree.school_a, status=MentorStatus.LEFT)
    mb = make_mentor(tree.school_b)
    named(mb.person, "Чужая")
    make_pair(
        mb, young_teacher(tree.school_b, on=DAY), form=specialist, start_date=START
    )
    young_teacher(tree.school_b, on=DAY)
    return lyceum


def get_report(client, user, level, pk, **params):
    client.force_login(user)
    response = client.get(report_url(level, pk, **params))
    assert response.status_code == 200, response.status_code
    return response.context["report"]


def form_counts(report):
    codes = [code for code, _label in report.statuses]
    return {
        row.label: {c: n for c, n in zip(codes, row.counts, strict=True) if n}
        for row in report.forms
        if row.total
    }


def test_region_report(client, users, tree, data):
    report = get_report(client, users.superuser, "region", tree.region.pk,
                        date=DAY.isoformat())  # fmt: skip
    # (a) pairs that ran from 1 September to the day, by form and status.
    assert form_counts(report) == {
        "Наставник — молодой специалист": {
            "active": 2,
            "completed": 1,
            "terminated": 1,
        },
        "Групповое наставничество": {"active": 1},
    }
    assert report.form_totals.total == 5
    # (b) young teachers on the day, per municipality and regional organisation.
    coverage = {r.label: (r.young, r.with_mentor, r.share) for r in report.coverage}
    assert coverage == {
        "Район А": (7, 2, Decimal("28.6")),
        "Район Б": (2, 1, Decimal("50.0")),
        "ЦНППМ": (0, 0, None),
    }
    total = report.coverage_total
    assert (total.young, total.with_mentor, total.share) == (9, 3, Decimal("33.3"))
    # (c) load on the day; the overloaded mentor is flagged; the one who left is not listed.
    load = {r.name.split()[0]: (r.capacity, r.load, r.free, r.overloaded)
            for r in report.mentors}  # fmt: skip
    assert load["Первая"] == (2, 1, 1, False)
    assert load["Перегруженная"] == (1, 2, 0, True)
    assert load["Третья"] == (2, 0, 2, False)
    assert load["Чужая"] == (2, 1, 1, False)
    assert len(report.mentors) == 5
    assert report.overloaded == 1
    # (d) completed or terminated within the period, with outcomes.
    assert [p.actual_end_date for p in report.completed] == [
        dt.date(2026, 1, 20), dt.date(2026, 2, 1)
    ]  # fmt: skip


def test_the_page_shows_the_tables_and_links_down(client, users, tree, data):
    client.force_login(users.regional_admin)
    response = client.get(report_url("region", tree.region.pk, date=DAY.isoformat()))
    text = response.text
    assert "Отчёт по наставничеству" in text
    assert "Пары и группы по формам и статусам" in text
    assert report_url("municipality", tree.mun_a.pk, date=DAY.isoformat()) in text
    assert "28.6" in text or "28,6" in text
    assert "Перегруженная Анна" in text and "Перегружен 1 наставник." in text
    assert "Прекращена досрочно: Переезд наставляемой" in text
    assert "Провела открытый урок" in text and "Прошлый результат" not in text
    export = report_url("region", tree.region.pk, date=DAY.isoformat(), format="xlsx")
    assert export.replace("&", "&amp;") in text
    # District A drills down to its schools.
    response = client.get(
        report_url("municipality", tree.mun_a.pk, date=DAY.isoformat())
    )
    rows = {
        r.label: (r.young, r.with_mentor) for r in response.context["report"].coverage
    }
    assert rows == {"МБОУ Лицей № 3": (1, 0), "МБОУ СОШ № 1": (6, 2)}
    assert (
        report_url("organisation", tree.school_a.pk, date=DAY.isoformat())
        in response.text
    )
    assert "Чужая" not in response.text


def test_a_school_year(client, users, tree, data):
    report = get_report(client, users.organisation_editor, "organisation",
                        tree.school_a.pk, year=2024)  # fmt: skip
    assert [p.outcome for p in report.completed] == ["Прошлый результат"]
    assert form_counts(report) == {"Наставник — молодой специалист": {"completed": 1}}
    assert "2024/2025" in report.period.label
    response = client.get(
        report_url("organisation", tree.school_a.pk, year=2024, format="xlsx")
    )
    assert unquote(response["Content-Disposition"]).endswith(
        "Отчёт по наставничеству — МБОУ СОШ № 1 — 2024-2025.xlsx"
    )
    assert report.period.on == dt.date(2025, 8, 31)
    # The school's own row, no unit below it.
    assert [r.label for r in report.coverage] == ["МБОУ СОШ № 1"]


def test_xlsx_has_one_sheet_per_table(client, users, tree, data):
    client.force_login(users.municipal_editor)
    response = client.get(
        report_url("municipality", tree.mun_a.pk, date=DAY.isoformat(), format="xlsx")
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = unquote(response["Content-Disposition"])
    assert "Отчёт по наставничеству — Район А — 2026-03-01.xlsx" in disposition
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Пары по формам и статусам", "Молодые педагоги", "Загрузка наставников",
        "Завершённые пары",
    ]  # fmt: skip
    rows = {
        name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames
    }
    coverage = rows["Молодые педагоги"]
    assert coverage[0][0] == "Отчёт по наставничеству: Молодые педагоги"
    assert coverage[1][0] == "Территория: Район А"
    assert coverage[6][:5] == (
        "№ п/п", "Территория / организация", "Молодых педагогов", "Имеют наставника",
        "Доля, %",
    )  # fmt: skip
    assert coverage[7][:5] == (1, "МБОУ Лицей № 3", 1, 0, 0.0)
    assert coverage[8][:5] == (2, "МБОУ СОШ № 1", 6, 2, 33.3)
    assert coverage[9][:5] == (None, "Итого: Район А", 7, 2, 28.6)
    forms = rows["Пары по формам и статусам"]
    header = forms[6]
    assert header[:2] == ("№ п/п", "Форма наставничества") and header[-1] == "Всего"
    assert "Действует" in header and "Прекращена досрочно" in header
    assert forms[-1][1] == "Итого" and forms[-1][-1] == 4
    load = {r[1]: r for r in rows["Загрузка наставников"][7:]}
    assert load["Перегруженная Анна"][3:7] == (1, 2, 0, "да")
    completed = rows["Завершённые пары"][7:]
    assert [r[8] for r in completed] == [
        "Прекращена досрочно: Переезд наставляемой", "Провела открытый урок",
    ]  # fmt: skip
    assert completed[1][6] == dt.datetime(2026, 2, 1)


def test_bad_input_gives_a_russian_error(client, users, tree, data):
    client.force_login(users.municipal_editor)
    response = client.get(report_url("municipality", tree.mun_a.pk, date="31.02.2026"))
    assert response.status_code == 200
    assert "Введите дату" in response.text and response.context["report"] is None
    response = client.get(report_url("municipality", tree.mun_a.pk, date="1999-01-01"))
    assert "между 2000 годом" in response.text
    response = client.get(
        report_url("municipality", tree.mun_a.pk, date=DAY.isoformat(), year=2025)
    )
    assert "либо дату, либо учебный год" in response.text
    response = client.get(report_url("municipality", tree.mun_a.pk, year="1812"))
    assert "Выберите учебный год" in response.text
    response = client.get(
        report_url("municipality", tree.mun_a.pk, date="junk", format="xlsx")
    )
    assert response.status_code == 400 and "Введите дату" in response.content.decode()
    response = client.get(report_url("municipality", tree.mun_a.pk, format="pdf"))
    assert response.status_code == 404


def test_who_sees_which_unit(client, users, tree, data):
    lyceum = data
    matrix = {
        users.superuser: {"region": 200, "mun_a": 200, "mun_b": 200, "school_a": 200},
        users.regional_admin: {"region": 200, "mun_a": 200, "mun_b": 200,
                               "school_a": 200},
        users.municipal_editor: {"region": 404, "mun_a": 200, "mun_b": 404,
                                 "school_a": 200, "school_b": 404},
        users.organisation_editor: {"region": 404, "mun_a": 404, "school_a": 200,
                                    "lyceum": 404},
    }  # fmt: skip
    targets = {
        "region": ("region", tree.region.pk),
        "mun_a": ("municipality", tree.mun_a.pk),
        "mun_b": ("municipality", tree.mun_b.pk),
        "school_a": ("organisation", tree.school_a.pk),
        "school_b": ("organisation", tree.school_b.pk),
        "lyceum": ("organisation", lyceum.pk),
    }
    for user, cells in matrix.items():
        client.force_login(user)
        for target, status in cells.items():
            response = client.get(report_url(*targets[target]))
            assert response.status_code == status, (user, target)
            export = client.get(report_url(*targets[target], format="xlsx"))
            assert export.status_code == status, (user, target, "xlsx")
    client.force_login(users.superuser)
    assert client.get(report_url("region", tree.mun_a.pk)).status_code == 404
    assert client.get(report_url("planet", 1)).status_code == 404
    assert client.get(report_url("organisation", 999999)).status_code == 404
    # A teacher has no admin; an admin user without a territory is refused.
    client.force_login(users.teacher)
    assert client.get(report_url("organisation", tree.school_a.pk)).status_code == 302
    plain = UserFactory()
    plain.save()
    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(plain)
    for url in (report_url("organisation", tree.school_a.pk),
                reverse("mentoring_reports:index")):  # fmt: skip
        response = client.get(url)  # Wagtail turns PermissionDenied into a redirect
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_start_page_opens_the_viewers_unit(client, users, tree, data):
    index = reverse("mentoring_reports:index")
    client.force_login(users.municipal_editor)
    response = client.get(index)
    assert response.status_code == 302
    assert response["Location"] == report_url("municipality", tree.mun_a.pk)
    client.force_login(users.organisation_editor)
    assert client.get(index)["Location"] == report_url("organisation", tree.school_a.pk)
    RegionFactory(name="Другая область")
    client.force_login(users.superuser)
    response = client.get(index)
    assert response.status_code == 200
    assert "Тестовая область" in response.text and "Другая область" in response.text


def test_the_menu_item_is_for_editors(rf, users):
    item = ReportViewSet().get_menu_item()
    assert str(item.label) == "Отчёты по наставничеству"
    assert item.url == reverse("mentoring_reports:index")
    for user, shown in ((users.municipal_editor, True), (users.superuser, True),
                        (users.organisation_editor, True), (users.teacher, False)):  # fmt: skip
        request = rf.get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown, user


def build_region(size: int):
    """A region of ``size`` municipalities, each with two schools full of pairs."""
    region = RegionFactory()
    for _ in range(size):
        municipality = MunicipalityFactory(parent=region)
        for _ in range(2):
            school = OrganisationFactory(municipality=municipality)
            mentor = make_mentor(school, capacity=3)
            make_pair(mentor, young_teacher(school, on=DAY),
                      young_teacher(school, on=DAY), start_date=START)  # fmt: skip
            done = make_pair(make_mentor(school), young_teacher(school, on=DAY),
                             start_date=START)  # fmt: skip
            close_pair(done, PairStatus.COMPLETED, on=dt.date(2026, 1, 10),
                       outcome="Итог")  # fmt: skip
            young_teacher(school, on=DAY)
    OrganisationFactory(region=region, municipality=None, kind="cnppm")
    return region


def test_queries_do_not_grow_with_the_data(client, users):
    small, large = build_region(1), build_region(6)
    client.force_login(users.superuser)
    counts = []
    for region in (small, large, small, large):
        for params in ({"date": DAY.isoformat()}, {"date": DAY.isoformat(),
                                                   "format": "xlsx"}):  # fmt: skip
            with CaptureQueriesContext(connection) as context:
                response = client.get(report_url("region", region.pk, **params))
            assert response.status_code == 200
            counts.append(len(context.captured_queries))
    # Same page, same export: the same number of queries for 1 and 6 districts
    # (15 and 12 today: session, user, roles, units, one per table, menu…).
    assert counts[0:2] == counts[2:4] == counts[4:6] == counts[6:8]
    assert max(counts) <= 20


@pytest.mark.parametrize("size", [1, 6])
def test_bounded_queries(size, client, users, django_assert_max_num_queries):
    region = build_region(size)
    client.force_login(users.superuser)
    client.get(report_url("region", region.pk))  # warm caches
    with django_assert_max_num_queries(20):
        response = client.get(report_url("region", region.pk, date=DAY.isoformat()))
    report = response.context["report"]
    assert report.coverage_total.young == 4 * 2 * size
    assert len(report.completed) == 2 * size
