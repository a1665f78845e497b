"""The young-teacher plugin works alone: it never imports mentoring, events or
communities (other plugins reach it only through the typed hooks), and with every
other plugin's hooks gone the section page, «Моя поддержка» and the coverage count
still work from this plugin's own records. (Removing a plugin from the settings is
covered by tests/site/test_plugin_contract.py.)"""

import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from plugins.young_teachers.support import MANUAL, covered_q, sources, young_teachers
from portal.extensions.hooks import pm
from tests.factories.core import UserFactory
from tests.plugins.isolation import foreign_plugin_imports, only_hooks_of

from .conftest import support, young_section, young_teacher

PACKAGE = Path(__file__).resolve().parents[3] / "plugins" / "young_teachers"
OWN = "plugins.young_teachers"


def test_the_plugin_imports_no_other_plugin():
    assert list(PACKAGE.rglob("*.py")), "the plugin's modules were not found"
    assert foreign_plugin_imports(PACKAGE, OWN) == []


def test_the_import_check_detects_an_offender(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "fine.py").write_text(
        "from .support import covered_q\nfrom plugins.young_teachers import models\n"
    )
    (tmp_path / "bad.py").write_text("import plugins.events.models\n")
    (tmp_path / "sub" / "worse.py").write_text(
        "from ...mentoring.models import Pair\nfrom plugins.communities import x\n"
    )
    assert foreign_plugin_imports(tmp_path, OWN) == [
        "bad.py: plugins.events.models",
        "sub/worse.py: plugins.mentoring.models",
        "sub/worse.py: plugins.communities",
    ]


@pytest.fixture
def alone():
    with only_hooks_of(OWN):
        yield


@pytest.mark.django_db
def test_without_other_plugins_hooks_everything_works_from_own_records(
    client, tree, alone
):
    assert [name for name, _ in pm.list_name_plugin()] == [f"{OWN}.hooks"]
    assert sources() == [MANUAL]
    on = timezone.localdate()
    covered = young_teacher(tree.school_a, on=on, last_name="Поддержанная")
    bare = young_teacher(tree.school_a, on=on, last_name="Одинокая")
    support(covered, start=on - datetime.timedelta(days=5), title="Клуб молодых")
    for _ in range(3):
        young_teacher(tree.school_b, on=on)
    assert set(young_teachers(on).filter(covered_q(on))) == {covered}

    section = young_section(tree.region_page, contact_email="young@example.org")
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    assert soup.select_one(".young-teachers__count").get_text(strip=True) == "5"
    assert soup.select_one(".young-teachers__share").get_text(strip=True) == "20\xa0%"
    assert soup.select(".panel") == []  # nobody contributes panels
    region = BeautifulSoup(client.get(tree.region_page.url).content, "html.parser")
    assert any("Молодым педагогам" in p.get_text() for p in region.select(".panel"))

    for person, expected in ((covered, "Клуб молодых"), (bare, "Пока нет ни одной")):
        user = UserFactory(username=f"alone{person.pk}")
        user.save()
        person.user = user
        person.save()
        client.force_login(user)
        response = client.get("/young-teachers/my/")
        assert response.status_code == 200
        assert expected in response.content.decode()
