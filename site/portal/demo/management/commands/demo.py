"""`portal demo`: build (or bring up to date) the fictional demo region.

Deterministic for a given --seed and sizes, and idempotent: a second run with the
same arguments creates and changes nothing. See portal.demo.plan for the data and
portal.demo.records / pages / accounts for how it is written.

Keep one seed and one size per database: municipalities are matched by ОКТМО, so a
run with another seed or --municipalities renames them and adds organisations and
people beside the earlier ones (nothing is ever deleted).
"""

import time
from dataclasses import replace
from functools import partial
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.demo import records
from portal.demo.accounts import DEMO_PASSWORD, ensure_accounts
from portal.demo.pages import build_pages
from portal.demo.plan import DEFAULT, DEFAULT_SEED, SCALE, build_plan
from portal.demo.summary import region_lines
from portal.extensions.hooks import demo_content
from portal.sections.models import HomePage


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационный вымышленный регион: муниципалитеты, организации, "
        "педагогов, разделы сайта, новости, нормативные акты, глоссарий и учётные "
        "записи редакторов. Повторный запуск ничего не меняет."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Зерно генератора случайных чисел (по умолчанию %(default)s).",
        )
        parser.add_argument(
            "--scale",
            action="store_true",
            help=(
                f"Большой набор для нагрузочных тестов: {SCALE.municipalities} "
                f"муниципалитетов, {SCALE.organisations} организаций, "
                f"{SCALE.people} человек."
            ),
        )
        for name, label in (
            ("municipalities", "Число муниципалитетов"),
            ("organisations", "Число организаций в регионе"),
            ("people", "Число людей в регионе"),
        ):
            parser.add_argument(
                f"--{name}",
                type=int,
                help=(
                    f"{label} (по умолчанию {getattr(DEFAULT, name)}, "
                    f"с --scale — {getattr(SCALE, name)})."
                ),
            )
        parser.add_argument(
            "--skip-organisation-pages",
            action="store_true",
            help=(
                "Не создавать разделы организаций, кроме нескольких школ с новостями "
                "(ускоряет --scale)."
            ),
        )

    def handle(self, *args, **options):
        sizes = SCALE if options["scale"] else DEFAULT
        overrides = {
            name: options[name]
            for name in ("municipalities", "organisations", "people")
            if options[name] is not None
        }
        sizes = replace(sizes, **overrides)
        started = time.monotonic()
        today = timezone.localdate()
        try:
            plan = build_plan(options["seed"], sizes, today)
        except ValueError as error:
            raise CommandError(str(error)) from error
        home = HomePage.objects.first()
        if home is None:
            raise CommandError(
                "Нет главной страницы: сначала выполните «portal migrate»."
            )
        self.timings = [("план данных", time.monotonic() - started)]

        with transaction.atomic():
            tallies = self.write(plan, options["skip_organisation_pages"])
        # Bulk-created records send no save signals: rebuild the search index from
        # the database so that everything public is searchable.
        self.step("поисковый индекс", self.rebuild_search_index)
        self.report(plan, tallies, today, home, time.monotonic() - started)

    def rebuild_search_index(self):
        call_command("search", "rebuild", "--no-progress", stdout=StringIO())

    def step(self, label, function, *args):
        started = time.monotonic()
        result = function(*args)
        self.timings.append((label, time.monotonic() - started))
        return result

    def write(self, plan, skip_organisation_pages):
        t = {
            name: records.Tally()
            for name in ("territories", "orgs", "people", "acts", "terms")
        }
        region, muns = self.step(
            "территории", records.upsert_territories, plan, t["territories"]
        )
        orgs = self.step(
            "организации", records.upsert_organisations, plan, region, muns, t["orgs"]
        )
        self.step("люди", records.upsert_people, plan, region, orgs, t["people"])
        acts = self.step(
            "нормативные акты", records.upsert_acts, plan, region, muns, orgs, t["acts"]
        )
        self.step("глоссарий", records.upsert_glossary, acts, t["terms"])
        self.pages = self.step(
            "страницы",
            build_pages,
            plan,
            region,
            muns,
            orgs,
            not skip_organisation_pages,
        )
        self.pages.update(
            self.step(
                "модули",
                partial(
                    demo_content,
                    home=HomePage.objects.first(),
                    region=region,
                    municipalities=muns,
                    organisations=orgs,
                    seed=plan.seed,
                    today=plan.today,
                ),
            )
        )
        self.logins, self.new_users = self.step(
            "учётные записи", ensure_accounts, plan, region, muns, orgs, plan.today
        )
        self.region = region
        return t

    def report(self, plan, tallies, today, home, elapsed):
        out = self.stdout
        out.write(self.style.MIGRATE_HEADING(f"Демо-регион (зерно {plan.seed})"))
        labels = {
            "territories": "Территории", "orgs": "Организации", "people": "Люди",
            "acts": "Нормативные акты", "terms": "Термины глоссария",
        }  # fmt: skip
        for name, tally in tallies.items():
            more = f", связей изменено {tally.links}" if tally.links else ""
            out.write(
                f"  {labels[name]}: создано {tally.created}, обновлено {tally.updated}, "
                f"без изменений {tally.unchanged}{more}"
            )
        created_pages = sum(self.pages.values())
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.pages.items()))
        out.write(
            f"  Страницы: создано {created_pages}" + (f" ({detail})" if detail else "")
        )
        out.write(f"  Учётные записи: создано {self.new_users}")

        out.write(self.style.MIGRATE_HEADING("Итого в базе"))
        for label, value in region_lines(self.region, home, today):
            out.write(f"  {label}: {value}")

        out.write(self.style.MIGRATE_HEADING("Демо-учётные записи"))
        width = max(len(login.username) for login in self.logins)
        for login in self.logins:
            out.write(
                f"  {login.username:<{width}}  {login.role}: {login.scope} "
                f"(вход: {login.start})"
            )
        out.write(f"  Пароль у всех (задаётся при создании записи): {DEMO_PASSWORD}")

        steps = ", ".join(f"{label} {seconds:.1f} с" for label, seconds in self.timings)
        out.write(self.style.SUCCESS(f"Готово за {elapsed:.1f} с ({steps})."))
