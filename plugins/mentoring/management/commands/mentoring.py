"""``portal mentoring expire-requests``: pending requests for a pair whose deadline
passed become «истёк срок ответа» (run from cron daily; the views also expire them
when they show requests, so the command only keeps the data tidy between visits).

One command per plugin with sub-actions, as ``portal events remind`` does.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from ...requests import expire_requests


class Command(BaseCommand):
    help = "Наставничество: истечение просроченных запросов (expire-requests)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        expire = sub.add_parser(
            "expire-requests",
            help="Пометить истёкшими запросы на наставничество без ответа в срок.",
        )
        expire.add_argument(
            "--date",
            default=None,
            help="Дата, на которую проверять сроки (ГГГГ-ММ-ДД), по умолчанию сегодня.",
        )

    def handle(self, *args, action, **options):
        on = None
        if options.get("date"):
            try:
                on = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"Неверная дата: {options['date']} (нужно ГГГГ-ММ-ДД)."
                ) from error
        expired = expire_requests(on)
        self.stdout.write(f"Истёкших запросов: {expired}")
