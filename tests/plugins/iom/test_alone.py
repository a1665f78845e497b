"""The routes plugin works alone: it never imports events, communities or mentoring
(they reach it only through portal_route_offers / portal_route_progress), and with
every other plugin's hooks gone «Мой маршрут» proposes a route from the programme
catalogue only and the route page works. (Removing a plugin from the settings is
covered by tests/site/test_plugin_contract.py.)"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from plugins.iom.models import Route
from portal.extensions.hooks import pm
from tests.plugins.isolation import foreign_plugin_imports, only_hooks_of

from .conftest import competence, diagnostic, programme

PACKAGE = Path(__file__).resolve().parents[3] / "plugins" / "iom"
OWN = "plugins.iom"


def test_the_plugin_imports_no_other_plugin():
    assert list(PACKAGE.rglob("*.py")), "the plugin's modules were not found"
    assert foreign_plugin_imports(PACKAGE, OWN) == []


@pytest.mark.django_db
def test_without_other_plugins_a_route_is_built_from_the_catalogue(client, tree, users):
    literacy = competence("functional-literacy")
    course = programme(
        literacy, title="Функциональная грамотность", in_federal_registry=True
    )
    found = diagnostic(tree.person_a, literacy)
    client.force_login(users.teacher)
    with only_hooks_of(OWN):
        assert [name for name, _ in pm.list_name_plugin()] == [f"{OWN}.hooks"]
        page = client.get(reverse("iom:propose", args=[found.pk]))
        assert page.status_code == 200
        soup = BeautifulSoup(page.content, "html.parser")
        values = {box.get("value") for box in soup.select("input[name=keys]")}
        assert values == {f"iom:programme:{course.pk}"}

        response = client.post(
            reverse("iom:propose", args=[found.pk]),
            {"keys": [f"iom:programme:{course.pk}"]},
        )
        assert response.status_code == 302
        built = Route.objects.get(owner=tree.person_a)
        assert [s.source_key for s in built.steps.all()] == [
            f"iom:programme:{course.pk}"
        ]
        shown = client.get(reverse("iom:route", args=[built.pk]))
        assert shown.status_code == 200
        assert "Функциональная грамотность" in shown.content.decode()
