"""The plugin contract: discovery, contributions, checks, hooks, docs, and boundaries."""

import ast
import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from portal.extensions import checks, hookspecs
from portal.extensions.config import CONTRIBUTION_SLOTS, PortalPluginConfig
from portal.extensions.hooks import person_activities, section_panels
from portal.extensions.registry import (
    contributions,
    is_enabled,
    plugin_setting,
    plugins,
)
from tests.plugins.dummy.models import DummyPage

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "plugins.md").read_text()


def test_dummy_plugin_is_discovered_through_installed_apps():
    labels = [c.label for c in plugins()]
    assert "dummy" in labels
    assert is_enabled("dummy")
    assert not is_enabled("nonexistent")
    config = apps.get_app_config("dummy")
    assert isinstance(config, PortalPluginConfig) and not config.is_core


def test_contributions_are_resolved():
    assert DummyPage in contributions("page_models")
    viewsets = [v.__name__ for v in contributions("admin_viewsets")]
    assert "DummyNoteViewSet" in viewsets


def test_plugin_viewset_is_registered_in_admin(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_dummy_dummynote:list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_plugin_urls_are_mounted_under_their_prefix_before_pages(client):
    from django.urls import reverse

    url = reverse("dummy:greeting")
    assert url == "/dummy-plugin/greeting/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode() == "Привет"


def test_plugin_setting_default_and_override(settings):
    assert plugin_setting("dummy", "GREETING") == "Привет"
    settings.PORTAL_DUMMY_GREETING = "Здравствуйте"
    assert plugin_setting("dummy", "GREETING") == "Здравствуйте"


def test_typed_hooks_reach_the_plugin(rf, tree):
    panels = section_panels(tree.mun_a_page, rf.get("/"))
    assert [p.title for p in panels] == ["Панель тестового модуля"]
    assert person_activities(tree.person_a) == []


def test_valid_declarations_pass_checks():
    errors = checks.check_plugin_declarations() + checks.check_enabled_plugins()
    assert errors == []


@pytest.fixture
def broken_dummy(monkeypatch):
    config = apps.get_app_config("dummy")
    monkeypatch.setattr(config, "requires", ("missing_plugin",))
    monkeypatch.setattr(
        config,
        "contribution_errors",
        [("search_documents", "nope.Spec", "No module named 'nope'")],
    )
    monkeypatch.setattr(config, "settings_defaults", {"GREETING": "x"})
    monkeypatch.setitem(config.contributions, "page_models", [DummyPage, object])
    monkeypatch.setitem(config.contributions, "admin_viewsets", [object])
    return config


def test_broken_declarations_are_reported_as_check_errors(broken_dummy, monkeypatch):
    monkeypatch.setattr(DummyPage, "template", "dummy/missing.html")
    ids = sorted(e.id for e in checks.check_plugin_declarations())
    assert ids == [
        "portal.E002",
        "portal.E003",
        "portal.E004",
        "portal.E005",
        "portal.E006",
        "portal.E007",
    ]


def test_enabled_entry_that_is_not_a_plugin_is_reported(settings):
    settings.PORTAL_PLUGINS = [*settings.PORTAL_PLUGINS, "portal.core"]
    assert [e.id for e in checks.check_enabled_plugins()] == ["portal.E001"]


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", ["site", "search"])
def test_core_never_imports_plugins(package):
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name == "plugins" or name.startswith("plugins.") or name.startswith("tests.")
    ]
    assert offenders == []


def test_import_boundary_check_detects_an_offender(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from plugins.events.models import EventPage\nimport plugins\n")
    assert list(_imports(module)) == ["plugins.events.models", "plugins"]


def test_every_hook_is_documented_with_its_signature():
    specs = [
        (name, fn)
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("portal_")
    ]
    assert specs, "no hookspecs found"
    for name, fn in specs:
        params = ", ".join(inspect.signature(fn).parameters)
        assert f"### `{name}({params})`" in DOCS, (
            f"docs/plugins.md lacks a section for {name}({params})"
        )


def test_every_declaration_slot_and_check_is_documented():
    attributes = [
        "version",
        "requires",
        "optional",
        *CONTRIBUTION_SLOTS,
        "hooks_module",
        "urls_module",
        "url_prefix",
        "settings_defaults",
        "is_core",
    ]
    for attribute in attributes:
        assert hasattr(PortalPluginConfig, attribute)
        assert f"| `{attribute}` |" in DOCS, (
            f"docs/plugins.md lacks the attribute {attribute}"
        )
    source = (ROOT / "site/portal/extensions/checks.py").read_text()
    for check_id in sorted(set(re.findall(r'id="(portal\.E\d+)"', source))):
        assert f"`{check_id}`" in DOCS, f"docs/plugins.md lacks check {check_id}"


def test_every_portal_setting_is_documented():
    names = [
        name
        for name in dir(settings)
        if name.startswith("PORTAL_") and not name.startswith("PORTAL_DUMMY")
    ]
    base = (ROOT / "site/portal/settings/base.py").read_text()
    names = [n for n in names if re.search(rf"^{n}\b", base, re.M)]
    assert names
    for name in names:
        assert f"### `{name}`" in DOCS, f"docs/plugins.md lacks the setting {name}"


def _plugins_to_remove():
    return list(settings.PORTAL_PLUGINS)


@pytest.mark.parametrize("removed", _plugins_to_remove())
def test_site_works_without_each_plugin(tmp_path, removed):
    """Remove one plugin: checks pass, migrations apply and the home page renders."""
    remaining = [p for p in settings.PORTAL_PLUGINS if p != removed]
    (tmp_path / "without_plugin.py").write_text(
        textwrap.dedent(
            f"""
            from portal.settings.test import *  # noqa
            from portal.settings.base import installed_apps
            PORTAL_PLUGINS = {remaining!r}
            INSTALLED_APPS = installed_apps(PORTAL_PLUGINS)
            DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {str(tmp_path / "db.sqlite3")!r}}}}}
            """
        )
    )
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.core.management import call_command
        from django.test import Client
        call_command("check", fail_level="ERROR")
        call_command("migrate", verbosity=0)
        response = Client().get("/")
        assert response.status_code == 200, response.status_code
        print("OK")
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "without_plugin",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "site"), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("OK")
