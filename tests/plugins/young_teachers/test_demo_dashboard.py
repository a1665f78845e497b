"""With the demo's data, the region's dashboard shows the coverage of young teachers,
and this test recomputes the figure independently: person by person in Python, from
the records themselves (support records, mentoring pairs, event registrations,
memberships of associations), without the plugin's conditions."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from plugins.young_teachers.models import SupportRecord, YoungTeacherCard
from portal.core.models import Person, Territory
from portal.core.young import years_before
from portal.dashboard.periods import Period
from portal.demo.territory import REGION_OKTMO
from tests.factories.core import UserFactory
from tests.site.dashboard_support import url

SMALL = ["--municipalities", "3", "--organisations", "20", "--people", "300"]


def _covered_by_records(on) -> set[int]:
    return {
        r.person_id
        for r in SupportRecord.objects.all()
        if r.start_date <= on and (r.end_date is None or r.end_date >= on)
    }


def _covered_by_pairs(on) -> set[int]:
    if not apps.is_installed("plugins.mentoring"):
        return set()
    from plugins.mentoring.models import Pair

    found = set()
    for pair in Pair.objects.prefetch_related("mentees"):
        ended = pair.actual_end_date is not None and pair.actual_end_date < on
        if pair.status != "proposed" and pair.start_date <= on and not ended:
            found.update(m.pk for m in pair.mentees.all())
    return found


def _covered_by_associations(on) -> set[int]:
    if not apps.is_installed("plugins.communities"):
        return set()
    from plugins.communities.models import Membership

    found = set()
    for m in Membership.objects.select_related("community__community_type"):
        kind = m.community.community_type
        if kind is None or kind.code != "young-teachers" or m.joined_on is None:
            continue
        held = (m.status == "active" and m.left_on is None) or (
            m.status in ("active", "left") and m.left_on is not None and m.left_on >= on
        )
        if m.joined_on <= on and held:
            found.add(m.person_id)
    return found


def _covered_by_events(on) -> set[int]:
    if not apps.is_installed("plugins.events"):
        return set()
    from plugins.events.models import Registration

    since = timezone.make_aware(dt.datetime.combine(years_before(on, 1), dt.time()))
    until = timezone.make_aware(
        dt.datetime.combine(on + dt.timedelta(days=1), dt.time())
    )
    person_of_user = dict(
        Person.objects.exclude(user=None).values_list("user_id", "pk")
    )
    found = set()
    registrations = Registration.objects.select_related(
        "event__event_type"
    ).prefetch_related("event__audiences")
    for r in registrations:
        if not since <= r.event.start < until:
            continue
        young = any(a.code == "young-teachers" for a in r.event.audiences.all())
        contest = r.event.event_type is not None and r.event.event_type.code in (
            "mastery-contest",
            "innovation-contest",
        )
        if (young and r.attended) or (
            contest and (r.attended or r.status == "confirmed")
        ):
            for pk in (r.person_id, person_of_user.get(r.user_id)):
                if pk is not None:
                    found.add(pk)
    return found


@pytest.mark.django_db
def test_the_demo_regions_dashboard_figure_is_recomputed_from_the_records(client):
    call_command("demo", *SMALL, stdout=open("/dev/null", "w"))  # noqa: SIM115
    region = Territory.objects.get(oktmo=REGION_OKTMO)
    period = Period.current(Period.SCHOOL)
    on = min(period.end, timezone.localdate())

    left = {
        c.person_id
        for c in YoungTeacherCard.objects.exclude(left_on=None)
        if c.left_on <= on
    }
    young = {
        p.pk
        for p in Person.objects.filter(organisation__region=region)
        if p.is_young_teacher(on) and p.pk not in left
    }
    covered = young & (
        _covered_by_records(on)
        | _covered_by_pairs(on)
        | _covered_by_associations(on)
        | _covered_by_events(on)
    )
    assert len(young) >= 10 and 0 < len(covered) < len(young)

    admin = UserFactory(is_superuser=True, is_staff=True)
    admin.save()
    client.force_login(admin)
    response = client.get(
        url(
            "dashboard:unit",
            "region",
            region.pk,
            query=f"?period={period.key}",
            indicator="young_teachers.covered",
        )
    )
    assert response.status_code == 200
    total = response.context["table"].total
    share = (Decimal(100) * len(covered) / len(young)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    assert (total.value.numerator, total.value.denominator) == (
        len(covered),
        len(young),
    )
    assert total.value.value == share
    assert total.target == Decimal("70")
    assert share.to_eng_string() in response.content.decode().replace(",", ".")
