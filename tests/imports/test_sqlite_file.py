"""An import into a real SQLite file (WAL, as `scripts/run-portal.sh` runs it) while
another connection writes: the test database is in memory and locks differently, so
this runs the portal's dev settings on a temporary file in a subprocess.

The case it guards: a real import's transaction began by reading (DEFERRED); the
progress updates, written on a second connection meanwhile, made SQLite refuse the
import's first write with «database is locked» after all its checks. A real import on
SQLite now begins IMMEDIATE (portal/imports/engine.py)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="SQLite file behaviour"
)

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.db import connection
    from portal.core.models import Person
    from portal.imports.core_resources import PersonResource
    from portal.imports.engine import run_import
    from portal.imports.jobs import Progress
    from portal.imports.models import ImportJob
    from portal.imports.readers import read_table
    from tests.factories.core import MunicipalityFactory, OrganisationFactory

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    OrganisationFactory(name="МБОУ СОШ № 1", municipality=MunicipalityFactory())
    job = ImportJob.objects.create(resource="people")
    lines = [f"Учителева{n} Мария Петровна;МБОУ СОШ № 1;учитель" for n in range(1200)]
    table = read_table(("ФИО;Организация;Должность\\n" + "\\n".join(lines)).encode(), "p.csv")

    class Operator:
        is_authenticated = is_active = is_superuser = True
        pk = None

    progress = Progress(job.pk)
    progress.INTERVAL = 0  # every report is written, on its own connection
    report = run_import(PersonResource(), table, Operator(), progress=progress)
    progress.close()
    print("applied", report.applied, Person.objects.count())
    """
)


def test_a_real_import_into_a_sqlite_file_survives_concurrent_writes(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    portal = [sys.executable, "-m", "django"]
    migrate = subprocess.run(
        [*portal, "migrate", "--no-input", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "applied True 1200"
