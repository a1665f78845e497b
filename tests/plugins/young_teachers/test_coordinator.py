"""«Молодые педагоги и поддержка»: the coordinator's list on a date — every young
teacher of the scope with their support from every source, those with none
highlighted, the filters, the one-click actions of other plugins and «Добавить
поддержку», the summary against the target with retention, the XLSX of units (the
dashboard's own export), bounded queries."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from plugins.young_teachers.models import YoungTeacherCard
from portal.core.young import years_before
from portal.dashboard.models import IndicatorTarget
from portal.extensions.hooks import PersonAction, SupportSource, pm
from portal.extensions.hookspecs import hookimpl
from tests.factories.core import OrganisationFactory

from .conftest import TODAY, support, veteran, young_teacher

pytestmark = pytest.mark.django_db

URL = "young_teachers_coordinator:index"


def page(client, **params):
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return response


def row_ids(response) -> set[int]:
    return {row.person.pk for row in response.context["rows"]}


def row_html(response, person) -> str:
    html = response.content.decode()
    start = html.index(f'id="young-{person.pk}"')
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.fixture
def people(tree):
    """School A: one young teacher supported, one without, a veteran with a record and
    a young teacher who left; school B: one young teacher without support."""
    covered = young_teacher(tree.school_a, last_name="Аксёнова")
    support(covered, code="associations", title="Клуб «Педагогический старт»")
    bare = young_teacher(tree.school_a, last_name="Бобров")
    support(veteran(tree.school_a, last_name="Ветеранова"))
    left = young_teacher(tree.school_a, last_name="Ушедшая")
    support(left)
    YoungTeacherCard.objects.create(
        person=left, left_on=datetime.date(2026, 10, 1), left_reason="region"
    )
    other = young_teacher(tree.school_b, last_name="Дальняя")
    return {"covered": covered, "bare": bare, "left": left, "other": other}


def test_the_list_shows_support_and_highlights_who_has_none(client, users, people):
    client.force_login(users.municipal_editor)
    response = page(client)
    assert row_ids(response) == {people["covered"].pk, people["bare"].pk}
    covered = row_html(response, people["covered"])
    assert "Объединения (ассоциации) молодых педагогов" in covered
    assert "Клуб «Педагогический старт»" in covered or "Клуб &laquo;" in covered
    assert "yt-none" not in covered
    bare = row_html(response, people["bare"])
    assert 'class="yt-none"' in bare and "Нет поддержки" in bare
    figures = response.context["figures"]
    assert (figures["young"], figures["covered"], figures["uncovered"]) == (2, 1, 1)
    assert figures["value"].value == Decimal("50.0")
    assert response.context["target"] == Decimal("70")
    assert response.context["met"] is False
    assert "цель — не менее 70 %" in response.content.decode()


def test_filters_without_support_form_organisation_and_date(
    client, users, tree, people
):
    client.force_login(users.regional_admin)
    assert row_ids(page(client)) == {
        people["covered"].pk, people["bare"].pk, people["other"].pk,
    }  # fmt: skip
    assert row_ids(page(client, without="on")) == {
        people["bare"].pk, people["other"].pk,
    }  # fmt: skip
    from plugins.young_teachers.models import SupportForm

    associations = SupportForm.objects.get(code="associations")
    assert row_ids(page(client, form=associations.pk)) == {people["covered"].pk}
    network = SupportForm.objects.get(code="network-support")
    assert row_ids(page(client, form=network.pk)) == set()
    assert row_ids(page(client, organisation=tree.school_b.pk)) == {people["other"].pk}
    assert row_ids(page(client, municipality=tree.mun_a.pk, without="on")) == {
        people["bare"].pk
    }
    # Before the records started (1 September) nobody was covered; the leaver counts.
    summer = page(client, on="2026-08-20", municipality=tree.mun_a.pk)
    assert row_ids(summer) == {
        people["covered"].pk, people["bare"].pk, people["left"].pk,
    }  # fmt: skip
    assert summer.context["figures"]["covered"] == 0


def test_a_bad_date_is_a_form_error_not_a_500(client, users, people):
    client.force_login(users.municipal_editor)
    response = page(client, on="31.02.2026")
    assert response.context["filters"].errors
    assert response.context["on"] == timezone.localdate()  # today, not TODAY


class StubPlugin:
    """Another plugin's contributions through the typed hooks, as mentoring and events
    give them: a support source and two actions."""

    @hookimpl
    def portal_support_sources(self):
        from plugins.young_teachers.models import YoungTeacherCard as Card

        return [
            SupportSource(
                code="stub.club",
                form="leisure",
                title="Клуб выходного дня (из другого раздела)",
                condition=lambda on: Exists(
                    Card.objects.filter(person=OuterRef("pk"), note="клуб")
                ),
            )
        ]

    @hookimpl
    def portal_person_actions(self, person, request):
        return [
            PersonAction("Подобрать наставника", f"/stub/pick/{person.pk}/", order=10),
            PersonAction(
                "Пригласить на мероприятие", f"/stub/invite/{person.pk}/", post=True
            ),
        ]


@pytest.fixture
def stub_plugin():
    plugin = StubPlugin()
    pm.register(plugin, name="stub-young-teachers")
    yield plugin
    pm.unregister(plugin)


def test_other_plugins_support_and_actions_are_shown(
    client, users, people, stub_plugin
):
    YoungTeacherCard.objects.create(person=people["bare"], note="клуб")
    client.force_login(users.municipal_editor)
    response = page(client)
    bare = row_html(response, people["bare"])
    assert "Клуб выходного дня (из другого раздела)" in bare
    assert "Интеллектуальный досуг и неформальное общение" in bare
    assert "yt-none" not in bare
    assert response.context["figures"]["covered"] == 2
    assert f'href="/stub/pick/{people["bare"].pk}/"' in bare
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', bare, re.S)
    assert form and form.group(1) == f"/stub/invite/{people['bare'].pk}/"
    assert "csrfmiddlewaretoken" in form.group(2)
    assert "Пригласить на мероприятие" in form.group(2)
    # Its own action comes last and opens the record form with the person chosen.
    add = re.findall(r'href="([^"]+)"[^>]*>Добавить поддержку', bare)
    assert add and add[0].endswith(f"?person={people['bare'].pk}")
    form_page = client.get(add[0].replace("&amp;", "&"))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial.get("person") == people["bare"].pk
    # The leisure form filter finds the stub's support too.
    from plugins.young_teachers.models import SupportForm

    leisure = SupportForm.objects.get(code="leisure")
    assert row_ids(page(client, form=leisure.pk)) == {people["bare"].pk}


def test_add_support_is_not_prefilled_with_a_stranger(client, users, people):
    client.force_login(users.municipal_editor)
    add = reverse("wagtailsnippets_young_teachers_supportrecord:add")
    response = client.get(f"{add}?person={people['other'].pk}")
    assert response.status_code == 200
    assert "person" not in response.context["form"].initial


def test_summary_shows_the_territorys_target_and_retention(client, users, tree):
    IndicatorTarget.objects.create(
        indicator="young_teachers.covered", territory=tree.mun_a, year=2026, value=50
    )
    this_year = TODAY - datetime.timedelta(days=100)
    covered = young_teacher(tree.school_a, career_start_date=this_year)
    support(covered)
    young_teacher(tree.school_a, career_start_date=this_year)
    # Retention cohorts: first-year young teachers 1, 2 and 3 years ago.
    for years, left in ((1, False), (1, True), (2, False), (3, True)):
        start = years_before(TODAY, years) - datetime.timedelta(days=30)
        person = young_teacher(
            tree.school_a,
            birth_date=years_before(TODAY, 25 + years),
            career_start_date=start,
        )
        support(person)
        if left:
            YoungTeacherCard.objects.create(
                person=person, left_on=TODAY - datetime.timedelta(days=5),
                left_reason="profession",
            )  # fmt: skip
    client.force_login(users.municipal_editor)
    response = page(client)
    assert response.context["target"] == Decimal("50")
    figures = response.context["figures"]
    # Young now: the two of this year and the stayers of 1 and 2 years ago (the
    # 3-year cohort has outgrown the rule, the leavers are out).
    assert (figures["young"], figures["covered"]) == (4, 3)
    assert response.context["met"] is True
    retention = {
        r.years: (r.started, r.stayed, r.share)
        for r in response.context["figures"]["retention"]
    }
    assert retention == {
        1: (2, 1, Decimal("50.0")),
        2: (1, 1, Decimal("100.0")),
        3: (1, 0, Decimal("0.0")),
    }
    html = response.content.decode()
    assert 'id="yt-retention-2"' in html and "1 из 1" in html


def test_teachers_and_the_public_have_no_list(client, users, people):
    assert client.get(reverse(URL)).status_code == 302
    client.force_login(users.teacher)
    assert client.get(reverse(URL)).status_code in (302, 403)


def test_xlsx_is_the_dashboards_table_of_units(client, users, tree, people):
    client.force_login(users.municipal_editor)
    response = client.get(reverse(URL), {"format": "xlsx"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(
        reverse("dashboard:unit_export", args=["municipality", tree.mun_a.pk])
    )
    assert "indicator=young_teachers.covered" in location
    # The dashboard's default period: the academic year up to today's date
    # (the real clock's, not the fixtures' fixed TODAY).
    assert f"period=2026-09-01_{timezone.localdate().isoformat()}" in location
    sheet = load_workbook(io.BytesIO(client.get(location).content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == (
        "Показатель: Доля молодых педагогов, охваченных формами поддержки"
    )
    rows = {row[1]: row for row in cells[8:]}
    # Value, covered, young teachers, target, met.
    assert list(rows["МБОУ СОШ № 1"][2:7]) == [50.0, 1, 2, 70, "нет"]
    # The region's coordinator gets the table of municipalities.
    client.force_login(users.regional_admin)
    location = client.get(reverse(URL), {"format": "xlsx"})["Location"]
    assert location.startswith(
        reverse("dashboard:unit_export", args=["region", tree.region.pk])
    )
    cells = [
        list(r)
        for r in load_workbook(
            io.BytesIO(client.get(location).content)
        ).active.iter_rows(values_only=True)
    ]
    rows = {row[1]: row for row in cells[8:]}
    assert list(rows["Район А"][2:5]) == [50.0, 1, 2]
    assert list(rows["Район Б"][2:5]) == [0.0, 0, 1]


@pytest.mark.parametrize("size", [3, 15])
def test_the_list_costs_a_bounded_number_of_queries(
    size, client, users, tree, django_assert_max_num_queries
):
    for n in range(size):
        school = OrganisationFactory(municipality=tree.mun_a)
        person = young_teacher(school)
        if n % 2:
            support(person)
            support(person, code="contests")
        young_teacher(school)
        YoungTeacherCard.objects.create(person=veteran(school))
    client.force_login(users.municipal_editor)
    client.get(reverse(URL))  # warm the session and the caches
    with django_assert_max_num_queries(25):
        response = client.get(reverse(URL), {"p": 1})
    assert response.status_code == 200
    assert response.context["total"] == 2 * size
