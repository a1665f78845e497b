"""Makers of diagnostics, programmes and routes for the routes plugin's tests."""

import datetime

import pytest
from django.apps import apps

if not apps.is_installed("plugins.iom"):
    pytest.skip("the routes plugin is not enabled", allow_module_level=True)

from plugins.iom.models import (  # noqa: E402
    Diagnostic,
    Programme,
    Route,
    RouteStep,
)
from portal.core.models import Competence  # noqa: E402

TODAY = datetime.date(2026, 11, 23)


def competence(code="functional-literacy"):
    """A seeded competence (transactional tests run on a flushed database: create it)."""
    found = Competence.objects.filter(code=code).first()
    if found is not None:
        return found
    from portal.core.models import CompetenceArea

    area = CompetenceArea.objects.get_or_create(
        code="methodological", defaults={"name": "Методическая"}
    )[0]
    return Competence.objects.create(code=code, name=f"Компетенция {code}", area=area)


def programme(*deficits, **fields):
    fields.setdefault("title", "Функциональная грамотность: как её формировать")
    fields.setdefault("hours", 36)
    item = Programme.objects.create(**fields)
    item.deficits.set(deficits)
    return item


def diagnostic(person, *deficits, **fields):
    fields.setdefault("date", TODAY - datetime.timedelta(days=30))
    fields.setdefault("source", Diagnostic.Source.CNPPM)
    item = Diagnostic.objects.create(person=person, **fields)
    item.deficits.set(deficits)
    return item


def route(owner, *steps, **fields):
    """A route with steps given as dicts of RouteStep fields."""
    item = Route.objects.create(owner=owner, **fields)
    for order, step in enumerate(steps):
        step.setdefault("kind", "self_study")
        step.setdefault("title", f"Шаг {order + 1}")
        RouteStep.objects.create(route=item, order=order, **step)
    return item
