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
