"""Who sees which diagnostics, routes, steps, completed courses and programmes, cell by
cell: roles × records of the own and of another territory × actions — the policy's
answer, the admin listing, inspect, edit and delete pages (404 outside the scope),
the CSV export; ``plugins.iom.access`` for owner, team, tutor, coordinator and
strangers; and nothing personal in open data or the search index."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from wagtail.search.index import get_indexed_models

from plugins.iom import access
from plugins.iom.models import (
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
    Route,
    RouteStep,
)
from portal.core.models import CompetenceArea
from portal.dashboard.periods import Period
from portal.permissions import policy
from search.models import EmbeddedDocument
from search.outbox import apply_all_pending
from search.query import SearchQuery
from search.registry import spec_for_model
from search.service import search
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
    editor,
)

from .conftest import diagnostic, programme, route

pytestmark = pytest.mark.django_db

ROLES = [
    "superuser",
    "regional_admin",
    "foreign_admin",
    "municipal_editor",
    "organisation_editor",
    "teacher",
    "anonymous",
]
EDITORS = {
    "superuser",
    "regional_admin",
    "foreign_admin",
    "municipal_editor",
    "organisation_editor",
}
KINDS = ("diagnostic", "route", "step", "completion", "programme")
# "_a" records lie in school A (district A: the municipal and the school editor's
# own); "_b" in school B of district B (only the region and superusers); the
# federal programme (no region) is the portal administrator's. The regional
# administrator of another region sees none of them.
ALLOWED = {
    **{f"{kind}_a": EDITORS - {"foreign_admin"} for kind in KINDS},
    **{f"{kind}_b": {"regional_admin", "superuser"} for kind in KINDS},
    "programme_federal": {"superuser"},
}
#: The text of a record that its export shows.
MARKS = {
    "diagnostic": lambda obj: obj.title,
    "route": lambda obj: obj.title,
    "step": lambda obj: obj.title,
    "completion": lambda obj: obj.programme_title,
    "programme": lambda obj: obj.title,
}


@pytest.fixture
def foreign_admin(db):
    region = RegionFactory(name="Другая область")
    MunicipalityFactory(parent=region)
    return editor("regional_admin", territory=region, username="foreign_admin")


@pytest.fixture
def records(tree):
    found = {}
    for side, school in (("a", tree.school_a), ("b", tree.school_b)):
        person = PersonFactory(organisation=school, last_name=f"Маршрутова{side}")
        found[f"diagnostic_{side}"] = diag = diagnostic(
            person, title=f"Диагностика-{side}"
        )
        DiagnosticScore.objects.create(
            diagnostic=diag, area=CompetenceArea.objects.first(), score=40
        )
        found[f"route_{side}"] = own = route(
            person, {"title": f"Шаг-{side}"}, title=f"Маршрут-{side}", diagnostic=diag
        )
        found[f"step_{side}"] = own.steps.get()
        found[f"completion_{side}"] = CourseCompletion.objects.create(
            person=person, programme_title=f"Курс-{side}", completed_on=diag.date
        )
        found[f"programme_{side}"] = programme(
            title=f"Программа-{side}", provider=school, region=tree.region
        )
    found["programme_federal"] = programme(title="Программа-федеральная")
    return found


def user_for(users, foreign_admin, role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "foreign_admin":
        return foreign_admin
    return getattr(users, role)


def admin_url(obj, action):
    meta = obj._meta
    name = f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}"
    return reverse(name, args=[obj.pk]) if action != "list" else reverse(name)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(ALLOWED))
def test_matrix_cell(client, users, foreign_admin, records, role, key):
    user = user_for(users, foreign_admin, role)
    obj = records[key]
    allowed = role in ALLOWED[key]
    model = type(obj)

    for action in (policy.VIEW, policy.CHANGE, policy.DELETE):
        assert policy.can(user, action, obj) is allowed, f"can({role}, {action}, {key})"
    scoped = policy.scope_queryset(user, model.objects.all(), policy.VIEW)
    assert scoped.filter(pk=obj.pk).exists() is allowed, f"scope of {role}: {key}"

    if role != "anonymous":
        client.force_login(user)
    listing = client.get(admin_url(obj, "list"))
    if role in EDITORS:
        assert listing.status_code == 200, f"{role} listing of {key}"
        marker = f'id="snippet_{obj.pk}_title"'
        assert (marker in listing.content.decode()) is allowed, f"{role} lists {key}"
        export = client.get(admin_url(obj, "list") + "?export=csv")
        assert export.status_code == 200
        mark = MARKS[key.split("_")[0]](obj)
        assert (mark in body(export)) is allowed, f"{role} export of {key}"
    else:
        assert listing.status_code in (302, 403), f"{role} opened the {key} listing"

    for action in ("inspect", "edit", "delete"):
        response = client.get(admin_url(obj, action))
        if allowed:
            assert response.status_code == 200, f"{role} should {action} {key}"
        else:
            expected = (404,) if role in EDITORS else (302, 403)
            assert response.status_code in expected, f"{role} {action} {key}"
    if not allowed:
        client.post(admin_url(obj, "delete"))
        assert model.objects.filter(pk=obj.pk).exists(), f"{role} deleted {key}"


def test_editing_another_districts_route_by_post_changes_nothing(
    client, users, records
):
    other = records["route_b"]
    client.force_login(users.municipal_editor)
    response = client.post(
        admin_url(other, "edit"), {"owner": other.owner_id, "status": "completed"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Route.Status.DRAFT


# --- Who sees a route and a diagnostic on the site (plugins.iom.access) -------------


def person_user(organisation, username):
    user = UserFactory(username=username)
    user.save()
    person = PersonFactory(organisation=organisation, user=user)
    return person, user


@pytest.fixture
def cast(tree, users):
    """A route of teacher A with a team member and a tutor, and strangers."""
    owner, owner_user = tree.person_a, users.teacher
    member, member_user = person_user(tree.school_a, "member")
    tutor, tutor_user = person_user(tree.regional_org, "tutor")
    colleague, colleague_user = person_user(tree.school_a, "colleague")
    diag = diagnostic(owner)
    own = route(owner, diagnostic=diag, tutor=tutor)
    own.team.add(member)
    return {
        "route": own,
        "diagnostic": diag,
        "owner": owner_user,
        "team": member_user,
        "tutor": tutor_user,
        "coordinator": users.municipal_editor,
        "school": users.organisation_editor,
        "colleague": colleague_user,
        "colleague_diagnostic": diagnostic(colleague),
    }


ROUTE_ROLES = {
    "owner": ("owner", True, False),
    "team": ("team", True, False),
    "tutor": ("tutor", True, True),
    "coordinator": ("coordinator", True, True),
    "school": ("coordinator", True, True),
}


@pytest.mark.parametrize("who", [*ROUTE_ROLES, "colleague", "other_district", "anon"])
def test_route_access(cast, users, tree, who):
    own = cast["route"]
    if who == "other_district":
        user = editor("municipal_editor", territory=tree.mun_b)
    elif who == "anon":
        user = AnonymousUser()
    else:
        user = cast[who]
    role, edit, agree = ROUTE_ROLES.get(who, (None, False, False))
    assert access.route_role(user, own) == role
    assert access.can_edit_route(user, own) is edit
    assert access.can_agree_route(user, own) is agree
    if role is None:
        with pytest.raises(Http404):
            access.route_for(user, own.pk)
    else:
        assert access.route_for(user, own.pk) == (own, role)
    with pytest.raises(Http404):
        access.route_for(user, 999999)
    # The diagnostic behind the route is the owner's own: not the team's.
    sees = who in ("owner", "tutor", "coordinator", "school")
    assert access.can_see_diagnostic(user, cast["diagnostic"]) is sees
    # A colleague's diagnostic: only the coordinators of the school see it.
    assert access.can_see_diagnostic(user, cast["colleague_diagnostic"]) is (
        who in ("coordinator", "school") or who == "colleague"
    )


def test_a_tutor_sees_the_diagnostics_of_the_people_they_tutor_only(cast):
    tutor = cast["tutor"]
    assert access.can_see_diagnostic(tutor, cast["diagnostic"])
    assert not access.can_see_diagnostic(tutor, cast["colleague_diagnostic"])
    assert access.person_of(AnonymousUser()) is None


# --- Nothing personal in open data or in search ---------------------------------------

PERSONAL = (Diagnostic, DiagnosticScore, Route, RouteStep, CourseCompletion)


def personal_texts(records) -> list[str]:
    texts = []
    for key, obj in records.items():
        if key.startswith(("diagnostic", "route", "step", "completion")):
            texts.append(MARKS[key.split("_")[0]](obj))
    texts += [r.owner.last_name for r in Route.objects.select_related("owner")]
    return texts


def test_open_data_has_region_aggregates_and_nothing_personal(client, tree, records):
    period = Period.school_year(2025).key
    page = client.get("/opendata/", {"period": period})
    assert page.status_code == 200
    downloads = client.get("/opendata/indicators.csv", {"period": period})
    assert downloads.status_code == 200
    text = downloads.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    iom = [r for r in rows if r[0].startswith("iom.")]
    assert {r[0] for r in iom} == {
        "iom.diagnosed",
        "iom.with_route",
        "iom.federal_programmes",
        "iom.teachers_per_tutor",
    }
    assert {r[3] for r in iom} == {tree.region.name}
    xlsx = client.get("/opendata/indicators.xlsx", {"period": period})
    assert xlsx.status_code == 200
    for content in (page.content.decode(), text):
        assert tree.mun_a.name not in content and tree.school_a.name not in content
        for mark in personal_texts(records):
            assert mark not in content, mark


def test_personal_records_are_never_indexed(records):
    for model in PERSONAL:
        assert spec_for_model(model) is None, model
        assert model not in get_indexed_models(), model
    apply_all_pending()
    indexed = " ".join(
        " ".join(row)
        for row in EmbeddedDocument.objects.values_list("title", "summary", "body")
    )
    for mark in personal_texts(records):
        assert mark not in indexed
        assert not search(SearchQuery(q=mark)).hits
    assert Programme in get_indexed_models()  # the catalogue is public


def test_a_new_school_editor_sees_nothing_of_another_school(client, tree, records):
    lyceum = OrganisationFactory(municipality=tree.mun_a)
    client.force_login(editor("organisation_editor", organisation=lyceum))
    for key in ("diagnostic_a", "route_a", "step_a", "completion_a"):
        obj = records[key]
        assert client.get(admin_url(obj, "edit")).status_code == 404
        listing = client.get(admin_url(obj, "list") + "?export=csv")
        assert MARKS[key.split("_")[0]](obj) not in body(listing)
