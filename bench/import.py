"""Import benchmark (issue 4): our pipeline vs stock django-import-export vs the floor.

    .venv/bin/python bench/import.py [--rows 50000] [--databases sqlite,postgresql]
                                     [--peer-rows 2000] [--json FILE]

For each database, in one run, on the same generated XLSX of people rows (realistic
Russian names, the demo region's schools named as people write them, subjects, dates,
phones, e-mails, consent):

1. creates the benchmark's own database (SQLite file in var/bench, PostgreSQL
   `bench_import`), migrates, runs `portal demo` for the registry;
2. times, each step in a fresh process (its peak RSS is the step's), with the people
   table emptied before each:
   - **floor**: reading the file (`read_table`) plus one `bulk_create` of the rows;
   - **ours**: `portal import people` as the code runs it (`run_import`: normalise,
     validate, natural keys, organisation matching, preview, bulk writes, outbox);
   - **ours again**: the same file a second time (every row unchanged);
   - **peer**: a plain `ModelResource` with default settings (`import_data`, row by row,
     the same XLSX through import-export's own XLSX format), on the first
     `--peer-rows` rows (0: all), its rate extrapolated;
3. prints rows/s, ratios and peak memory against the targets: ≥ 20× the peer, within
   2× of the floor, ≤ 300 MB.

4. pages: `--pages` event-like pages (news pages with a date, an announcement and a
   three-paragraph StreamField body) created under one new index page with
   `portal.imports.pages.bulk_create_pages` (revisions, audit log, outbox included),
   the tree then checked (treebeard's find_problems, numchild, depth, one revision per
   page); vs the peer, a naive loop of `parent.add_child(instance=page)` on the first
   `--peer-pages` pages (rate extrapolated), and the same loop with
   `save_revision().publish()` per page, as the admin creates a published page.
   Target: ≥ 10× the plain `add_child` loop.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASES = {
    "sqlite": f"sqlite:///{ROOT / 'var' / 'bench' / 'import.sqlite3'}",
    "postgresql": "postgres://portal:portal@127.0.0.1:5432/bench_import",
}
HEADERS = ["ФИО", "Организация", "Муниципалитет", "Должность", "Предметы", "Квалификационная категория",
           "Дата рождения", "Дата начала педагогической деятельности", "E-mail", "Телефон",
           "Согласие на публикацию"]  # fmt: skip
POSITIONS = ["учитель", "учитель математики", "учитель русского языка и литературы",
             "учитель начальных классов", "педагог-психолог", "заместитель директора",
             "методист", "тьютор", "педагог дополнительного образования"]  # fmt: skip
STARTED = time.monotonic()


def log(message: str) -> None:
    sys.stderr.write(f"[{time.monotonic() - STARTED:7.1f} s] {message}\n")
    sys.stderr.flush()


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def env_for(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DATABASE_URL=url,
        BENCH_SEARCH_ENGINE="embedded",
        BENCH_APPLY_ON_COMMIT="0",  # the outbox is left to `portal search worker`
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    env.pop("DATABASE_URL", None)
    return env


def setup_django() -> None:
    sys.path[:] = [
        p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent
    ]
    for path in (str(ROOT / "site"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


# Steps, each run in its own process ------------------------------------------------


def step_prepare(args) -> dict:
    import io

    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    settings.PORTAL_SEARCH.update(ENGINE="embedded", APPLY_ON_COMMIT=False)
    tiny = ["--municipalities", "2", "--organisations", "16", "--people", "60",
            "--skip-organisation-pages"]  # fmt: skip
    call_command("demo", *(tiny if args.tiny else []), stdout=io.StringIO())
    return {}


def step_generate(args) -> dict:
    """The XLSX: people of the demo's schools, each school named one of the ways
    people write it (full name, short name, ИНН)."""
    from openpyxl import Workbook

    from portal.core.models import Organisation, Person, Subject
    from portal.demo.names import random_name

    rng = random.Random(args.seed)
    schools = list(
        Organisation.objects.filter(kind="school").values_list(
            "name", "short_name", "inn", "municipality__name"
        )
    )
    subjects = list(Subject.objects.values_list("name", flat=True))
    taken = {
        (p.last_name, p.first_name, p.middle_name, p.birth_date)
        for p in Person.objects.all()
    }
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Педагоги")
    sheet.append(HEADERS)
    import datetime as dt

    written = 0
    while written < args.rows:
        year = rng.randint(1960, 2002)
        name = random_name(rng, female=rng.random() < 0.8, birth_year=year)
        birth = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        key = (name.last_name, name.first_name, name.middle_name, birth)
        if key in taken:
            continue
        taken.add(key)
        full, short, inn, municipality = rng.choice(schools)
        school = rng.choice([full, short or full, inn or full])
        start = dt.date(min(2025, year + rng.randint(21, 40)), 9, 1)
        sheet.append([
            f"{name.last_name} {name.first_name} {name.middle_name}", school, municipality,
            rng.choice(POSITIONS),
            ", ".join(rng.sample(subjects, rng.randint(0, 2))),
            rng.choice(["", "первая", "высшая"]), birth.strftime("%d.%m.%Y"), start,
            f"teacher{written}@school.example.ru", f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-"
            f"{rng.randint(10, 99)}-{rng.randint(10, 99)}", rng.choice(["да", "нет", "нет"]),
        ])  # fmt: skip
        written += 1
    book.save(args.file)
    return {"rows": written}


def _clear_people() -> None:
    from django.db import connection

    from portal.core.models import Person
    from search.models import OutboxEntry

    imported = Person.objects.filter(email__endswith="@school.example.ru")
    for through in (Person.subjects.through, Person.roles.through):
        through.objects.filter(person__in=imported).delete()
    imported._raw_delete(connection.alias)  # no per-row signals: a reset, not a test
    OutboxEntry.objects.all()._raw_delete(connection.alias)


def _organisation_ids() -> dict[str, int]:
    """Organisation id by each way the generated file names a school (the floor and the
    peer resolve it from a dict; our pipeline matches names itself)."""
    from portal.core.models import Organisation

    by_label = {}
    rows = Organisation.objects.values_list("pk", "name", "short_name", "inn")
    for pk, *labels in rows:
        by_label.update(dict.fromkeys(filter(None, labels), pk))
    return by_label


def step_floor(args) -> dict:
    from portal.core.models import Person
    from portal.imports.readers import read_table

    _clear_people()
    started = time.perf_counter()
    table = read_table(Path(args.file).read_bytes(), Path(args.file).name)
    parsed = time.perf_counter() - started
    by_label = _organisation_ids()
    people = []
    for cells in table.rows:
        last, first, middle = str(cells[0]).split(" ", 2)
        people.append(Person(last_name=last, first_name=first, middle_name=middle,
                             organisation_id=by_label[str(cells[1])], position=cells[3] or "",
                             email=cells[8] or "", phone=cells[9] or ""))  # fmt: skip
    Person.objects.bulk_create(people, batch_size=1000)
    return {
        "seconds": time.perf_counter() - started,
        "rows": len(people),
        "parse": parsed,
    }


def step_ours(args) -> dict:
    from portal.imports.core_resources import PersonResource
    from portal.imports.engine import run_import
    from portal.imports.readers import read_table
    from portal.permissions.policy import Scope

    if not args.again:
        _clear_people()

    class Operator:  # `portal import` without --user
        is_authenticated = is_active = is_superuser = True
        pk = None
        _portal_scope = Scope(everything=True)

    started = time.perf_counter()
    table = read_table(Path(args.file).read_bytes(), Path(args.file).name)
    report = run_import(PersonResource(), table, Operator())
    seconds = time.perf_counter() - started
    if report.errors:
        raise SystemExit("; ".join(e.sentence() for e in report.errors[:5]))
    return {"seconds": seconds, "rows": report.rows, "new": report.new,
            "unchanged": report.unchanged, "applied": report.applied}  # fmt: skip


def step_peer(args) -> dict:
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    from portal.core.models import Organisation, Person

    _clear_people()
    by_label = _organisation_ids()

    class PeerResource(resources.ModelResource):
        """A plain ModelResource, default settings; the one column that needs a widget."""

        organisation = fields.Field(attribute="organisation", column_name="organisation",
                                    widget=widgets.ForeignKeyWidget(Organisation))  # fmt: skip

        class Meta:
            model = Person
            fields = ("id", "last_name", "first_name", "middle_name", "organisation",
                      "position", "email", "phone")  # fmt: skip

    started = time.perf_counter()
    dataset = XLSX().create_dataset(Path(args.file).read_bytes())
    rows = dataset.height if not args.peer_rows else min(args.peer_rows, dataset.height)
    # The same cells in the peer's columns (names split, the school as its id).
    import tablib

    # An empty `id` column, as in import-export's own export: the default key.
    data = tablib.Dataset(headers=["id", "last_name", "first_name", "middle_name",
                                   "organisation", "position", "email", "phone"])  # fmt: skip
    for cells in dataset[:rows]:
        last, first, middle = str(cells[0]).split(" ", 2)
        data.append([None, last, first, middle, by_label[str(cells[1])], cells[3] or "",
                     cells[8] or "", cells[9] or ""])  # fmt: skip
    result = PeerResource().import_data(data, dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        first = (result.invalid_rows[:1] or [None])[0]
        errors = [
            e.error for _n, row_errors in result.row_errors()[:1] for e in row_errors
        ]
        raise SystemExit(
            f"the peer import failed: {first and first.error_dict} {errors}"
        )
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _news_pages(count: int) -> list:
    import datetime as dt

    from portal.sections.models import NewsPage

    rng = random.Random(7)
    kinds = ["Семинар", "Вебинар", "Мастер-класс", "Конференция", "Стажировка"]
    return [
        NewsPage(
            title=f"{rng.choice(kinds)} для педагогов № {n}",
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 365),
            intro=f"Приглашаем учителей на мероприятие № {n}.",
            body=[
                ("paragraph", f"<p>Часть {part} программы мероприятия {n}.</p>")
                for part in range(3)
            ],
        )  # fmt: skip
        for n in range(count)
    ]


def _pages_parent(slug: str):
    from portal.sections.models import MunicipalityPage, NewsIndexPage

    section = MunicipalityPage.objects.order_by("path").first()
    return section.add_child(instance=NewsIndexPage(title=slug, slug=slug))


def step_pages(args) -> dict:
    from wagtail.models import Page, Revision

    from portal.imports.pages import bulk_create_pages

    parent = _pages_parent("bench-bulk")
    pages = _news_pages(args.pages)
    started = time.perf_counter()
    bulk_create_pages(parent, pages)
    seconds = time.perf_counter() - started
    parent.refresh_from_db()
    children = Page.objects.child_of(parent)
    problems = [len(p) for p in Page.find_problems()]
    tree_ok = (
        not any(problems)
        and parent.numchild == children.count() == args.pages
        and not children.exclude(depth=parent.depth + 1).exists()
        and Revision.objects.filter(
            object_id__in=[str(p.pk) for p in pages]
        ).count() == args.pages
    )  # fmt: skip
    return {"seconds": seconds, "rows": args.pages, "tree_ok": tree_ok,
            "problems": problems}  # fmt: skip


def step_pages_peer(args) -> dict:
    from wagtail.models import Page

    parent = _pages_parent("bench-add-child-rev" if args.again else "bench-add-child")
    pages = _news_pages(args.peer_pages)
    started = time.perf_counter()
    for page in pages:
        parent.add_child(instance=page)
        if args.again:
            page.save_revision().publish()
    seconds = time.perf_counter() - started
    problems = [len(p) for p in Page.find_problems()]
    return {"seconds": seconds, "rows": args.peer_pages,
            "tree_ok": not any(problems)}  # fmt: skip


STEPS = {"prepare": step_prepare, "generate": step_generate, "floor": step_floor,
         "ours": step_ours, "peer": step_peer, "pages": step_pages,
         "pages-peer": step_pages_peer}  # fmt: skip


def run_step(name: str, url: str, args, *extra: str) -> dict:
    command = [sys.executable, __file__, "--step", name, "--file", str(args.file),
               "--rows", str(args.rows), "--peer-rows", str(args.peer_rows),
               "--seed", str(args.seed), "--pages", str(args.pages),
               "--peer-pages", str(args.peer_pages),
               *(["--tiny"] if args.tiny else []), *extra]  # fmt: skip
    done = subprocess.run(command, env=env_for(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# Driver --------------------------------------------------------------------------


def create_database(vendor: str, url: str) -> None:
    from bench.databases import create_database as create
    from bench.databases import database_info, drop_database

    db = database_info(url)
    drop_database(db)
    create(db)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--database", help="one database URL instead of --databases (smoke tests)"
    )
    parser.add_argument(
        "--tiny", action="store_true", help="a tiny demo region (smoke tests)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases at the end"
    )
    parser.add_argument("--peer-rows", type=int, default=2000,
                        help="rows the peer imports (its rate is extrapolated); 0: all")  # fmt: skip
    parser.add_argument("--pages", type=int, default=10_000,
                        help="pages created under one parent (0: skip)")  # fmt: skip
    parser.add_argument("--peer-pages", type=int, default=500,
                        help="pages the add_child loops create (rate extrapolated)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--again", action="store_true")
    args = parser.parse_args()
    if args.step:
        setup_django()
        result = STEPS[args.step](args)
        result["peak_rss_mb"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
        out(json.dumps(result, default=str))
        return 0

    sys.path.insert(0, str(ROOT))
    results = {}
    chosen = {"custom": args.database} if args.database else DATABASES
    for vendor in [*chosen] if args.database else args.databases.split(","):
        url = chosen[vendor]
        log(f"{vendor}: creating the database, migrating, portal demo")
        create_database(vendor, url)
        run_step("prepare", url, args)
        folder = args.json.parent if args.json else ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        args.file = folder / f"import-people-{args.rows}-{args.seed}-{vendor}.xlsx"
        log(f"{vendor}: generating {args.rows:,} rows")
        run_step("generate", url, args)
        steps = {}
        for name, extra in (
            ("floor", ()),
            ("ours", ()),
            ("ours again", ("--again",)),
            ("peer", ()),
        ):
            log(f"{vendor}: {name}")
            steps[name] = run_step(name.split()[0], url, args, *extra)
            log(
                f"{vendor}: {name}: {steps[name]['rows'] / steps[name]['seconds']:,.0f} rows/s"
            )
        results[vendor] = steps
        if args.pages:
            pages = {}
            for name, step, extra in (
                ("bulk", "pages", ()),
                ("add_child", "pages-peer", ()),
                ("add_child+publish", "pages-peer", ("--again",)),
            ):
                log(f"{vendor}: pages: {name}")
                pages[name] = run_step(step, url, args, *extra)
                log(f"{vendor}: pages: {name}: "
                    f"{pages[name]['rows'] / pages[name]['seconds']:,.0f} pages/s")  # fmt: skip
            results[vendor + " pages"] = pages
        if not args.keep:
            from bench.databases import database_info, drop_database

            drop_database(database_info(url))
    from bench.import_report import report

    report(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
