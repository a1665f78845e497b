"""Makers of young teachers and support records for the young-teacher plugin's tests."""

import datetime

import pytest
from django.apps import apps

if not apps.is_installed("plugins.young_teachers"):
    pytest.skip("the young-teacher plugin is not enabled", allow_module_level=True)

from plugins.young_teachers.models import SupportForm, SupportRecord  # noqa: E402
from portal.core.young import years_before  # noqa: E402
from tests.factories.core import PersonFactory  # noqa: E402

TODAY = datetime.date(2026, 11, 23)


def support_form(code="network-support"):
    """A seeded form (transactional tests run on a flushed database: create it then)."""
    return SupportForm.objects.get_or_create(
        code=code, defaults={"name": f"Форма {code}"}
    )[0]


def young_teacher(organisation, on=TODAY, **fields):
    """A person who is a young teacher on `on`: 26 years old, in their second year."""
    fields.setdefault("birth_date", years_before(on, 26))
    fields.setdefault("career_start_date", years_before(on, 1))
    return PersonFactory(organisation=organisation, **fields)


def veteran(organisation, **fields):
    fields.setdefault("birth_date", datetime.date(1970, 1, 1))
    fields.setdefault("career_start_date", datetime.date(1993, 9, 1))
    return PersonFactory(organisation=organisation, **fields)


def support(person, code="network-support", start=datetime.date(2026, 9, 1), **fields):
    return SupportRecord.objects.create(
        person=person, form=support_form(code), start_date=start, **fields
    )


# Helpers of the public section, «Моя поддержка», search and demo tests ---------------
from django.db.models import Q  # noqa: E402

from portal.extensions.hooks import ProfileLink, SectionPanel, SupportSource  # noqa: E402
from portal.extensions.hookspecs import hookimpl  # noqa: E402


class FakeOtherPlugin:
    """Stands for mentoring/events/communities: one support source (people whose last
    name starts with «Клубная»), an audience panel for young teachers and a profile
    link, contributed through the typed hooks only."""

    panel_name = "Клуб «Педагогический старт» (тестовый плагин)"
    source_title = "Член клуба молодых педагогов (тестовый плагин)"

    @hookimpl
    def portal_support_sources(self):
        return [
            SupportSource(
                code="fake.club",
                form="associations",
                title=self.source_title,
                condition=lambda on: Q(last_name__startswith="Клубная"),
            )
        ]

    @hookimpl
    def portal_audience_panels(self, audience, page, request):
        if audience != "young":
            return []
        return [
            SectionPanel(
                title="Объединения молодых педагогов",
                template="includes/person_card.html",
                context={"person": {"id": 0, "name": self.panel_name}},
            )
        ]

    @hookimpl
    def portal_profile_links(self, person):
        return [ProfileLink(title="Моё наставничество (тест)", url="/fake/my/")]


@pytest.fixture
def other_plugin():
    """A fake other plugin registered on the hook manager for one test."""
    from portal.extensions.hooks import pm

    plugin = FakeOtherPlugin()
    pm.register(plugin, name="tests.young_teachers.fake_other_plugin")
    yield plugin
    pm.unregister(name="tests.young_teachers.fake_other_plugin")


def young_section(parent, **fields):
    """A published «Молодым педагогам» under a section page."""
    from plugins.young_teachers.models import YoungTeachersPage

    fields.setdefault("title", "Молодым педагогам")
    fields.setdefault("slug", "young")
    page = YoungTeachersPage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def support_programme(section, forms=(), **fields):
    """A published support programme under a «Молодым педагогам» page."""
    from plugins.young_teachers.models import SupportProgrammePage

    fields.setdefault("title", "Школа молодого педагога")
    fields.setdefault("slug", f"programme-{SupportProgrammePage.objects.count() + 1}")
    page = SupportProgrammePage(**fields)
    section.add_child(instance=page)
    page.support_forms.set([support_form(code) for code in forms])
    page.save_revision().publish()
    page.refresh_from_db()
    return page
