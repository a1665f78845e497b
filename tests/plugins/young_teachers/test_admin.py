"""«Молодые педагоги» in the admin: the menu with the coordinator's list first, support
records entered by hand (only people of the editor's territory, dates checked in
Russian, nothing written on an error), the young teacher's card, the support forms
(a used form is not deleted), bounded listings."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from plugins.young_teachers.models import SupportForm, SupportRecord, YoungTeacherCard
from tests.factories.core import OrganisationFactory

from .conftest import support, support_form, young_teacher

pytestmark = pytest.mark.django_db

RECORDS = "wagtailsnippets_young_teachers_supportrecord"
CARDS = "wagtailsnippets_young_teachers_youngteachercard"
FORMS = "wagtailsnippets_young_teachers_supportform"


def menu(client) -> list[str]:
    """Labels of the «Молодые педагоги» submenu in the admin's sidebar, in order."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = html.split('id="wagtail-sidebar-props" type="application/json">')[1]
    data = json.loads(props.split("</script>")[0])

    def find(node):
        if isinstance(node, dict):
            args = node.get("_args") or []
            if node.get("_type") == "wagtail.sidebar.SubMenuItem":
                if args and args[0].get("name") == "young-teachers":
                    return [child["_args"][0]["label"] for child in args[1]]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                if (found := find(child)) is not None:
                    return found
        return None

    return find(data) or []


def texts(response):
    return [str(m.message) for m in get_messages(response.wsgi_request)]


def test_menu_has_the_coordinators_list_first(client, users):
    client.force_login(users.municipal_editor)
    labels = menu(client)
    assert labels[:3] == [
        "Молодые педагоги и поддержка",
        "Поддержка",
        "Карточки молодых педагогов",
    ]


def record_data(person, form, **fields):
    data = {
        "person": person.pk,
        "form": form.pk,
        "title": "Школа молодого педагога",
        "start_date": "2026-09-01",
        "end_date": "",
        "organiser": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_a_record_is_added_for_a_person_of_the_territory(client, users, tree):
    person = young_teacher(tree.school_a)
    form = support_form("expert-support")
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(f"{RECORDS}:add"),
        record_data(person, form, organiser=tree.regional_org.pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    record = SupportRecord.objects.get()
    assert (record.person, record.form, record.organiser) == (
        person, form, tree.regional_org,
    )  # fmt: skip
    assert record.source == SupportRecord.Source.MANUAL
    assert record.created_by == users.municipal_editor
    assert record.start_date == datetime.date(2026, 9, 1)


def test_end_before_start_is_a_russian_error_and_nothing_is_written(
    client, users, tree
):
    person = young_teacher(tree.school_a)
    client.force_login(users.organisation_editor)
    response = client.post(
        reverse(f"{RECORDS}:add"),
        record_data(person, support_form(), end_date="2026-08-01"),
    )
    assert response.status_code == 200
    assert "Окончание раньше начала." in response.context["form"].errors["end_date"]
    assert not SupportRecord.objects.exists()


def test_only_people_of_the_territory_are_offered(client, users, tree):
    mine = young_teacher(tree.school_a)
    stranger = young_teacher(tree.school_b)
    client.force_login(users.municipal_editor)
    response = client.get(reverse(f"{RECORDS}:add"))
    people = response.context["form"].fields["person"].queryset
    assert mine in people and stranger not in people
    response = client.post(
        reverse(f"{RECORDS}:add"), record_data(stranger, support_form())
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not SupportRecord.objects.exists()


def test_the_card_checks_leaving(client, users, tree):
    person = young_teacher(tree.school_a)
    client.force_login(users.municipal_editor)
    data = {
        "person": person.pk,
        "joined_school_on": "2026-09-01",
        "left_on": "2026-08-01",
        "left_reason": "",
        "note": "",
    }
    response = client.post(reverse(f"{CARDS}:add"), data)
    assert (
        "Дата выбытия раньше даты приёма." in response.context["form"].errors["left_on"]
    )
    data.update(left_on="2026-10-01")
    response = client.post(reverse(f"{CARDS}:add"), data)
    assert "Укажите причину выбытия." in response.context["form"].errors["left_reason"]
    assert not YoungTeacherCard.objects.exists()
    data.update(left_reason="region")
    assert client.post(reverse(f"{CARDS}:add"), data).status_code == 302
    assert YoungTeacherCard.objects.get().left_on == datetime.date(2026, 10, 1)


def test_a_used_form_is_not_deleted(client, users, tree):
    record = support(young_teacher(tree.school_a), code="leisure")
    client.force_login(users.superuser)
    response = client.post(reverse(f"{FORMS}:delete", args=[record.form.pk]))
    assert response.status_code in (302, 403)
    assert SupportForm.objects.filter(pk=record.form.pk).exists()
    # Records written in bulk (imports) are not in Wagtail's reference index: the
    # database refuses, and the editor reads why instead of a server error.
    SupportRecord.objects.create(person=record.person, form=support_form("contests"))
    from wagtail.models import ReferenceIndex

    ReferenceIndex.objects.all().delete()
    contests = SupportForm.objects.get(code="contests")
    response = client.post(reverse(f"{FORMS}:delete", args=[contests.pk]))
    assert response.status_code == 302
    assert SupportForm.objects.filter(pk=contests.pk).exists()
    assert any("нельзя удалить" in t for t in texts(response))


@pytest.mark.parametrize("size", [3, 15])
def test_the_records_listing_is_bounded(
    size, client, users, tree, django_assert_max_num_queries
):
    for n in range(size):
        school = OrganisationFactory(municipality=tree.mun_a)
        support(young_teacher(school), code="contests" if n % 2 else "leisure")
        YoungTeacherCard.objects.create(person=young_teacher(school))
    client.force_login(users.municipal_editor)
    for name in (RECORDS, CARDS):
        client.get(reverse(f"{name}:list"))
        with django_assert_max_num_queries(30):
            response = client.get(reverse(f"{name}:list"))
        assert response.status_code == 200
