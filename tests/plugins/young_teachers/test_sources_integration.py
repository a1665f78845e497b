"""Coverage with every plugin installed: a young teacher supported only by a mentoring
pair, only by attending an event for young teachers, or only by membership of an
association of young teachers is covered; one with nothing is not. The young-teacher
plugin sees these only through ``portal_support_sources``."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

for _plugin in ("mentoring", "events", "communities"):
    if not apps.is_installed(f"plugins.{_plugin}"):
        pytest.skip(f"the {_plugin} plugin is not enabled", allow_module_level=True)

from plugins.communities.models import CommunityRegistryPage, Membership  # noqa: E402
from plugins.events.models import (  # noqa: E402
    Audience,
    EventCalendarPage,
    Registration,
)
from plugins.young_teachers.support import (  # noqa: E402
    covered_q,
    with_support,
    young_teachers,
)
from tests.plugins.communities.conftest import (  # noqa: E402
    community_type,
    make_community,
    publish_child,
)
from tests.plugins.events.conftest import IRKUTSK, add_calendar, make_event  # noqa: E402
from tests.plugins.mentoring.conftest import make_mentor, make_pair  # noqa: E402

from .conftest import TODAY, young_teacher  # noqa: E402

pytestmark = pytest.mark.django_db

SEPT = datetime.date(2026, 9, 1)


@pytest.fixture
def people(tree):
    by_pair, by_event, by_association, bare = (
        young_teacher(tree.school_a) for _ in range(4)
    )
    # Mentoring: a pair from September.
    make_pair(make_mentor(tree.school_a), by_pair, start_date=SEPT)
    # Events: attended the school of the young teacher in October.
    calendar: EventCalendarPage = add_calendar(tree.mun_a_page)
    event = make_event(
        calendar, "Школа молодого педагога",
        start=datetime.datetime(2026, 10, 15, 10, tzinfo=IRKUTSK),
    )  # fmt: skip
    event.audiences.set([Audience.objects.get_or_create(code="young-teachers")[0]])
    event.save()
    Registration.objects.create(
        event=event, person=by_event, name=by_event.full_name,
        email="young@example.org", consent_at=event.start, attended=True,
    )  # fmt: skip
    # Communities: a member of the municipal association since September.
    registry = publish_child(
        tree.mun_a_page, CommunityRegistryPage(title="Сообщества", slug="communities")
    )
    association = make_community(
        registry, "Совет молодых педагогов",
        community_type=community_type("young-teachers"),
    )  # fmt: skip
    Membership.objects.create(
        community=association, person=by_association,
        status=Membership.Status.ACTIVE, joined_on=SEPT,
    )  # fmt: skip
    return by_pair, by_event, by_association, bare


def test_each_plugin_alone_covers_a_young_teacher(people):
    by_pair, by_event, by_association, bare = people
    covered = set(young_teachers(TODAY).filter(covered_q(TODAY)))
    assert covered == {by_pair, by_event, by_association}
    assert bare not in covered


def test_before_any_support_nobody_is_covered(people):
    on = datetime.date(2026, 8, 31)
    assert not young_teachers(on).filter(covered_q(on)).exists()


def test_each_person_is_flagged_by_the_source_that_covers_them(people):
    by_pair, by_event, by_association, bare = people
    found_people, sources = with_support(young_teachers(TODAY), TODAY)
    codes = [s.code for s in sources]
    expected = {
        by_pair.pk: {"mentoring.pair"},
        by_event.pk: {"events.attended"},
        by_association.pk: {"communities.association"},
        bare.pk: set(),
    }
    with CaptureQueriesContext(connection) as queries:
        flags = {
            p.pk: {codes[n] for n in range(len(codes)) if getattr(p, f"support_{n}")}
            for p in found_people
        }
    assert flags == expected
    assert len(queries) == 1  # every source in one query


def test_coverage_is_counted_in_one_query(people):
    with CaptureQueriesContext(connection) as queries:
        assert young_teachers(TODAY).filter(covered_q(TODAY)).count() == 3
    assert len(queries) == 1
