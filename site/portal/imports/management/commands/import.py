"""`portal import RESOURCE FILE`: the import pipeline from the command line.

Exit codes: 0 — applied, or a clean dry run; 1 — rows with errors (nothing written
unless --valid-only); 2 — an unusable file or wrong arguments.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.imports.engine import run_import
from portal.imports.jobs import remove_expired_files
from portal.imports.limits import UnusableFile
from portal.imports.readers import read_table
from portal.imports.registry import resources


class Command(BaseCommand):
    help = "Импорт данных из XLSX или CSV: portal import RESOURCE FILE."

    def add_arguments(self, parser):
        parser.add_argument(
            "resource",
            nargs="?",
            help="что загружать: " + ", ".join(sorted(resources())),
        )
        parser.add_argument("file", nargs="?", help="файл XLSX или CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="проверить, ничего не записывая"
        )
        parser.add_argument(
            "--user", help="чьими правами загружать (по умолчанию — без ограничений)"
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="записать правильные строки, даже если в других есть ошибки",
        )
        parser.add_argument("--sheet", help="лист книги XLSX")
        parser.add_argument("--json", action="store_true", help="отчёт в JSON")
        parser.add_argument(
            "--remove-expired-files",
            action="store_true",
            help="удалить загруженные файлы старше срока хранения (для cron)",
        )

    def fail(self, message: str, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        else:
            self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, **options):
        as_json = options["json"]
        if options["remove_expired_files"]:
            removed = remove_expired_files()
            self.stdout.write(f"Удалено файлов с истёкшим сроком хранения: {removed}.")
            return
        if not options["resource"] or not options["file"]:
            self.fail(
                "Укажите вид данных и файл: portal import RESOURCE FILE.", as_json
            )
        known = resources()
        if options["resource"] not in known:
            self.fail(
                f"Неизвестный вид данных «{options['resource']}». Доступны: "
                + ", ".join(sorted(known))
                + ".",
                as_json,
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                self.fail(f"Пользователь «{options['user']}» не найден.", as_json)
        else:
            user = _Everything()
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.fail(f"Не удалось прочитать файл {path}: {exc.strerror}.", as_json)
        try:
            table = read_table(data, path.name, sheet=options["sheet"])
            report = run_import(
                known[options["resource"]](), table, user,
                dry_run=options["dry_run"], valid_only=options["valid_only"],
            )  # fmt: skip
        except UnusableFile as exc:
            self.fail(str(exc), as_json)
        if as_json:
            self.stdout.write(
                json.dumps(report.as_dict(), ensure_ascii=False, default=str)
            )
        else:
            self.print_report(report)
        if report.has_errors:
            sys.exit(1)

    def print_report(self, report) -> None:
        state = (
            "записано"
            if report.applied
            else ("проверка без записи" if report.dry_run else "ничего не записано")
        )
        self.stdout.write(
            f"Строк: {report.rows}; новых: {report.new}, изменённых: {report.updated}, "
            f"без изменений: {report.unchanged}, с ошибками: {report.rejected} — {state}."
        )
        for warning in report.warnings:
            self.stdout.write(f"Внимание: {warning}")
        for error in report.errors:
            self.stdout.write(error.sentence())


class _Everything:
    """The command line without --user: the operator's own, unrestricted rights."""

    is_authenticated = is_active = is_superuser = True
    pk = None
